"""Who may start what: the per-learner limits that keep one learner's clicks (or flood)
from filling the queue in front of everyone else.

A learner has at most one submission in flight (waiting or running) per lane:
interactive (Run, Format) and graded (Submit), so one learner never holds more than one
worker slot per lane. A new Run from the same editor replaces the one in flight, as
people expect of a Run button: a waiting one is dropped, a running one stopped. A new
Submit while one is graded, or a click from another editor while one is in flight, is
refused with a message. Runs per minute are capped too.

Every check happens inside the transaction that stores the new submission, with the
learner's row locked (PostgreSQL) or the database's write lock taken at BEGIN (SQLite,
``transaction_mode`` IMMEDIATE), so parallel clicks cannot both pass a count.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from grader.files import FILE_NAME_RULE, MAX_FILES, MAX_TOTAL_BYTES, SOURCE_FILE_NAME
from grader.models import Submission

INTERACTIVE = (Submission.Kind.RUN, Submission.Kind.FORMAT)
GRADED = (Submission.Kind.TEST,)


class SubmissionRejected(Exception):
    def __init__(self, message: str, status_code: int = 400):
        self.message = message
        self.status_code = status_code
        super().__init__(message)


# The web side is stricter than the sandbox on names (no go.mod, no _test.go: those come
# with the exercise) but shares its limits.
def validate_files(files: dict[str, str], *, tests: bool = False) -> None:
    """`tests`: the exercise has the learner write the tests, so *_test.go names are theirs."""
    if not files:
        raise SubmissionRejected("There is no code to run.")
    if len(files) > MAX_FILES:
        raise SubmissionRejected(f"At most {MAX_FILES} files can be run at once.")
    for name in files:
        if not SOURCE_FILE_NAME.match(name) or name.endswith("_test.go") != tests:
            raise SubmissionRejected(f"“{name}” is not an allowed file name: use {FILE_NAME_RULE}.")
    size = sum(len(source.encode()) for source in files.values())
    if size > MAX_TOTAL_BYTES:
        raise SubmissionRejected(
            f"The code is {size // 1024} KiB; the limit is {MAX_TOTAL_BYTES // 1024} KiB."
        )


def lane(kind: str) -> tuple[str, ...]:
    return GRADED if kind in GRADED else INTERACTIVE


def editor_of(submission: Submission) -> tuple:
    return (submission.lesson_id, submission.block, submission.exercise_id)


def lock_learner(user: AbstractBaseUser) -> None:
    """Serialise this learner's admissions until the transaction ends."""
    get_user_model().objects.select_for_update().filter(pk=user.pk).exists()


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


def make_room(user: AbstractBaseUser, kind: str, editor: tuple) -> list[Submission]:
    """Clear the learner's lane for a new submission from ``editor`` (lesson, block,
    exercise), or refuse. Returns what is in flight there, for the caller to stop once
    the new submission is stored."""
    in_flight = list(
        Submission.objects.filter(owner=user, kind__in=lane(kind), stop_requested_at__isnull=True)
        .exclude(state=Submission.State.DONE)
        .only("pk", "state", "lesson_id", "block", "exercise_id")
    )
    if any(editor_of(each) != editor for each in in_flight):
        raise SubmissionRejected(
            "You already have code running in another editor. Wait for its result, or "
            "stop it, then try again.",
            status_code=429,
        )
    if kind in GRADED and any(each.state == Submission.State.RUNNING for each in in_flight):
        raise SubmissionRejected(
            "Your previous submission is still being graded: its result comes in a moment.",
            status_code=429,
        )
    return in_flight
