"""A Docker engine that stops and comes back. The engine is a private dockerd of this
test (own socket, data and exec roots), loaded with the sandbox image from the shared
engine, so that the shared one is never stopped."""

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from grader.models import Submission
from tests.faults.conftest import ROOT, state_of, wait_for

pytestmark = [pytest.mark.docker, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

HELLO = 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("engine is back")\n}\n'
# Kept between runs: loading the 400 MB image into a fresh data root takes a while.
STATE = ROOT / "var" / "faults-dockerd"
# containerd's socket paths must stay short, so the exec root lives in /run.
EXEC_ROOT = Path("/run/gocourse-faults-dockerd")


class PrivateDockerd:
    def __init__(self) -> None:
        self.socket = STATE / "docker.sock"
        self.host = f"unix://{self.socket}"
        self.process: subprocess.Popen | None = None

    def docker(self, *args: str, **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run(["docker", "-H", self.host, *args], **kwargs)

    def answers(self) -> bool:
        return self.docker("version", capture_output=True).returncode == 0

    def start(self) -> None:
        STATE.mkdir(parents=True, exist_ok=True)
        log = open(STATE / "dockerd.log", "ab")  # noqa: SIM115 - kept open by the daemon
        self.process = subprocess.Popen(
            ["dockerd", "--host", self.host, "--data-root", str(STATE / "data"),
             "--exec-root", str(EXEC_ROOT), "--pidfile", str(STATE / "dockerd.pid"),
             "--bridge=none", "--iptables=false", "--ip-forward=false", "--ip-masq=false"],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        for _ in range(120):
            if self.answers():
                return
            time.sleep(0.5)
        raise RuntimeError("the private dockerd did not start; see var/faults-dockerd/dockerd.log")

    def stop(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=60)
            self.process = None

    def load_sandbox_image(self, image: str) -> None:
        shared = subprocess.run(
            ["docker", "image", "inspect", "-f", "{{.Id}}", image], capture_output=True, text=True
        ).stdout.strip()
        mine = self.docker(
            "image", "inspect", "-f", "{{.Id}}", image, capture_output=True, text=True
        ).stdout.strip()
        if shared and shared == mine:
            return
        save = subprocess.Popen(["docker", "save", image], stdout=subprocess.PIPE)
        self.docker("load", "-q", stdin=save.stdout, check=True, capture_output=True)
        save.wait(timeout=300)


@pytest.fixture
def private_dockerd(settings):
    engine = PrivateDockerd()
    engine.start()
    try:
        engine.load_sandbox_image(settings.SANDBOX_IMAGE)
        yield engine
    finally:
        engine.stop()


def run_hello(client) -> Submission:
    before = set(Submission.objects.values_list("pk", flat=True))
    client.post("/grader/run/", {"code": HELLO + f"// {time.monotonic_ns()}\n", "kind": "run"})
    submission = Submission.objects.exclude(pk__in=before).get()
    wait_for(lambda: state_of(submission) == "done", 90, "the run to finish")
    submission.refresh_from_db()
    return submission


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
