"""Holding a poll open until a submission changes, so a learner sees the result the
moment it is stored rather than at the next tick of a fixed polling interval.

Each waiting request holds a web thread, so a process waits for at most
GRADER_WAIT_SLOTS requests at a time; past that, requests answer at once and the page
falls back to polling every 300 ms. Keep it below the threads of a web process (gunicorn
--threads, 4 in deploy/entrypoint.sh); 0 turns waiting off, as a server with one thread
per process (gunicorn's sync workers) needs.
"""

import threading
import time

from django.conf import settings

from grader.models import Submission

MAX_WAIT_SECONDS = 2.0
CHECK_EVERY = 0.025  # seconds between two reads of the submission's row

_slots = threading.BoundedSemaphore(max(0, settings.GRADER_WAIT_SLOTS))


def _progress(submission: Submission) -> tuple:
    return (submission.state, submission.awaits_vet, submission.needs_enqueue)


def wait_for_change(submission: Submission, seconds: float) -> bool:
    """Re-read `submission` until it changes (or is finished) or `seconds` pass.

    Returns False when no slot was free and nothing was waited for."""
    seconds = min(max(seconds, 0.0), MAX_WAIT_SECONDS)
    if seconds == 0 or not submission.still_changing:
        return True
    if not _slots.acquire(blocking=False):
        return False
    try:
        before = _progress(submission)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            time.sleep(CHECK_EVERY)
            submission.refresh_from_db()
            if _progress(submission) != before:
                break
        return True
    finally:
        _slots.release()


def requested_wait(value: str | None) -> float:
    """The `wait` query parameter, in seconds (0 when absent or not a number)."""
    try:
        return float(value or 0)
    except ValueError:
        return 0.0
