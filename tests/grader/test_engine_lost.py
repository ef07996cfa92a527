"""A worker whose Docker engine does not answer puts the submission back in the queue,
uncounted, for another worker, and stops taking code until its engine answers
(grader.submissions, grader.engine_watch). The real thing, with two engines and two
workers: tests/faults/test_two_machines.py."""

import pytest

from grader import queues, sandbox, submissions
from grader.engine_watch import EngineWatch
from grader.models import Submission

pytestmark = pytest.mark.django_db

HELLO = 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hi") }\n'
UNREACHABLE = {
    "status": "sandbox_error",
    "message": "The code runner is unavailable right now (Docker is unreachable).",
}
OK = {"status": "ok", "message": "", "stdout": "hi\n"}


@pytest.fixture
def sent(monkeypatch) -> list[int]:
    """What reaches the queue, sent at once."""
    sent: list[int] = []

    def enqueue(submission: Submission) -> bool:
        Submission.objects.filter(pk=submission.pk).update(needs_enqueue=False)
        sent.append(submission.pk)
        return True

    monkeypatch.setattr(submissions, "enqueue", enqueue)
    return sent


def worker_sees(monkeypatch, result: dict, engine_answers: bool) -> None:
    monkeypatch.setattr(sandbox, "run_submission_files", lambda *args, **kwargs: dict(result))
    monkeypatch.setattr(sandbox, "engine_answers", lambda: engine_answers)


def test_a_run_without_an_engine_goes_back_to_the_queue_uncounted(
    alice, monkeypatch, sent, settings
):
    submission = Submission.objects.create(owner=alice, files={"main.go": HELLO})
    worker_sees(monkeypatch, UNREACHABLE, engine_answers=False)
    lost = []

    submissions.execute_submission(submission.pk, on_engine_lost=lambda: lost.append(True))

    submission.refresh_from_db()
    assert (submission.state, submission.status, submission.attempts) == ("queued", "", 0)
    assert submission.started_at is None and not submission.needs_enqueue
    assert lost == [True] and sent == [submission.pk]
    # Waiting for an engine is not being stuck: recovery leaves it alone.
    settings.GRADER_STUCK_AFTER = 0
    assert submissions.recover_submissions() == (0, 0, 0)

    worker_sees(monkeypatch, OK, engine_answers=True)
    submissions.execute_submission(submission.pk)
    submission.refresh_from_db()
    assert (submission.state, submission.status, submission.attempts) == ("done", "ok", 1)


def test_a_sandbox_error_while_the_engine_answers_is_still_the_verdict(alice, monkeypatch, sent):
    submission = Submission.objects.create(owner=alice, files={"main.go": HELLO})
    worker_sees(monkeypatch, {"status": "sandbox_error", "message": "no image"}, True)

    submissions.execute_submission(submission.pk, on_engine_lost=pytest.fail)

    submission.refresh_from_db()
    assert (submission.state, submission.status, submission.attempts) == (
        "done",
        "sandbox_error",
        1,
    )
    assert sent == []


def test_a_submission_recovery_took_back_meanwhile_is_not_put_back_twice(alice, monkeypatch, sent):
    submission = Submission.objects.create(owner=alice, files={"main.go": HELLO})

    def run_while_recovery_requeues(*args, **kwargs) -> dict:
        Submission.objects.filter(pk=submission.pk).update(state="queued")
        return dict(UNREACHABLE)

    monkeypatch.setattr(sandbox, "run_submission_files", run_while_recovery_requeues)
    monkeypatch.setattr(sandbox, "engine_answers", lambda: False)
    submissions.execute_submission(submission.pk)

    submission.refresh_from_db()
    assert (submission.state, submission.attempts) == ("queued", 1)  # recovery's count
    assert sent == []


class FakeConsumer:
    def __init__(self, consuming: set[str]):
        self.consuming = consuming
        self.task_consumer = self

    def consuming_from(self, queue: str) -> bool:
        return queue in self.consuming

    def add_task_queue(self, queue: str) -> None:
        self.consuming.add(queue)

    def cancel_task_queue(self, queue: str) -> None:
        self.consuming.discard(queue)


def test_the_watch_stops_and_resumes_only_the_queues_that_run_code():
    consumer = FakeConsumer(set(queues.ALL))
    watch = EngineWatch(consumer)
    watch.queues, watch.started = [queues.INTERACTIVE, queues.GRADED], True

    watch._consume(consumer, answers=False)
    assert consumer.consuming == {queues.MAINTENANCE}
    watch._consume(consumer, answers=True)
    assert consumer.consuming == set(queues.ALL)

    watch.stop(consumer)  # the consumer shuts down or reconnects: hands off
    consumer.consuming.clear()
    watch._consume(consumer, answers=True)
    assert consumer.consuming == set()
