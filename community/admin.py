from django.contrib import admin

from community import claims
from community.models import Badge, Contributor, Delivery, PointEvent, PullRequest, Review


@admin.register(Contributor)
class ContributorAdmin(admin.ModelAdmin):
    list_display = [
        "login",
        "points",
        "merged_count",
        "review_count",
        "claimed_by",
        "claim_confirmed",
    ]
    list_filter = ["claim_confirmed"]
    search_fields = ["login", "claimed_by__username"]
    readonly_fields = ["points", "merged_count", "review_count", "first_seen_at", "claimed_at"]
    actions = ["confirm_claims"]

    @admin.action(description="Confirm the selected claims", permissions=["change"])
    def confirm_claims(self, request, queryset):
        for contributor in queryset:
            claims.confirm(contributor)


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
