from django.contrib import admin
from django.utils import timezone

from courses.models import ContentState, Course, Lesson, LessonProgress, Track


class TrackInline(admin.TabularInline):
    model = Track
    extra = 0
    fields = ["slug", "title", "position", "removed_at"]
    readonly_fields = ["removed_at"]


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "position", "removed_at"]
    inlines = [TrackInline]


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    list_display = ["title", "course", "track", "number", "is_written", "minutes", "removed_at"]
    list_filter = ["course", "track", "is_written"]
    search_fields = ["title", "slug", "summary"]
    ordering = ["course", "position"]

    def get_readonly_fields(self, request, obj=None):
        # The files in content/ are the source of truth; edits here would be overwritten.
        return [field.name for field in Lesson._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(LessonProgress)
class LessonProgressAdmin(admin.ModelAdmin):
    list_display = ["user", "lesson", "started_at", "last_seen_at", "completed_at", "visits"]
    list_filter = ["lesson__course", "lesson", "completed_at"]
    search_fields = ["user__username", "user__email", "lesson__title"]
    raw_id_fields = ["user"]
    date_hierarchy = "started_at"
    actions = ["mark_complete", "reset_progress"]

    @admin.action(description="Mark selected lessons complete")
    def mark_complete(self, request, queryset):
        queryset.filter(completed_at__isnull=True).update(completed_at=timezone.now())

    @admin.action(description="Mark selected lessons not complete")
    def reset_progress(self, request, queryset):
        queryset.update(completed_at=None)


@admin.register(ContentState)
class ContentStateAdmin(admin.ModelAdmin):
    list_display = ["checked_at", "last_good_at", "fingerprint"]
    readonly_fields = ["fingerprint", "errors", "checked_at", "last_good_at"]
