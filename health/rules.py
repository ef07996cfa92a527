"""The course's decision rules: a lesson with too many confused learners (or a section
that keeps raising questions), or a quiz too few finish, gets a flag that says what to do
about it. Thresholds come from settings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

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
    # Sections that raised HEALTH_SECTION_QUESTIONS questions or more (the confusing rule).
    asked_sections: list[str] = field(default_factory=list)


def _confusing_flag(entry: Rates, section_questions: Sequence[tuple[str, int]]) -> Flag | None:
    """Confused raters (not on fewer than HEALTH_MIN_LEARNERS), or sections with many
    questions: either is a reason to add scaffolding."""
    details, value, threshold = [], 0.0, 0.0
    share = entry.confusing_share
    limit = settings.HEALTH_CONFUSING_SHARE
    if entry.ratings >= settings.HEALTH_MIN_LEARNERS and share is not None and share >= limit:
        details.append(
            f"{share:.0%} found it confusing ({entry.confusing} of {entry.ratings}; "
            f"rule: {limit:.0%} or more)"
        )
        value, threshold = share, limit
    many = settings.HEALTH_SECTION_QUESTIONS
    asked = [(title, count) for title, count in section_questions if count >= many]
    if asked:
        listed = ", ".join(f"“{title}” ({count})" for title, count in asked)
        details.append(f"learners keep asking about {listed} (rule: {many} questions or more)")
        if not value:
            value, threshold = float(max(count for _, count in asked)), float(many)
    if not details:
        return None
    return Flag(
        rule=CONFUSING_RULE,
        action="Add scaffolding",
        detail="; ".join(details),
        value=value,
        threshold=threshold,
        asked_sections=[title for title, _ in asked],
    )


def lesson_flags(entry: Rates, section_questions: Sequence[tuple[str, int]] = ()) -> list[Flag]:
    """The course's rules applied to one lesson; ``section_questions`` lists (section
    title, questions asked) of its discussion."""
    flags = []
    minimum = settings.HEALTH_MIN_LEARNERS
    confusing = _confusing_flag(entry, section_questions)
    if confusing is not None:
        flags.append(confusing)
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
