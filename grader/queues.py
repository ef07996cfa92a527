"""The Celery queues learners' code waits in, and where a waiting submission stands.

Interactive Runs and Formats, graded Submits and the maintenance jobs (recovery of
stuck submissions) each have their own queue, so a burst of one never waits behind the
other. A worker started without ``-Q`` consumes all three, taking from each in turn; a
host can also be given one queue only (``celery worker -Q interactive``).
"""

from dataclasses import dataclass
from datetime import timedelta
from statistics import median

from django.db.models import DurationField, ExpressionWrapper, F
from django.utils import timezone

from grader.models import Submission

INTERACTIVE = "interactive"
GRADED = "graded"
MAINTENANCE = "maintenance"
ALL = (INTERACTIVE, GRADED, MAINTENANCE)

# Typical time a submission holds a worker slot, until there are recent ones to go by.
DEFAULT_SERVICE_SECONDS = {INTERACTIVE: 1.0, GRADED: 2.0}
RECENT = 30  # finished submissions the typical time is taken from
RECENT_WINDOW = timedelta(minutes=10)


def queue_for(kind: str) -> str:
    return GRADED if kind == Submission.Kind.TEST else INTERACTIVE


def kinds_of(queue: str) -> list[str]:
    return [kind for kind in Submission.Kind.values if queue_for(kind) == queue]


@dataclass(frozen=True)
class Place:
    position: int  # 1 for the next to start
    estimate_seconds: int  # until it starts, roughly


def place_in_queue(submission: Submission) -> Place:
    """Where a waiting submission stands: the waiting ones of its queue ahead of it, and a
    rough wait from how long recent ones took and how many run side by side now."""
    queue = queue_for(submission.kind)
    same_queue = Submission.objects.filter(kind__in=kinds_of(queue))
    ahead = same_queue.filter(
        state=Submission.State.QUEUED, needs_enqueue=False, queued_at__lt=submission.queued_at
    ).count()
    running = same_queue.filter(state=Submission.State.RUNNING).count()
    wait = (ahead + 1) * service_seconds(queue) / max(running, 1)
    return Place(position=ahead + 1, estimate_seconds=max(1, round(wait)))


def service_seconds(queue: str) -> float:
    since = timezone.now() - RECENT_WINDOW
    durations = (
        Submission.objects.filter(
            kind__in=kinds_of(queue),
            state=Submission.State.DONE,
            started_at__isnull=False,
            finished_at__gte=since,
        )
        .order_by("-finished_at")
        .annotate(
            took=ExpressionWrapper(F("finished_at") - F("started_at"), output_field=DurationField())
        )
        .values_list("took", flat=True)[:RECENT]
    )
    seconds = [took.total_seconds() for took in durations if took is not None]
    return median(seconds) if seconds else DEFAULT_SERVICE_SECONDS[queue]
