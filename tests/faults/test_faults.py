"""What holds when a worker is killed, Redis goes away or Docker is unreachable."""

import os
import signal
import time

import pytest

from courses.models import ExerciseProgress
from grader import submissions
from grader.models import Submission
from tests.faults.conftest import state_of, wait_for

pytestmark = [pytest.mark.docker, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

HELLO = 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("back again")\n}\n'


def submit_sleepy(client, exercise) -> Submission:
    response = client.post(
        f"/grader/exercises/{exercise.pk}/submit/",
        {f"file:{name}": source for name, source in exercise.solution_files.items()},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 202
    return Submission.objects.order_by("-queued_at").first()


def wait_until_running_the_tests(submission: Submission) -> None:
    wait_for(lambda: state_of(submission) == "running", 60, "the worker to take the submission")
    time.sleep(2.0)  # the build is done, the 3-second test is sleeping


def assert_counted_once(submission: Submission, alice, exercise) -> None:
    submission.refresh_from_db()
    assert submission.status == "ok", submission.result
    # The verdict and the attempt it counts are committed together: no waiting for one.
    progress = ExerciseProgress.objects.get(user=alice, exercise=exercise)
    assert (progress.attempts, progress.failed_attempts) == (1, 0)
    assert progress.passed_at is not None and progress.attempts_to_pass == 1
    # A late duplicate of the message (a redelivery after the visibility timeout) is a no-op.
    submissions.execute_submission(submission.pk)
    progress.refresh_from_db()
    assert progress.attempts == 1
    assert Submission.objects.get(pk=submission.pk).attempts == submission.attempts


def test_a_pool_process_killed_mid_run_is_redelivered_and_counted_once(
    client, alice, sleepy_exercise, make_worker
):
    worker = make_worker()
    client.force_login(alice)
    submission = submit_sleepy(client, sleepy_exercise)
    wait_until_running_the_tests(submission)

    os.kill(worker.pool_child(), signal.SIGKILL)

    # acks_late + reject_on_worker_lost: the main process puts the message back at once.
    wait_for(lambda: state_of(submission) == "done", 90, "the redelivered run to finish")
    assert submission.attempts == 2
    assert_counted_once(submission, alice, sleepy_exercise)


def test_a_worker_killed_with_its_pool_is_recovered_after_a_restart(
    client, alice, sleepy_exercise, make_worker, settings
):
    worker = make_worker()
    client.force_login(alice)
    submission = submit_sleepy(client, sleepy_exercise)
    wait_until_running_the_tests(submission)

    worker.kill_everything()
    assert state_of(submission) == "running"
    make_worker()
    # The unacked message comes back only after Redis' visibility timeout (10 minutes);
    # the beat task re-queues a submission stuck in "running" long before that.
    settings.GRADER_STUCK_AFTER = 0
    assert submissions.recover_submissions() == (0, 1, 0)

    wait_for(lambda: state_of(submission) == "done", 90, "the re-queued run to finish")
    assert submission.attempts == 2
    assert_counted_once(submission, alice, sleepy_exercise)


def test_while_redis_is_down_submissions_are_kept_and_sent_when_it_is_back(
    client, alice, own_redis, make_worker
):
    client.force_login(alice)
    own_redis.stop()

    response = client.post("/grader/run/", {"code": HELLO, "kind": "run"})
    assert response.status_code == 202
    assert "The grading queue is unreachable right now" in response.content.decode()
    submission = Submission.objects.get()
    assert (submission.state, submission.needs_enqueue) == ("queued", True)
    # The learner's page keeps polling and keeps saying why.
    page = client.get(f"/grader/submissions/{submission.public_id}/").content.decode()
    assert "The grading queue is unreachable right now" in page
    assert submissions.recover_submissions() == (0, 0, 0)  # still down: kept, not lost

    own_redis.start()
    make_worker()
    assert submissions.recover_submissions() == (1, 0, 0)
    wait_for(lambda: state_of(submission) == "done", 90, "the kept submission to run")
    submission.refresh_from_db()
    assert submission.status == "ok" and submission.result["stdout"] == "back again\n"
    assert (submission.attempts, submission.needs_enqueue) == (1, False)


def test_while_docker_is_unreachable_runs_wait_clearly_and_run_once_it_is_back(
    client, alice, make_worker, tmp_path
):
    client.force_login(alice)
    # The worker's engine is gone (the shared dockerd itself is never stopped here).
    broken = make_worker(DOCKER_HOST=f"unix://{tmp_path}/no-docker.sock")
    client.post("/grader/run/", {"code": HELLO, "kind": "run"})
    kept = Submission.objects.get()

    def page_says_why() -> bool:
        page = client.get(f"/grader/submissions/{kept.public_id}/").content.decode()
        return "Docker is unreachable" in page and "Your code is saved" in page

    wait_for(page_says_why, 60, "the page to say why the run waits")
    # Kept, not failed: a run that met the dead engine is put back in the queue (the page
    # can say why a moment before that), and runs once a worker with an engine takes it.
    wait_for(lambda: state_of(kept) == "queued", 30, "the run to wait in the queue")
    broken.stop()

    make_worker()
    wait_for(lambda: state_of(kept) == "done", 60, "the kept run to finish")
    kept.refresh_from_db()
    assert kept.status == "ok" and kept.result["stdout"] == "back again\n"
