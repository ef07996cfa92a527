"""Leaderboards: sums of the points ledger over a UTC period, overall or for one kind."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db.models import Count, Q, Sum

from community.models import KINDS, Contributor, PointEvent

PERIODS = {"all": "All time", "year": "This year", "month": "This month", "week": "This week"}


def period_start(period: str, now: datetime) -> datetime | None:
    """Start of the period containing `now`, in UTC; weeks start on Monday."""
    now = now.astimezone(UTC)
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    if period == "year":
        return midnight.replace(month=1, day=1)
    if period == "month":
        return midnight.replace(day=1)
    if period == "week":
        return midnight - timedelta(days=midnight.weekday())
    if period == "all":
        return None
    raise ValueError(f"unknown period {period!r}")


def period_end(period: str, start: datetime | None) -> datetime | None:
    if start is None:
        return None
    if period == "week":
        return start + timedelta(days=7)
    if period == "month":
        return start.replace(year=start.year + start.month // 12, month=start.month % 12 + 1)
    return start.replace(year=start.year + 1)


@dataclass
class Row:
    rank: int
    contributor: Contributor
    points: int
    merged: int


def leaderboard(period: str, kind: str | None, now: datetime, limit: int = 50) -> list[Row]:
    if kind is not None and kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    start = period_start(period, now)
    events = PointEvent.objects.between(start, period_end(period, start))
    if kind:
        events = events.filter(kind=kind)
    totals = (
        events.values("contributor_id")
        .annotate(
            total=Sum("points"),
            merged=Count(
                "pull_request", filter=Q(rule=PointEvent.MERGE, points__gt=0), distinct=True
            ),
        )
        .filter(total__gt=0)
        .order_by("-total", "contributor__login")[:limit]
    )
    contributors = Contributor.objects.in_bulk([row["contributor_id"] for row in totals])
    rows: list[Row] = []
    for position, row in enumerate(totals, start=1):
        # Equal points share a rank (1, 1, 3).
        rank = rows[-1].rank if rows and rows[-1].points == row["total"] else position
        rows.append(Row(rank, contributors[row["contributor_id"]], row["total"], row["merged"]))
    return rows


def rank_of(contributor: Contributor) -> int | None:
    if contributor.points <= 0:
        return None
    return Contributor.objects.filter(points__gt=contributor.points).count() + 1
