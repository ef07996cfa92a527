"""A Docker engine that stops and comes back: a private dockerd (tests/faults/engine.py),
so that the shared one is never stopped."""

import os
import time

import pytest

from grader.models import Submission
from tests.faults.conftest import run_code

pytestmark = [pytest.mark.docker, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

HELLO = 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("engine is back")\n}\n'


def run_hello(client) -> Submission:
    return run_code(client, HELLO + f"// {time.monotonic_ns()}\n")


def test_while_dockerd_is_stopped_runs_fail_clearly_and_work_again_after_a_restart(
    client, alice, make_worker, private_dockerd
):
    client.force_login(alice)
    make_worker(DOCKER_HOST=private_dockerd.host, SANDBOX_POOL_SIZE="0")
    assert run_hello(client).status == "ok"

    private_dockerd.stop()
    down = run_hello(client)
    assert down.status == "sandbox_error"
    assert "Docker is unreachable" in down.result["message"]
    page = client.get(f"/grader/submissions/{down.public_id}/").content.decode()
    assert "Docker is unreachable" in page

    private_dockerd.start()
    back = run_hello(client)
    assert back.status == "ok", back.result
    assert back.result["stdout"] == "engine is back\n"
    assert os.path.exists(private_dockerd.socket)
