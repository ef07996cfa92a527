"""Accept learners' code, queue it, run it once, and recover what got stuck."""

import logging
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from courses.exercise_progress import record_test_run
from grader import admission, mutants, queues, stopping
from grader.models import Submission
from grader.results import Status
from grader.run_options import PLAIN, RunOptions

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 2


def create_submission(
    user: AbstractBaseUser,
    files: dict[str, str],
    kind: str,
    *,
    lesson_id: int | None = None,
    block: int | None = None,
    exercise_id: int | None = None,
    writes_tests: bool = False,
    options: RunOptions = PLAIN,
) -> Submission:
    """`writes_tests`: the exercise has the learner write the tests (`kind: tests`).
    `options`: the race detector, the virtual clock (grader.run_options)."""
    admission.validate_files(files, tests=writes_tests)
    with transaction.atomic():
        admission.lock_learner(user)
        admission.check_rate_limit(user)
        replaced = admission.make_room(user, kind, (lesson_id, block, exercise_id))
        for earlier in replaced:
            stopping.stop(earlier, stopping.SUPERSEDED)
        submission = Submission.objects.create(
            owner=user,
            files=files,
            kind=kind,
            lesson_id=lesson_id,
            block=block,
            exercise_id=exercise_id,
            options=options.to_dict(),
        )
        # The worker must never see a row that is not committed yet.
        transaction.on_commit(lambda: enqueue(submission))
    return submission


def enqueue(submission: Submission) -> bool:
    """Send the submission to the workers; on a broker outage keep it for a later retry."""
    from grader.tasks import run_submission

    try:
        run_submission.apply_async(
            args=[submission.pk], queue=queues.queue_for(submission.kind), retry=False
        )
    except Exception as exc:  # kombu and redis raise several types for "cannot connect"
        logger.warning("could not enqueue submission %s: %s", submission.public_id, exc)
        Submission.objects.filter(pk=submission.pk).update(needs_enqueue=True)
        submission.needs_enqueue = True
        return False
    if submission.needs_enqueue:
        Submission.objects.filter(pk=submission.pk).update(needs_enqueue=False)
        submission.needs_enqueue = False
    return True


def retry_enqueue(submission: Submission) -> None:
    if submission.needs_enqueue and submission.state == Submission.State.QUEUED:
        enqueue(submission)


def execute_submission(
    submission_id: int, on_engine_lost: Callable[[], None] | None = None
) -> None:
    """Run one submission in the sandbox. Safe to call again for the same id.

    When this worker's Docker engine does not answer, the submission goes back to the
    queue for another worker, uncounted, after `on_engine_lost()` (the task stops its
    worker consuming there, so that it does not take the submission again).
    """
    with transaction.atomic():
        submission = Submission.objects.select_for_update().filter(pk=submission_id).first()
        if submission is None or submission.is_done:
            return
        if submission.stop_requested_at is not None:
            _finish(submission, stopping.stopped_result())
            return
        submission.state = Submission.State.RUNNING
        submission.started_at = timezone.now()
        submission.attempts += 1
        submission.save(update_fields=["state", "started_at", "attempts"])

    from grader import sandbox

    published = []

    def publish(early: dict) -> None:
        # The learner sees the program's output while go vet still runs.
        _finish(submission, early)
        published.append(early)

    def vet_answered(final: dict) -> None:
        # In a thread of its own, after the task has returned (the worker is free).
        try:
            _add_vet_findings(submission, final)
        finally:
            connection.close()

    cancel = sandbox.Cancel()
    if _grades_tests(submission):
        with stopping.StopWatch(submission.pk, on_stop=cancel.cancel):
            result = mutants.grade_tests(
                submission.files,
                submission.exercise.implementation_files,
                submission.exercise.mutants,
                submission.exercise.rewrites,
                limits=submission.exercise.limits,
                cancel=cancel,
            )
        if _engine_lost(result):
            if on_engine_lost is not None:
                on_engine_lost()
            _put_back(submission)
            return
        _finish(submission, result)
        return
    with stopping.StopWatch(submission.pk, on_stop=cancel.cancel):
        result = sandbox.run_submission_files(
            submission.files,
            submission.kind,
            hidden_files=_hidden_files(submission),
            limits=submission.exercise.limits if submission.exercise_id else None,
            on_output=publish,
            cancel=cancel,
            vet_later=vet_answered,
            options=submission.options,
        )
    if not published and _engine_lost(result):
        if on_engine_lost is not None:
            on_engine_lost()
        _put_back(submission)
        return
    if not published:
        _finish(submission, result)
    elif cancel.cancelled:
        # Stopped while go vet ran: the program's result stands, without findings.
        _add_vet_findings(submission, {**published[0], "vet_pending": False})
    elif not result.get("vet_pending"):
        _add_vet_findings(submission, result)


def _engine_lost(result: dict) -> bool:
    """A sandbox error while this worker's Docker engine does not answer: the engine's
    fault, not the code's."""
    from grader import sandbox

    return result["status"] == "sandbox_error" and not sandbox.engine_answers()


def _put_back(submission: Submission) -> None:
    """Queue a submission again as if it had never started, and send it to the workers."""
    # Marked unsent first: if this worker dies before the send, recovery sends it. Only
    # this worker's own start is undone (recovery may have re-queued it meanwhile).
    put_back = Submission.objects.filter(
        pk=submission.pk, state=Submission.State.RUNNING, started_at=submission.started_at
    ).update(
        state=Submission.State.QUEUED,
        started_at=None,
        attempts=F("attempts") - 1,
        needs_enqueue=True,
    )
    if not put_back:
        return
    logger.warning(
        "submission %s goes back to the queue: this worker's Docker engine does not answer",
        submission.public_id,
    )
    submission.needs_enqueue = True  # enqueue() clears it once sent
    enqueue(submission)


def _grades_tests(submission: Submission) -> bool:
    """The learner wrote the tests: they run against the implementation and its mutants."""
    return (
        submission.kind == Submission.Kind.TEST
        and submission.exercise is not None
        and submission.exercise.kind == "tests"
    )


def _hidden_files(submission: Submission) -> dict[str, str]:
    if submission.kind != Submission.Kind.TEST or submission.exercise is None:
        return {}
    return submission.exercise.test_files


@transaction.atomic
def _finish(submission: Submission, result: dict) -> None:
    # The verdict and the exercise attempt it counts are written together: a worker that
    # dies in between must not leave a finished submission whose attempt was never counted.
    timings = result.get("timings") or {}
    updated = (
        Submission.objects.filter(pk=submission.pk)
        .exclude(state=Submission.State.DONE)
        .update(
            state=Submission.State.DONE,
            status=result["status"],
            result=result,
            finished_at=timezone.now(),
            compile_ms=timings.get("compile_ms"),
            run_ms=timings.get("run_ms"),
        )
    )
    if not updated:
        logger.info("submission %s was already finished", submission.public_id)
        return
    # A stopped run or a sandbox failure judged nothing: it is no attempt at all.
    judged = result["status"] not in (Status.STOPPED, Status.SANDBOX_ERROR, stopping.SUPERSEDED)
    if submission.kind == Submission.Kind.TEST and submission.exercise_id and judged:
        record_test_run(
            submission.owner_id,
            submission.exercise_id,
            passed=result["status"] == Status.OK,
            compiled=bool(result.get("compiled")),
        )


def _add_vet_findings(submission: Submission, result: dict) -> None:
    """Replace a result published while go vet ran by the complete one (same verdict)."""
    Submission.objects.filter(
        pk=submission.pk, state=Submission.State.DONE, result__vet_pending=True
    ).update(result=result)


def recover_submissions() -> tuple[int, int, int]:
    """Re-send what the queue never got; re-queue once, then fail, what got stuck.

    Returns (resent, requeued, failed).
    """
    resent = 0
    for submission in Submission.objects.filter(needs_enqueue=True, state=Submission.State.QUEUED)[
        :100
    ]:
        resent += enqueue(submission)
    stuck_before = timezone.now() - timedelta(seconds=settings.GRADER_STUCK_AFTER)
    requeued = failed = 0
    stuck = Submission.objects.filter(state=Submission.State.RUNNING, started_at__lt=stuck_before)
    for submission in stuck:
        if submission.attempts < MAX_ATTEMPTS:
            Submission.objects.filter(pk=submission.pk).update(state=Submission.State.QUEUED)
            enqueue(submission)
            requeued += 1
        else:
            _finish(
                submission,
                {
                    "status": "sandbox_error",
                    "message": "Your code could not be run: the grading worker stopped "
                    "twice while running it. Please try again.",
                },
            )
            failed += 1
    return resent, requeued, failed
