from django.contrib import admin

from discussions import moderation
from discussions.models import Flag, Post, Thread, Vote


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ["title", "lesson", "section", "author", "answer_count", "created_at"]
    list_filter = ["lesson__course"]
    search_fields = ["title", "lesson__slug", "author__username"]
    raw_id_fields = ["lesson", "author", "question", "accepted"]
    readonly_fields = ["answer_count", "first_answer_at", "last_answer_at"]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = [
        "__str__", "author", "by_staff", "created_at", "edited_at", "deleted_at", "hidden_at",
    ]  # fmt: skip
    list_filter = ["is_question", "by_staff"]
    search_fields = ["body", "author__username"]
    raw_id_fields = ["thread", "author"]
    # Hidden and deleted change the thread's figures: through the actions (and the site) only.
    readonly_fields = ["deleted_at", "hidden_at", "hidden_by"]
    actions = ["hide_posts", "restore_posts"]

    @admin.action(description="Hide the selected posts")
    def hide_posts(self, request, queryset) -> None:
        for post in queryset.select_related("thread"):
            moderation.hide(request.user, post)

    @admin.action(description="Restore the selected posts (and dismiss their flags)")
    def restore_posts(self, request, queryset) -> None:
        for post in queryset.select_related("thread"):
            moderation.restore(post)


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ["post", "user", "created_at", "resolved_at"]
    list_filter = ["resolved_at"]
    raw_id_fields = ["post", "user"]


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin):
    list_display = ["post", "user", "created_at"]
    raw_id_fields = ["post", "user"]
