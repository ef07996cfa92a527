"""The rules for points and badges: the one place that computes them.

Points are only ever appended to the ledger (PointEvent). For each pull request the rules
say what every contributor *should* hold for it (`targets`); `settle` appends the
difference from what the ledger holds, with a reason. Labels changed after the merge, a
spam label, a new review or a dismissed one therefore each add correcting entries, and
settling twice adds nothing. Totals and badges are derived from the ledger
(`refresh_contributor`).
"""

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from community.models import KINDS, SIZES, Badge, Contributor, PointEvent, PullRequest, Review
from community.webhook import PullRequestSnapshot, ReviewSnapshot

# Exercism's scale for merged pull requests.
MERGE_POINTS = {"tiny": 3, "small": 5, "medium": 12, "large": 30, "massive": 100}
# A review is worth about a tenth of the work reviewed, at least 1.
REVIEW_POINTS = {"tiny": 1, "small": 2, "medium": 3, "large": 5, "massive": 10}
DEFAULT_SIZE, DEFAULT_KIND = "medium", "code"
REJECTING_LABELS = ("spam", "invalid")
# A bare comment is easy to farm; a review that approves or asks for changes is work.
COUNTED_REVIEW_STATES = {"approved", "changes_requested"}
# A maintainer dismisses a review that was not real work: its points go.
DISMISSED = "dismissed"
LESSON_LABEL_PREFIX = "lesson/"

BADGES = {
    "first-pr": ("First merged pull request", "A first contribution made it into the course."),
    "merged-5": ("5 merged", "Five pull requests merged."),
    "merged-25": ("25 merged", "Twenty-five pull requests merged."),
    "lesson-author": ("Lesson author", "Wrote or rewrote a lesson."),
    "exercise-author": ("Exercise author", "Wrote a graded exercise."),
    "reviewer": ("Reviewer", "Reviewed 3 merged pull requests of others."),
    "streak-3": ("Three months in a row", "Merged work in three consecutive months."),
}
REVIEWER_BADGE_REVIEWS = 3


def size_of(labels: list[str]) -> str:
    """`size/<size>`; with several, the smallest counts; without one, medium."""
    sizes = [label.removeprefix("size/") for label in labels if label.startswith("size/")]
    known = [size for size in SIZES if size in sizes]
    return known[0] if known else DEFAULT_SIZE


def kind_of(labels: list[str]) -> str:
    known = [kind for kind in KINDS if kind in labels]
    return known[0] if known else DEFAULT_KIND


def rejection_of(labels: list[str]) -> str | None:
    return next((label for label in REJECTING_LABELS if label in labels), None)


def lesson_slugs(labels: list[str]) -> list[str]:
    return [
        label.removeprefix(LESSON_LABEL_PREFIX)
        for label in labels
        if label.startswith(LESSON_LABEL_PREFIX)
    ]


def contributor_for(login: str) -> Contributor:
    contributor = Contributor.objects.filter(login__iexact=login).first()
    if contributor is not None:
        return contributor
    # Two workers can meet a new login at once (one maintainer merging two pull requests):
    # the one whose insert loses reads the row the other added.
    try:
        with transaction.atomic():
            return Contributor.objects.create(login=login)
    except IntegrityError:
        return Contributor.objects.get(login=login)


# Applying webhook snapshots ------------------------------------------------------------


def _is_stale(snapshot: PullRequestSnapshot, pr: PullRequest, first: bool) -> bool:
    """Whether a delivery is older than what the pull request already holds. Without
    `updated_at` its age is unknown: it may only create the first snapshot, never replace
    one (a late one moved a merged pull request from size/massive to size/tiny)."""
    if snapshot.updated_at is None:
        return not first
    return pr.snapshot_updated_at is not None and snapshot.updated_at < pr.snapshot_updated_at


@transaction.atomic
def apply_pull_request(snapshot: PullRequestSnapshot, key: str) -> PullRequest:
    pr, first = _pull_request_for(snapshot)
    stale = _is_stale(snapshot, pr, first)
    # Deliveries can arrive out of order; an older snapshot never undoes a newer one, and
    # a merge is final.
    if not stale and pr.state != PullRequest.MERGED:
        pr.title, pr.html_url, pr.labels = snapshot.title, snapshot.html_url, snapshot.labels
        pr.snapshot_updated_at = snapshot.updated_at
        if snapshot.merged:
            pr.state = PullRequest.MERGED
            pr.merged_at = snapshot.merged_at or timezone.now()
            pr.merged_by = contributor_for(snapshot.merged_by) if snapshot.merged_by else None
        else:
            pr.state = PullRequest.CLOSED if snapshot.closed else PullRequest.OPEN
        pr.save()
    elif not stale:
        pr.title, pr.labels = snapshot.title, snapshot.labels
        pr.snapshot_updated_at = snapshot.updated_at
        pr.save(update_fields=["title", "labels", "snapshot_updated_at"])
    settle(pr, key)
    return pr


@transaction.atomic
def apply_review(pr_snapshot: PullRequestSnapshot, review: ReviewSnapshot, key: str) -> Review:
    pr, _ = _pull_request_for(pr_snapshot)
    record = Review.objects.filter(github_id=review.github_id).first()
    # A dismissal is final on GitHub: a late "submitted" delivery must not undo it.
    if record is not None and record.state == DISMISSED:
        return record
    record, _ = Review.objects.update_or_create(
        github_id=review.github_id,
        defaults={
            "pull_request": pr,
            "reviewer": contributor_for(review.reviewer),
            "state": review.state,
            "submitted_at": review.submitted_at,
        },
    )
    settle(pr, key)
    return record


def _pull_request_for(snapshot: PullRequestSnapshot) -> tuple[PullRequest, bool]:
    """The pull request, row-locked, and whether this snapshot is its first."""
    pr = (
        PullRequest.objects.select_for_update()
        .filter(repository=snapshot.repository, number=snapshot.number)
        .first()
    )
    if pr is not None:
        return pr, False
    author = contributor_for(snapshot.author)
    # Two first deliveries of one pull request (opened, labeled) can race to create it:
    # the loser takes the winner's row, as a later delivery would.
    try:
        with transaction.atomic():
            pr = PullRequest.objects.create(
                repository=snapshot.repository,
                number=snapshot.number,
                title=snapshot.title,
                html_url=snapshot.html_url,
                author=author,
                labels=snapshot.labels,
            )
    except IntegrityError:
        pr = PullRequest.objects.select_for_update().get(
            repository=snapshot.repository, number=snapshot.number
        )
        return pr, False
    return pr, True


# Settling a pull request ---------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    points: int
    reason: str


def _daily_cap_left(contributor_id: int, pr: PullRequest, day: datetime) -> int:
    start = datetime.combine(day.astimezone(UTC).date(), time.min, tzinfo=UTC)
    used = (
        PointEvent.objects.filter(contributor_id=contributor_id)
        .between(start, start + timedelta(days=1))
        .exclude(pull_request=pr)
        .aggregate(total=Sum("points"))["total"]
        or 0
    )
    return max(0, settings.COMMUNITY_DAILY_POINTS_CAP - used)


def _capped(contributor_id: int, pr: PullRequest, points: int, reason: str) -> Target:
    cap = settings.COMMUNITY_DAILY_POINTS_CAP
    allowed = min(points, _daily_cap_left(contributor_id, pr, pr.merged_at))
    if allowed < points:
        reason = f"{reason}; {points - allowed} over the daily cap of {cap}"
    return Target(allowed, reason)


def targets(pr: PullRequest) -> dict[tuple[int, str, str], Target]:
    """What each (contributor, rule, kind) should hold for this pull request."""
    if pr.state != PullRequest.MERGED or rejection_of(pr.labels):
        return {}
    size, kind = size_of(pr.labels), kind_of(pr.labels)
    result: dict[tuple[int, str, str], Target] = {}
    if pr.merged_by_id != pr.author_id:
        reason = f"Merged #{pr.number} “{pr.title}” (size/{size}, {kind})"
        result[(pr.author_id, PointEvent.MERGE, kind)] = _capped(
            pr.author_id, pr, MERGE_POINTS[size], reason
        )
    reviewers = (
        pr.reviews.filter(state__in=COUNTED_REVIEW_STATES, submitted_at__lte=pr.merged_at)
        .exclude(reviewer_id=pr.author_id)
        .values_list("reviewer_id", flat=True)
        .distinct()
    )
    for reviewer_id in sorted(set(reviewers)):
        reason = f"Reviewed #{pr.number} “{pr.title}” (size/{size})"
        result[(reviewer_id, PointEvent.REVIEW, kind)] = _capped(
            reviewer_id, pr, REVIEW_POINTS[size], reason
        )
    return result


def _removal_reason(pr: PullRequest, contributor_id: int, rule: str, kind: str) -> str:
    rejection = rejection_of(pr.labels)
    if rejection:
        return f"#{pr.number} labelled {rejection}: points removed"
    if (
        rule == PointEvent.REVIEW
        and pr.reviews.filter(reviewer_id=contributor_id, state=DISMISSED).exists()
    ):
        return f"Review of #{pr.number} dismissed: points removed"
    if pr.merged_by_id == pr.author_id and rule == PointEvent.MERGE:
        return f"#{pr.number} was merged by its own author: no points"
    if kind != kind_of(pr.labels):
        return f"#{pr.number} relabelled from {kind} to {kind_of(pr.labels)}"
    return f"#{pr.number} changed: points removed"


def _lock_contributors(pr: PullRequest) -> None:
    """Row-lock everyone this pull request can credit, until the transaction ends.

    The daily cap reads what a contributor earned that day elsewhere: without the lock two
    workers settling two pull requests of one author would both see the whole cap left.
    Locking in primary-key order keeps two settlements that share people from deadlocking.
    """
    ids = {pr.author_id}
    ids.update(pr.reviews.values_list("reviewer_id", flat=True))
    ids.update(PointEvent.objects.filter(pull_request=pr).values_list("contributor_id", flat=True))
    locked = Contributor.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    list(locked.values_list("pk", flat=True))


def settle(pr: PullRequest, key: str) -> list[PointEvent]:
    """Append the entries that bring the ledger to the rules' targets for this PR.

    Runs inside the caller's transaction, which holds the pull request's row lock."""
    _lock_contributors(pr)
    held = {
        (row["contributor_id"], row["rule"], row["kind"]): row["total"]
        for row in PointEvent.objects.filter(pull_request=pr)
        .values("contributor_id", "rule", "kind")
        .annotate(total=Sum("points"))
    }
    wanted = targets(pr)
    appended = []
    for contributor_id, rule, kind in sorted(set(held) | set(wanted)):
        current = held.get((contributor_id, rule, kind), 0)
        target = wanted.get((contributor_id, rule, kind), Target(0, ""))
        if target.points == current:
            continue
        if target.points == 0:
            reason = _removal_reason(pr, contributor_id, rule, kind)
        elif current:
            reason = f"Relabelled: {target.reason}"
        else:
            reason = target.reason
        event, created = PointEvent.objects.get_or_create(
            key=f"{key}:{rule}:{contributor_id}:{kind}",
            defaults={
                "contributor_id": contributor_id,
                "pull_request": pr,
                "rule": rule,
                "kind": kind,
                "points": target.points - current,
                "reason": reason[:300],
                "occurred_at": pr.merged_at or timezone.now(),
            },
        )
        if created:
            appended.append(event)
    for contributor in Contributor.objects.filter(pk__in={e.contributor_id for e in appended}):
        refresh_contributor(contributor)
    return appended


# Derived data: totals and badges -------------------------------------------------------


def _credited(contributor: Contributor, rule: str) -> list[tuple[int, str, datetime]]:
    """(pull request, kind, first occurred_at) of the PRs this rule still credits."""
    rows = (
        PointEvent.objects.filter(contributor=contributor, rule=rule)
        .values("pull_request_id", "kind")
        .annotate(total=Sum("points"))
        .filter(total__gt=0)
    )
    merged_at = dict(
        PullRequest.objects.filter(pk__in=[row["pull_request_id"] for row in rows]).values_list(
            "pk", "merged_at"
        )
    )
    credited = [
        (row["pull_request_id"], row["kind"], merged_at[row["pull_request_id"]]) for row in rows
    ]
    return sorted(credited, key=lambda item: (item[2], item[0]))


def earned_badges(contributor: Contributor) -> dict[str, datetime]:
    merges = _credited(contributor, PointEvent.MERGE)
    reviews = _credited(contributor, PointEvent.REVIEW)
    earned: dict[str, datetime] = {}
    for slug, count in (("first-pr", 1), ("merged-5", 5), ("merged-25", 25)):
        if len(merges) >= count:
            earned[slug] = merges[count - 1][2]
    for slug, kind in (("lesson-author", "lesson"), ("exercise-author", "exercise")):
        dates = [when for _, merged_kind, when in merges if merged_kind == kind]
        if dates:
            earned[slug] = dates[0]
    if len(reviews) >= REVIEWER_BADGE_REVIEWS:
        earned["reviewer"] = reviews[REVIEWER_BADGE_REVIEWS - 1][2]
    months: dict[int, datetime] = {}
    for _, _, when in merges:
        when = when.astimezone(UTC)
        months.setdefault(when.year * 12 + when.month - 1, when)
    for month in sorted(months):
        if month - 1 in months and month - 2 in months:
            earned["streak-3"] = months[month]
            break
    return earned


def refresh_contributor(contributor: Contributor) -> None:
    contributor.points = (
        PointEvent.objects.filter(contributor=contributor).aggregate(total=Sum("points"))["total"]
        or 0
    )
    contributor.merged_count = len(_credited(contributor, PointEvent.MERGE))
    contributor.review_count = len(_credited(contributor, PointEvent.REVIEW))
    contributor.save(update_fields=["points", "merged_count", "review_count"])
    earned = earned_badges(contributor)
    contributor.badges.exclude(slug__in=earned).delete()
    for slug, when in earned.items():
        Badge.objects.update_or_create(
            contributor=contributor, slug=slug, defaults={"awarded_at": when}
        )


@transaction.atomic
def recompute_all() -> int:
    """Rebuild every total and badge from the ledger alone."""
    Badge.objects.all().delete()
    contributors = list(Contributor.objects.all())
    for contributor in contributors:
        refresh_contributor(contributor)
    return len(contributors)
