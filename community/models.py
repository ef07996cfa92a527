"""Contributors, their pull requests and reviews, and the points ledger.

The ledger (PointEvent) is the only source of points: totals on Contributor and the
Badge rows are derived from it by community.reputation and can be rebuilt at any time
(`manage.py recompute_reputation`).
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

SIZES = ["tiny", "small", "medium", "large", "massive"]
KINDS = ["lesson", "exercise", "quiz", "translation", "fix", "code"]
KIND_CHOICES = [(kind, kind.title()) for kind in KINDS]


class ContributorQuerySet(models.QuerySet):
    def ranked(self) -> "ContributorQuerySet":
        return self.filter(points__gt=0).order_by("-points", "login")


class Contributor(models.Model):
    """A GitHub login. Learner accounts claim it (Claim); the confirmed claim's user owns it."""

    login = models.CharField(max_length=100, unique=True, help_text="As GitHub spells it.")
    first_seen_at = models.DateTimeField(auto_now_add=True)
    # Derived from the ledger (community.reputation.refresh_contributor).
    points = models.IntegerField(default=0)
    merged_count = models.PositiveIntegerField(default=0)
    review_count = models.PositiveIntegerField(default=0)

    objects = ContributorQuerySet.as_manager()

    class Meta:
        ordering = ["login"]

    def __str__(self) -> str:
        return self.login

    def get_absolute_url(self) -> str:
        return reverse("community:contributor", args=[self.login])

    @cached_property
    def learner(self):
        """The learner account of the confirmed claim, if any."""
        claim = self.claims.confirmed().select_related("user").first()
        return claim.user if claim else None


def claim_expiry_cutoff() -> datetime:
    """Pending claims created at or before this moment have expired."""
    return timezone.now() - timedelta(days=settings.COMMUNITY_CLAIM_EXPIRY_DAYS)


class ClaimQuerySet(models.QuerySet):
    """Expiry is read, never written: a pending claim older than
    COMMUNITY_CLAIM_EXPIRY_DAYS is expired whatever its stored status says."""

    def pending(self) -> "ClaimQuerySet":
        return self.filter(status=Claim.PENDING, created_at__gt=claim_expiry_cutoff())

    def expired(self) -> "ClaimQuerySet":
        return self.filter(status=Claim.PENDING, created_at__lte=claim_expiry_cutoff())

    def confirmed(self) -> "ClaimQuerySet":
        return self.filter(status=Claim.CONFIRMED)

    def rejected(self) -> "ClaimQuerySet":
        return self.filter(status=Claim.REJECTED)


class Claim(models.Model):
    """A learner account says a GitHub login is theirs (community.claims decides).

    Several accounts may claim one login at once; signing in with GitHub or a staff
    member confirms one of them, which rejects the others.
    """

    PENDING, CONFIRMED, REJECTED, EXPIRED = "pending", "confirmed", "rejected", "expired"
    STATUS_CHOICES = [(PENDING, "Pending"), (CONFIRMED, "Confirmed"), (REJECTED, "Rejected")]
    GITHUB, STAFF = "github", "staff"
    CONFIRMED_BY_CHOICES = [(GITHUB, "Signed in with GitHub"), (STAFF, "Staff")]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="github_claims"
    )
    contributor = models.ForeignKey(Contributor, on_delete=models.CASCADE, related_name="claims")
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=STATUS_CHOICES, default=PENDING)
    confirmed_by = models.CharField(max_length=10, choices=CONFIRMED_BY_CHOICES, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["contributor__login", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "contributor"], name="one_claim_per_user"),
            models.UniqueConstraint(
                fields=["contributor"],
                condition=models.Q(status="confirmed"),
                name="one_confirmed_claim_per_login",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} claims {self.contributor}"

    @property
    def expires_at(self) -> datetime:
        return self.created_at + timedelta(days=settings.COMMUNITY_CLAIM_EXPIRY_DAYS)

    @property
    def state(self) -> str:
        """The status as it stands now: pending, expired, confirmed or rejected."""
        if self.status == self.PENDING and self.expires_at <= timezone.now():
            return self.EXPIRED
        return self.status


class PullRequest(models.Model):
    OPEN, CLOSED, MERGED = "open", "closed", "merged"

    repository = models.CharField(max_length=200)
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    html_url = models.URLField(max_length=500)
    author = models.ForeignKey(Contributor, on_delete=models.CASCADE, related_name="pull_requests")
    state = models.CharField(max_length=10, default=OPEN)
    merged_by = models.ForeignKey(
        Contributor, null=True, blank=True, on_delete=models.SET_NULL, related_name="merges"
    )
    merged_at = models.DateTimeField(null=True, blank=True)
    labels = models.JSONField(default=list, blank=True)
    snapshot_updated_at = models.DateTimeField(
        null=True, blank=True, help_text="pull_request.updated_at of the snapshot applied last."
    )

    class Meta:
        ordering = ["-merged_at", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["repository", "number"], name="unique_pr_per_repo")
        ]

    def __str__(self) -> str:
        return f"{self.repository}#{self.number}"


class Review(models.Model):
    github_id = models.BigIntegerField(unique=True)
    pull_request = models.ForeignKey(PullRequest, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(Contributor, on_delete=models.CASCADE, related_name="reviews")
    state = models.CharField(max_length=30)
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["submitted_at"]

    def __str__(self) -> str:
        return f"{self.reviewer} {self.state} {self.pull_request}"


class Delivery(models.Model):
    """One webhook delivery, kept so that a redelivery changes nothing."""

    delivery_id = models.CharField(max_length=100, unique=True)
    event = models.CharField(max_length=50)
    action = models.CharField(max_length=50, blank=True)
    payload = models.JSONField()
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "deliveries"
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.event}.{self.action} {self.delivery_id}"


class PointEventQuerySet(models.QuerySet):
    def between(self, start, end) -> "PointEventQuerySet":
        queryset = self
        if start is not None:
            queryset = queryset.filter(occurred_at__gte=start)
        if end is not None:
            queryset = queryset.filter(occurred_at__lt=end)
        return queryset


class PointEvent(models.Model):
    """An append-only ledger entry: points (possibly negative) and the reason for them.

    A correction (relabel, spam label, daily cap) is a new entry, never an edit.
    """

    MERGE, REVIEW = "merge", "review"

    key = models.CharField(max_length=200, unique=True, help_text="Makes retries idempotent.")
    contributor = models.ForeignKey(
        Contributor, on_delete=models.CASCADE, related_name="point_events"
    )
    pull_request = models.ForeignKey(
        PullRequest, on_delete=models.CASCADE, related_name="point_events"
    )
    rule = models.CharField(max_length=20)
    kind = models.CharField(max_length=20, choices=KIND_CHOICES)
    points = models.IntegerField()
    reason = models.CharField(max_length=300)
    occurred_at = models.DateTimeField(help_text="When the work counts (merge or review time).")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = PointEventQuerySet.as_manager()

    class Meta:
        ordering = ["recorded_at", "pk"]
        indexes = [models.Index(fields=["occurred_at"])]

    def __str__(self) -> str:
        return f"{self.points:+d} {self.contributor}: {self.reason}"


class Badge(models.Model):
    """Derived from the ledger; rebuilt by recompute_reputation."""

    contributor = models.ForeignKey(Contributor, on_delete=models.CASCADE, related_name="badges")
    slug = models.CharField(max_length=30)
    awarded_at = models.DateTimeField()

    class Meta:
        ordering = ["awarded_at"]
        constraints = [models.UniqueConstraint(fields=["contributor", "slug"], name="unique_badge")]

    def __str__(self) -> str:
        return f"{self.contributor} {self.slug}"
