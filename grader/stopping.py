"""Stopping a submission: the learner's Stop button, and a newer Run from the same
editor. A waiting submission is finished on the spot; a running one is marked, and the
worker running it kills its container within ``CHECK_EVERY`` seconds (the mark is in
the database, which every worker host already reads, so no other channel is needed).
"""

import threading
from collections.abc import Callable

from django.db import connection
from django.utils import timezone

from grader.models import Submission
from grader.results import stopped

STOPPED = "stopped"
SUPERSEDED = "superseded"
MESSAGES = {
    STOPPED: stopped().message,  # the sandbox's own word for a run it was told to stop
    SUPERSEDED: "Replaced by your newer run before it started.",
}
CHECK_EVERY = 0.2  # seconds between two looks at a running submission's stop mark


def stopped_result(status: str = STOPPED) -> dict:
    return {"status": status, "message": MESSAGES[status]}


def stop(submission: Submission, status: str = STOPPED) -> None:
    """Stop ``submission`` whatever its state; a finished one is left alone."""
    dropped = Submission.objects.filter(pk=submission.pk, state=Submission.State.QUEUED).update(
        state=Submission.State.DONE,
        status=status,
        result=stopped_result(status),
        finished_at=timezone.now(),
    )
    if not dropped:
        Submission.objects.filter(
            pk=submission.pk, state=Submission.State.RUNNING, stop_requested_at__isnull=True
        ).update(stop_requested_at=timezone.now())


def stop_requested(submission_id: int) -> bool:
    return Submission.objects.filter(pk=submission_id, stop_requested_at__isnull=False).exists()


class StopWatch:
    """While a worker runs a submission, looks for its stop mark in a thread of its own
    and calls ``on_stop`` once when it appears."""

    def __init__(self, submission_id: int, on_stop: Callable[[], None]):
        self.submission_id = submission_id
        self.on_stop = on_stop
        self.requested = False
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="stop-watch", daemon=True)

    def __enter__(self) -> "StopWatch":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._done.set()
        self._thread.join()

    def _watch(self) -> None:
        try:
            while not self._done.wait(CHECK_EVERY):
                if stop_requested(self.submission_id):
                    self.requested = True
                    self.on_stop()
                    return
        finally:
            connection.close()  # this thread's own connection
