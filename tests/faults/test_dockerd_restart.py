"""A Docker engine that stops and comes back: a private dockerd (tests/faults/engine.py),
so that the shared one is never stopped."""

import os
import time

import pytest

from grader.models import Submission
from tests.faults.conftest import run_code, state_of, wait_for

pytestmark = [pytest.mark.docker, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

HELLO = 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("engine is back")\n}\n'


def run_hello(client) -> Submission:
    return run_code(client, HELLO + f"// {time.monotonic_ns()}\n")


def test_while_dockerd_is_stopped_runs_wait_clearly_and_run_after_a_restart(
    client, alice, make_worker, private_dockerd
):
    client.force_login(alice)
    make_worker(DOCKER_HOST=private_dockerd.host, SANDBOX_POOL_SIZE="0")
    assert run_hello(client).status == "ok"

    private_dockerd.stop()
    client.post("/grader/run/", {"code": HELLO + f"// {time.monotonic_ns()}\n", "kind": "run"})
    kept = Submission.objects.latest("queued_at")

    def page_says_why() -> bool:
        page = client.get(f"/grader/submissions/{kept.public_id}/").content.decode()
        return "Docker is unreachable" in page and "Your code is saved" in page

    wait_for(page_says_why, 60, "the page to say why the run waits")
    kept.refresh_from_db()
    assert kept.state == "queued" and kept.attempts == 0

    private_dockerd.start()
    wait_for(lambda: state_of(kept) == "done", 90, "the kept run to finish after the restart")
    kept.refresh_from_db()
    assert kept.status == "ok", kept.result
    assert kept.result["stdout"] == "engine is back\n"
    assert os.path.exists(private_dockerd.socket)
