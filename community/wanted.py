"""What the community's pull requests say about the course: merges this month and merges
per lesson (a PR names its lessons with `lesson/<slug>` labels). The "contributors
wanted" box (health.wanted) and the course-health dashboard read these.
"""

from collections import Counter
from datetime import datetime

from django.utils import timezone

from community.leaderboard import period_start
from community.models import PullRequest
from community.reputation import lesson_slugs, rejection_of


def merged_this_month(now: datetime | None = None) -> int:
    start = period_start("month", now or timezone.now())
    merged = PullRequest.objects.filter(state=PullRequest.MERGED, merged_at__gte=start)
    return sum(1 for labels in merged.values_list("labels", flat=True) if not rejection_of(labels))


def merged_per_lesson() -> Counter:
    counts: Counter = Counter()
    for labels in PullRequest.objects.filter(state=PullRequest.MERGED).values_list(
        "labels", flat=True
    ):
        if not rejection_of(labels):
            counts.update(set(lesson_slugs(labels)))
    return counts


def _merged_text(count: int) -> str:
    return f"{count} merged pull request{'s' if count != 1 else ''} so far"
