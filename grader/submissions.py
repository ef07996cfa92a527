"""Accept learners' code, queue it, run it once, and recover what got stuck."""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from courses.exercise_progress import record_test_run
from grader.files import MAX_FILES, MAX_TOTAL_BYTES, SOURCE_FILE_NAME
from grader.models import Submission

logger = logging.getLogger(__name__)

# The web side is stricter than the sandbox on names (no go.mod, no _test.go: those come
# with the exercise) but shares its limits.
MAX_ATTEMPTS = 2


class SubmissionRejected(Exception):
    def __init__(self, message: str, status_code: int = 400):
        self.message = message
        self.status_code = status_code
        super().__init__(message)


def validate_files(files: dict[str, str]) -> None:
    if not files:
        raise SubmissionRejected("There is no code to run.")
    if len(files) > MAX_FILES:
        raise SubmissionRejected(f"At most {MAX_FILES} files can be run at once.")
    for name in files:
        if not SOURCE_FILE_NAME.match(name) or name.endswith("_test.go"):
            raise SubmissionRejected(
                f"“{name}” is not an allowed file name: use letters, digits and _ "
                "with a .go extension."
            )
    size = sum(len(source.encode()) for source in files.values())
    if size > MAX_TOTAL_BYTES:
        raise SubmissionRejected(
            f"The code is {size // 1024} KiB; the limit is {MAX_TOTAL_BYTES // 1024} KiB."
        )


def check_rate_limit(user: AbstractBaseUser) -> None:
    limit = settings.GRADER_RUNS_PER_MINUTE
    since = timezone.now() - timedelta(minutes=1)
    recent = Submission.objects.filter(owner=user, queued_at__gte=since).count()
    if recent >= limit:
        raise SubmissionRejected(
            f"You have run code {recent} times in the last minute (the limit is {limit}). "
            "Take a breath and try again in a few seconds.",
            status_code=429,
        )


def create_submission(
    user: AbstractBaseUser,
    files: dict[str, str],
    kind: str,
    *,
    lesson_id: int | None = None,
    block: int | None = None,
    exercise_id: int | None = None,
) -> Submission:
    validate_files(files)
    check_rate_limit(user)
    submission = Submission.objects.create(
        owner=user,
        files=files,
        kind=kind,
        lesson_id=lesson_id,
        block=block,
        exercise_id=exercise_id,
    )
    # The worker must never see a row that is not committed yet.
    transaction.on_commit(lambda: enqueue(submission))
    return submission


def enqueue(submission: Submission) -> bool:
    """Send the submission to the workers; on a broker outage keep it for a later retry."""
    from grader.tasks import run_submission

    try:
        run_submission.apply_async(args=[submission.pk], retry=False)
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


def execute_submission(submission_id: int) -> None:
    """Run one submission in the sandbox. Safe to call again for the same id."""
    with transaction.atomic():
        submission = Submission.objects.select_for_update().filter(pk=submission_id).first()
        if submission is None or submission.is_done:
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
        published.append(True)

    result = sandbox.run_submission_files(
        submission.files,
        submission.kind,
        hidden_files=_hidden_files(submission),
        on_output=publish,
    )
    if published:
        _add_vet_findings(submission, result)
    else:
        _finish(submission, result)


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
    if submission.kind == Submission.Kind.TEST and submission.exercise_id:
        record_test_run(submission.owner_id, submission.exercise_id, result["status"] == "ok")


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
