"""The dashboard's figures as CSV rows."""

import csv
import datetime as dt
from collections.abc import Iterable, Iterator

from django.conf import settings

from courses.models import Course
from health.metrics import CourseHealth
from health.models import LessonFeedback

EXPORTS = ("lessons", "questions", "comments", "discussion")


def _cell(value: object) -> object:
    """Numbers as they are; text that a spreadsheet would run as a formula is quoted."""
    if value is None:
        return ""
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _hours(value: dt.timedelta | None) -> float | None:
    return value.total_seconds() / 3600 if value is not None else None


def _unanswered_column() -> str:
    return f"questions_unanswered_over_{settings.HEALTH_UNANSWERED_HOURS}h"


def lesson_rows(health: CourseHealth) -> Iterator[list]:
    yield [
        "lesson", "title", "track", "started", "completed", "dropped", "drop_off_rate",
        "median_minutes_to_complete", "exercise_tries", "exercise_pass_rate",
        "mean_attempts_to_pass", "quiz_started", "quiz_finished", "quiz_completion_rate",
        "ratings", "mean_difficulty", "confusing", "confusing_share", "confusing_sections",
        "flags", "questions", _unanswered_column(), "median_hours_to_first_answer",
        "question_sections",
    ]  # fmt: skip
    for entry in health.lessons:
        minutes = entry.median_time.total_seconds() / 60 if entry.median_time else None
        yield [
            entry.lesson.slug, entry.lesson.title, entry.lesson.track.slug, entry.started,
            entry.completed, entry.dropped, entry.drop_off_rate, minutes, entry.exercise_tries,
            entry.exercise_pass_rate, entry.attempts_to_pass, entry.quiz_started,
            entry.quiz_finished, entry.quiz_completion_rate, entry.ratings,
            entry.mean_difficulty, entry.confusing, entry.confusing_share,
            "; ".join(f"{title} ({count})" for title, count in entry.sections),
            "; ".join(f"{flag.action}: {flag.detail}" for flag in entry.flags),
            entry.questions, entry.questions_unanswered, _hours(entry.median_first_answer),
            "; ".join(f"{section.title} ({section.asked})" for section in entry.question_sections),
        ]  # fmt: skip


def discussion_rows(health: CourseHealth) -> Iterator[list]:
    """The discussions' figures per section of each lesson that has questions."""
    yield [
        "lesson", "section", "section_title", "questions", _unanswered_column(),
        "median_hours_to_first_answer",
    ]  # fmt: skip
    for entry in health.lessons:
        for section in entry.question_sections:
            yield [
                entry.lesson.slug, section.anchor, section.title, section.asked,
                section.unanswered, _hours(section.median_first_answer),
            ]  # fmt: skip


def question_rows(health: CourseHealth) -> Iterator[list]:
    yield [
        "lesson", "question", "title", "prior_difficulty", "prior_logits", "learned_logits",
        "evidence", "first_attempts", "first_right_rate", "reasons",
    ]  # fmt: skip
    for entry in health.questions:
        question = entry.question
        yield [
            question.lesson.slug, question.qid, question.title, question.prior_difficulty,
            entry.prior_logits, question.difficulty, question.evidence, entry.first_attempts,
            entry.right_rate, "; ".join(entry.reasons),
        ]  # fmt: skip


def comment_rows(course: Course) -> Iterator[list]:
    """Every comment, without who wrote it: staff see what was said, not by whom."""
    yield ["lesson", "difficulty", "confusing", "section", "comment", "updated_at"]
    rows = (
        LessonFeedback.objects.filter(lesson__course=course, user__is_staff=False)
        .exclude(comment="")
        .order_by("lesson__position", "-updated_at")
        .values_list(
            "lesson__slug", "difficulty", "confusing", "confusing_section", "comment", "updated_at"
        )
        .iterator(chunk_size=2000)
    )
    for slug, difficulty, confusing, section, comment, updated_at in rows:
        yield [slug, difficulty, confusing, section, comment, updated_at.isoformat()]


def write_csv(rows: Iterable[list], out) -> None:
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
