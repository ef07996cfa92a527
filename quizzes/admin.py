from django.contrib import admin

from quizzes.models import Question, QuizAttempt, ReviewCard


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    """Read-only: quiz.md files are the source of truth. Useful to see what was learned."""

    list_display = [
        "qid",
        "lesson",
        "type",
        "prior_difficulty",
        "difficulty",
        "evidence",
        "removed_at",
    ]
    list_filter = ["lesson__course", "type", "prior_difficulty"]
    search_fields = ["qid", "title", "lesson__slug"]
    ordering = ["lesson__position", "position"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Question._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(QuizAttempt)
class QuizAttemptAdmin(admin.ModelAdmin):
    list_display = ["user", "lesson", "started_at", "finished_at", "outcome"]
    list_filter = ["outcome", "lesson__course"]
    raw_id_fields = ["user", "lesson", "current_question"]


@admin.register(ReviewCard)
class ReviewCardAdmin(admin.ModelAdmin):
    list_display = ["user", "question", "due", "reviews", "lapses"]
    raw_id_fields = ["user", "question"]
