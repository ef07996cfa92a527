from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from courses.models import Lesson

COMMENT_MAX_LENGTH = 500


class LessonFeedback(models.Model):
    """A learner's own view of one lesson: how hard, whether confusing, and a few words.

    One per learner and lesson; the learner may change it at any time.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_feedback"
    )
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="feedback")
    difficulty = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)], help_text="1 easy … 5 hard."
    )
    confusing = models.BooleanField(default=False)
    confusing_section = models.CharField(
        max_length=100, blank=True, help_text="An anchor of the lesson's table of contents."
    )
    comment = models.TextField(max_length=COMMENT_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "lesson feedback"
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="unique_feedback_per_lesson"),
            models.CheckConstraint(
                condition=models.Q(difficulty__gte=1, difficulty__lte=5),
                name="feedback_difficulty_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.lesson}: {self.difficulty}/5"
