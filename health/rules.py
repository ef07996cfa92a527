"""The course's decision rules: a lesson with too many confused learners, or a quiz too
few finish, gets a flag that says what to do about it. Thresholds come from settings."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from health.rates import Rates

CONFUSING_RULE = "confusing"
QUIZ_RULE = "quiz-completion"


@dataclass
class Flag:
    rule: str
    action: str
    detail: str
    value: float
    threshold: float


def lesson_flags(entry: Rates) -> list[Flag]:
    """The course's rules applied to one lesson; none on fewer than HEALTH_MIN_LEARNERS."""
    flags = []
    minimum = settings.HEALTH_MIN_LEARNERS
    share = entry.confusing_share
    threshold = settings.HEALTH_CONFUSING_SHARE
    if entry.ratings >= minimum and share is not None and share >= threshold:
        flags.append(
            Flag(
                rule=CONFUSING_RULE,
                action="Add scaffolding",
                detail=f"{share:.0%} found it confusing ({entry.confusing} of {entry.ratings}; "
                f"rule: {threshold:.0%} or more)",
                value=share,
                threshold=threshold,
            )
        )
    completion = entry.quiz_completion_rate
    minimum_completion = settings.HEALTH_QUIZ_COMPLETION_MIN
    if entry.quiz_started >= minimum and completion is not None and completion < minimum_completion:
        flags.append(
            Flag(
                rule=QUIZ_RULE,
                action="Fix the quiz",
                detail=f"{completion:.0%} finish the quiz ({entry.quiz_finished} of "
                f"{entry.quiz_started}; rule: below {minimum_completion:.0%})",
                value=completion,
                threshold=minimum_completion,
            )
        )
    return flags
