"""Quiz item analysis: the questions whose figures say they are worth a look."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q

from courses.models import Lesson
from health.rates import rate
from quizzes.engine import prior_difficulty
from quizzes.models import Question

# A question is worth a look past these.
ITEM_DRIFT_LOGITS = 1.0  # learned difficulty this far from the instructor's prior
ITEM_TOO_EASY = 0.95  # share of first attempts right
ITEM_TOO_HARD = 0.15


@dataclass
class QuestionHealth:
    question: Question
    prior_logits: float
    first_attempts: int
    first_right: int
    reasons: list[str]

    @property
    def drift(self) -> float:
        return self.question.difficulty - self.prior_logits

    @property
    def right_rate(self) -> float | None:
        return rate(self.first_right, self.first_attempts)


def question_health(lessons: list[Lesson]) -> list[QuestionHealth]:
    """Questions worth a look: difficulty far from the prior, or nearly all right or wrong."""
    minimum = settings.HEALTH_MIN_LEARNERS
    first = Q(answers__first_attempt=True, answers__user__is_staff=False)
    questions = (
        Question.objects.active()
        .filter(lesson__in=lessons)
        .select_related("lesson")
        .annotate(
            first_attempts=Count("answers", filter=first),
            first_right=Count("answers", filter=first & Q(answers__correct=True)),
        )
        .order_by("lesson__position", "position")
    )
    found = []
    for question in questions:
        prior = prior_difficulty(question.prior_difficulty)
        entry = QuestionHealth(question, prior, question.first_attempts, question.first_right, [])
        if question.evidence >= minimum and abs(entry.drift) >= ITEM_DRIFT_LOGITS:
            harder = "harder" if entry.drift > 0 else "easier"
            entry.reasons.append(f"{harder} than its prior by {abs(entry.drift):.1f} logits")
        right = entry.right_rate
        if entry.first_attempts >= minimum and right is not None:
            if right >= ITEM_TOO_EASY:
                entry.reasons.append(f"{right:.0%} right at first try")
            elif right <= ITEM_TOO_HARD:
                entry.reasons.append(f"only {right:.0%} right at first try")
        if entry.reasons:
            found.append(entry)
    return found
