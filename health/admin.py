from django.contrib import admin

from health.models import LessonFeedback


@admin.register(LessonFeedback)
class LessonFeedbackAdmin(admin.ModelAdmin):
    list_display = ["lesson", "user", "difficulty", "confusing", "confusing_section", "updated_at"]
    list_filter = ["confusing", "difficulty", "lesson__course"]
    search_fields = ["lesson__slug", "user__username", "comment"]
    raw_id_fields = ["user", "lesson"]
