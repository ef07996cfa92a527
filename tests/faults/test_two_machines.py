"""Grading on several machines: Celery workers on two "hosts" share one Redis, each with
its own Docker engine (private engines, tests/faults/engine.py). A worker whose engine
dies puts back what it took and stops taking runs; nothing is lost, and no learner sees
the outage as an error."""

import time
import uuid

import pytest
from django.contrib.auth.models import User
from django.test import Client

from grader import submissions
from grader.models import Submission
from tests.faults.conftest import run_code, state_of, wait_for
from tests.faults.engine import PrivateDockerd

pytestmark = [pytest.mark.docker, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

LEARNERS = 12


def hello(greeting: str) -> str:
    # Unique sources: a cached verdict would skip the run.
    return (
        f'package main\n\nimport "fmt"\n\nfunc main() {{\n\tfmt.Println("{greeting}")\n}}\n'
        f"// {uuid.uuid4().hex}\n"
    )


@pytest.fixture
def learners(db) -> list[Client]:
    clients = []
    for number in range(LEARNERS):
        client = Client()
        client.force_login(User.objects.create_user(f"learner{number}"))
        clients.append(client)
    return clients


def send_burst(clients: list[Client], burst: str) -> list[Submission]:
    """One Run from each learner; the submissions, in the learners' order."""
    sent = []
    for number, client in enumerate(clients):
        response = client.post("/grader/run/", {"code": hello(f"{burst} {number}"), "kind": "run"})
        assert response.status_code == 202
        sent.append(Submission.objects.order_by("-pk").first())
    return sent


def assert_all_ran(sent: list[Submission], burst: str) -> None:
    wait_for(lambda: all(state_of(s) == "done" for s in sent), 150, f"the {burst} burst")
    for number, submission in enumerate(sent):
        assert submission.status == "ok", submission.result
        assert submission.result["stdout"] == f"{burst} {number}\n"
        assert submission.attempts == 1  # a put-back run is not counted


def containers_created(engine: PrivateDockerd, since: float, until: float) -> int:
    events = engine.docker(
        "events", "--since", f"{since:.3f}", "--until", f"{until:.3f}",
        "--filter", "type=container", "--filter", "event=create", "--format", "{{.ID}}",
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return len(events.stdout.split())


def test_two_machines_share_the_runs_and_one_whose_engine_dies_loses_none(
    learners, make_private_dockerd, make_worker
):
    engine_a, engine_b = make_private_dockerd(), make_private_dockerd("b")
    worker_a = make_worker("a", DOCKER_HOST=engine_a.host, SANDBOX_POOL_SIZE="0")
    # b's next ping is ten minutes away: it learns of its engine's death from the runs it
    # takes, which must go back to the queue for a.
    worker_b = make_worker(
        "b", DOCKER_HOST=engine_b.host, SANDBOX_POOL_SIZE="0", GRADER_ENGINE_CHECK_SECONDS="600"
    )
    worker_a.wait_ready()
    worker_b.wait_ready()

    since = time.time()
    first = send_burst(learners, "first")
    assert_all_ran(first, "first")
    until = time.time() + 1
    assert containers_created(engine_a, since, until) > 0
    assert containers_created(engine_b, since, until) > 0

    engine_b.stop()
    second = send_burst(learners, "second")
    assert_all_ran(second, "second")
    assert not Submission.objects.filter(status="sandbox_error").exists()
    log_b = worker_b.log()
    assert "goes back to the queue: this worker's Docker engine does not answer" in log_b
    assert "Canceling queue interactive" in log_b  # and took no more


def test_while_every_engine_is_down_runs_wait_in_the_queue_until_one_answers(
    client, alice, make_private_dockerd, make_worker, settings
):
    engine = make_private_dockerd()
    worker = make_worker(
        "solo", DOCKER_HOST=engine.host, SANDBOX_POOL_SIZE="0", GRADER_ENGINE_CHECK_SECONDS="1"
    )
    client.force_login(alice)
    assert run_code(client, hello("before")).status == "ok"

    engine.stop()
    wait_for(lambda: "Docker engine unreachable" in worker.log(), 30, "the worker to notice")
    assert client.post("/grader/run/", {"code": hello("kept"), "kind": "run"}).status_code == 202
    waiting = Submission.objects.order_by("-pk").first()
    time.sleep(3)
    assert (state_of(waiting), waiting.attempts, waiting.needs_enqueue) == ("queued", 0, False)
    page = client.get(f"/grader/submissions/{waiting.public_id}/").content.decode()
    assert "Docker is unreachable" in page and "Your code is saved" in page
    data = client.get(f"/grader/submissions/{waiting.public_id}.json").json()
    assert data["runners_down"] is True and data["state"] == "queued"
    # Waiting for an engine is not being stuck: recovery leaves it in the queue.
    settings.GRADER_STUCK_AFTER = 0
    assert submissions.recover_submissions() == (0, 0, 0)
    assert state_of(waiting) == "queued"

    engine.start()
    wait_for(lambda: state_of(waiting) == "done", 60, "the kept run to finish")
    assert waiting.status == "ok", waiting.result
    assert waiting.result["stdout"] == "kept\n"
    assert waiting.attempts == 1
    assert "Docker engine answers again" in worker.log()
