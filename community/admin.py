from collections import defaultdict

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html

from community import claims
from community.models import (
    Badge,
    Claim,
    Contributor,
    Delivery,
    PointEvent,
    PullRequest,
    Review,
    claim_expiry_cutoff,
)


class ClaimStateFilter(admin.SimpleListFilter):
    """The status as it stands now: a pending claim past its expiry shows as expired."""

    title = "status"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            (Claim.PENDING, "Pending"),
            (Claim.EXPIRED, "Expired"),
            (Claim.CONFIRMED, "Confirmed"),
            (Claim.REJECTED, "Rejected"),
        ]

    def queryset(self, request, queryset):
        by_state = {
            Claim.PENDING: queryset.pending,
            Claim.EXPIRED: queryset.expired,
            Claim.CONFIRMED: queryset.confirmed,
            Claim.REJECTED: queryset.rejected,
        }
        return by_state[self.value()]() if self.value() in by_state else queryset


class ClaimColumns:
    @admin.display(description="status")
    def state(self, claim: Claim) -> str:
        return claim.state

    @admin.display(description="expires")
    def expires(self, claim: Claim):
        return claim.expires_at if claim.status == Claim.PENDING else "-"


@admin.register(Claim)
class ClaimAdmin(ClaimColumns, admin.ModelAdmin):
    """Claims are made by learners; staff only decide them. Sorted by login, so that
    competing claims for one login are next to each other."""

    list_display = ["contributor", "user", "state", "created_at", "expires", "decision"]
    list_filter = [ClaimStateFilter, "confirmed_by"]
    search_fields = ["contributor__login", "user__username", "user__email"]
    list_select_related = ["contributor", "user"]
    ordering = ["contributor__login", "created_at"]
    readonly_fields = ["user", "contributor", "created_at", "status", "confirmed_by", "decided_at"]
    actions = ["confirm_claims", "reject_claims"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="decided")
    def decision(self, claim: Claim) -> str:
        if claim.decided_at is None:
            return "-"
        by = f" by {claim.get_confirmed_by_display()}" if claim.confirmed_by else ""
        return f"{claim.decided_at:%Y-%m-%d %H:%M}{by}"

    @admin.action(
        description="Confirm the selected claims (rejects the others on each login)",
        permissions=["change"],
    )
    def confirm_claims(self, request, queryset):
        by_login: dict[int, list[Claim]] = defaultdict(list)
        for claim in queryset.select_related("contributor", "user"):
            by_login[claim.contributor_id].append(claim)
        for selected in by_login.values():
            if len(selected) > 1:
                self.message_user(
                    request,
                    f"{selected[0].contributor}: select one claim per login to confirm.",
                    messages.ERROR,
                )
                continue
            try:
                claims.confirm(selected[0])
            except claims.ClaimError as error:
                self.message_user(request, str(error), messages.ERROR)

    @admin.action(description="Reject the selected claims", permissions=["change"])
    def reject_claims(self, request, queryset):
        for claim in queryset:
            claims.reject(claim)


class ClaimInline(ClaimColumns, admin.TabularInline):
    model = Claim
    fields = ["user", "state", "created_at", "expires", "confirmed_by", "decided_at"]
    readonly_fields = fields
    ordering = ["created_at"]
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Contributor)
class ContributorAdmin(admin.ModelAdmin):
    list_display = ["login", "points", "merged_count", "review_count", "owner", "pending_claims"]
    search_fields = ["login", "claims__user__username"]
    readonly_fields = [
        "points",
        "merged_count",
        "review_count",
        "first_seen_at",
        "owner",
        "decide_claims",
    ]
    inlines = [ClaimInline]

    def get_queryset(self, request):
        pending = Q(claims__status=Claim.PENDING, claims__created_at__gt=claim_expiry_cutoff())
        return (
            super().get_queryset(request).annotate(pending_claims=Count("claims", filter=pending))
        )

    @admin.display(description="learner")
    def owner(self, contributor: Contributor):
        return contributor.learner or "-"

    @admin.display(description="pending claims", ordering="pending_claims")
    def pending_claims(self, contributor: Contributor) -> int:
        return contributor.pending_claims

    @admin.display(description="claims")
    def decide_claims(self, contributor: Contributor) -> str:
        url = reverse("admin:community_claim_changelist")
        return format_html(
            '<a href="{}?contributor__id__exact={}">Confirm or reject these claims</a>',
            url,
            contributor.pk,
        )


class ReadOnlyAdmin(admin.ModelAdmin):
    """Webhook data and the ledger are written by the rules only (append-only)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PointEvent)
class PointEventAdmin(ReadOnlyAdmin):
    list_display = ["occurred_at", "contributor", "points", "rule", "kind", "reason"]
    list_filter = ["rule", "kind"]
    search_fields = ["contributor__login", "reason", "key"]


@admin.register(PullRequest)
class PullRequestAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "title", "author", "state", "merged_by", "merged_at"]
    list_filter = ["state"]
    search_fields = ["title", "author__login"]


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ["pull_request", "reviewer", "state", "submitted_at"]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["delivery_id", "event", "action", "received_at", "processed_at"]
    list_filter = ["event"]


@admin.register(Badge)
class BadgeAdmin(ReadOnlyAdmin):
    list_display = ["contributor", "slug", "awarded_at"]
