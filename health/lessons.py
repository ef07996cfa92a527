"""Course health per lesson: its figures, its learners' comments and its weekly trends.

Every figure is aggregated in the database, one query per kind of figure for a whole
course (never one per learner). Learners are non-staff users: instructors trying their
own lessons do not count.

Definitions (see README.md, "Course health"):

- started: learners with a LessonProgress row for the lesson (they opened it).
- completed: of those, learners who marked it complete.
- dropped: started, not completed, and never opened the next lesson of the same track
  (for the last lesson of a track: started and not completed).
- time to complete: median of ``completed_at - started_at`` over learners who completed.
- exercise pass rate: passed / tried, over (learner, exercise) pairs of the lesson's
  exercises with at least one attempt; attempts to pass: mean ``attempts_to_pass``.
- quiz completion: learners with a finished attempt (mastered or the maximum number of
  questions) / learners who started the quiz.
- difficulty: mean 1-5 rating; confusing share: confusing / learners who rated.
- questions: learners' questions in the lesson's discussion, per lesson and per section,
  with those unanswered after HEALTH_UNANSWERED_HOURS and the median time to a first
  answer (discussions.stats defines them).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import (
    Avg,
    BigIntegerField,
    Case,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber, TruncWeek
from django.utils import timezone

from courses.models import Course, ExerciseProgress, Lesson, LessonProgress
from discussions.stats import SectionQuestions, lesson_questions
from health.models import LessonFeedback
from health.rates import Rates, learners, rate
from health.rules import Flag, lesson_flags
from quizzes.models import QuizAttempt

TREND_WEEKS = 8
COMMENTS_SHOWN = 5
SECTIONS_SHOWN = 3


@dataclass
class Comment:
    text: str
    difficulty: int
    confusing: bool
    updated_at: dt.datetime


@dataclass
class LessonHealth(Rates):
    lesson: Lesson
    started: int = 0
    completed: int = 0
    dropped: int = 0
    median_time: dt.timedelta | None = None
    exercise_tries: int = 0
    exercise_passes: int = 0
    attempts_to_pass: float | None = None
    quiz_started: int = 0
    quiz_finished: int = 0
    ratings: int = 0
    mean_difficulty: float | None = None
    confusing: int = 0
    comment_count: int = 0
    sections: list[tuple[str, int]] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    started_by_week: list[int] = field(default_factory=lambda: [0] * TREND_WEEKS)
    completed_by_week: list[int] = field(default_factory=lambda: [0] * TREND_WEEKS)
    questions: int = 0
    questions_unanswered: int = 0
    median_first_answer: dt.timedelta | None = None
    question_sections: list[SectionQuestions] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)

    @property
    def drop_off_rate(self) -> float | None:
        return rate(self.dropped, self.started)


def course_lessons(course: Course) -> list[Lesson]:
    return list(Lesson.objects.available().filter(course=course).select_related("track", "course"))


def next_lessons(lessons: list[Lesson]) -> dict[int, int]:
    """Each lesson's next lesson in its own track (lessons without one are left out)."""
    by_track: dict[int, list[Lesson]] = {}
    for lesson in lessons:
        by_track.setdefault(lesson.track_id, []).append(lesson)
    following = {}
    for track_lessons in by_track.values():
        track_lessons.sort(key=lambda lesson: lesson.number)
        for current, after in zip(track_lessons, track_lessons[1:], strict=False):
            following[current.pk] = after.pk
    return following


def _progress_counts(entries: dict[int, LessonHealth], lessons: list[Lesson]) -> None:
    following = next_lessons(lessons)
    next_lesson = Case(
        *[
            When(lesson_id=lesson_id, then=Value(next_id))
            for lesson_id, next_id in following.items()
        ],
        default=Value(None),
        output_field=BigIntegerField(),
    )
    reached_next = Exists(
        LessonProgress.objects.filter(user_id=OuterRef("user_id"), lesson_id=OuterRef("next_id"))
    )
    rows = (
        learners(LessonProgress.objects.filter(lesson__in=lessons))
        .annotate(next_id=next_lesson, reached_next=reached_next)
        .values("lesson_id")
        .annotate(
            started=Count("id"),
            completed=Count("id", filter=Q(completed_at__isnull=False)),
            dropped=Count("id", filter=Q(completed_at__isnull=True, reached_next=False)),
        )
        .order_by()
    )
    for row in rows:
        entry = entries[row["lesson_id"]]
        entry.started, entry.completed, entry.dropped = (
            row["started"],
            row["completed"],
            row["dropped"],
        )


def _median_times(entries: dict[int, LessonHealth], lessons: list[Lesson]) -> None:
    # The middle one or two rows of each lesson, by a window over the sorted durations.
    spent = ExpressionWrapper(F("completed_at") - F("started_at"), output_field=DurationField())
    rows = (
        learners(LessonProgress.objects.filter(lesson__in=lessons, completed_at__isnull=False))
        .annotate(
            spent=spent,
            row=Window(RowNumber(), partition_by=F("lesson_id"), order_by=F("spent").asc()),
            total=Window(Count("id"), partition_by=F("lesson_id")),
        )
        .annotate(twice_row=F("row") * 2)
        .filter(twice_row__gte=F("total"), twice_row__lte=F("total") + 2)
        .values_list("lesson_id", "spent")
    )
    middles: dict[int, list[dt.timedelta]] = {}
    for lesson_id, spent_time in rows:
        middles.setdefault(lesson_id, []).append(spent_time)
    for lesson_id, values in middles.items():
        entries[lesson_id].median_time = sum(values, dt.timedelta()) / len(values)


def _exercise_counts(entries: dict[int, LessonHealth], lessons: list[Lesson]) -> None:
    rows = (
        learners(
            ExerciseProgress.objects.filter(
                exercise__lesson__in=lessons, exercise__removed_at__isnull=True, attempts__gt=0
            )
        )
        .values("exercise__lesson_id")
        .annotate(
            tries=Count("id"),
            passes=Count("id", filter=Q(passed_at__isnull=False)),
            attempts=Avg("attempts_to_pass"),
        )
        .order_by()
    )
    for row in rows:
        entry = entries[row["exercise__lesson_id"]]
        entry.exercise_tries, entry.exercise_passes = row["tries"], row["passes"]
        entry.attempts_to_pass = row["attempts"]


def _quiz_counts(entries: dict[int, LessonHealth], lessons: list[Lesson]) -> None:
    rows = (
        learners(QuizAttempt.objects.filter(lesson__in=lessons))
        .values("lesson_id")
        .annotate(
            started=Count("user_id", distinct=True),
            finished=Count("user_id", distinct=True, filter=Q(finished_at__isnull=False)),
        )
        .order_by()
    )
    for row in rows:
        entry = entries[row["lesson_id"]]
        entry.quiz_started, entry.quiz_finished = row["started"], row["finished"]


def _feedback_counts(entries: dict[int, LessonHealth], lessons: list[Lesson]) -> None:
    feedback = learners(LessonFeedback.objects.filter(lesson__in=lessons))
    rows = (
        feedback.values("lesson_id")
        .annotate(
            ratings=Count("id"),
            mean=Avg("difficulty"),
            confusing=Count("id", filter=Q(confusing=True)),
            comments=Count("id", filter=~Q(comment="")),
        )
        .order_by()
    )
    for row in rows:
        entry = entries[row["lesson_id"]]
        entry.ratings, entry.mean_difficulty = row["ratings"], row["mean"]
        entry.confusing, entry.comment_count = row["confusing"], row["comments"]


def _feedback_details(entries: dict[int, LessonHealth], lessons: list[Lesson]) -> None:
    feedback = learners(LessonFeedback.objects.filter(lesson__in=lessons))
    sections = (
        feedback.filter(confusing=True)
        .exclude(confusing_section="")
        .values("lesson_id", "confusing_section")
        .annotate(count=Count("id"))
        .order_by("lesson_id", "-count", "confusing_section")
    )
    for row in sections:
        entry = entries[row["lesson_id"]]
        if len(entry.sections) < SECTIONS_SHOWN:
            titles = {item["anchor"]: item["text"] for item in entry.lesson.toc}
            title = titles.get(row["confusing_section"], row["confusing_section"])
            entry.sections.append((title, row["count"]))
    latest = (
        feedback.exclude(comment="")
        .annotate(
            row=Window(RowNumber(), partition_by=F("lesson_id"), order_by=F("updated_at").desc())
        )
        .filter(row__lte=COMMENTS_SHOWN)
        .values_list("lesson_id", "comment", "difficulty", "confusing", "updated_at")
        .order_by("lesson_id", "-updated_at")
    )
    for lesson_id, text, difficulty, confusing, updated_at in latest:
        entries[lesson_id].comments.append(Comment(text, difficulty, confusing, updated_at))


def _question_counts(
    entries: dict[int, LessonHealth], lessons: list[Lesson], now: dt.datetime | None
) -> None:
    for lesson_id, figures in lesson_questions(lessons, now).items():
        entry = entries[lesson_id]
        entry.questions, entry.questions_unanswered = figures.asked, figures.unanswered
        entry.median_first_answer = figures.median_first_answer
        entry.question_sections = figures.sections


def trend_weeks(now: dt.datetime | None = None) -> list[dt.date]:
    """The Mondays of the last TREND_WEEKS weeks, oldest first (this week last)."""
    today = timezone.localdate(now or timezone.now())
    monday = today - dt.timedelta(days=today.weekday())
    return [monday - dt.timedelta(weeks=TREND_WEEKS - 1 - n) for n in range(TREND_WEEKS)]


def _trends(entries: dict[int, LessonHealth], lessons: list[Lesson], weeks: list[dt.date]) -> None:
    since = dt.datetime.combine(weeks[0], dt.time(), tzinfo=timezone.get_current_timezone())
    index = {week: n for n, week in enumerate(weeks)}
    progress = learners(LessonProgress.objects.filter(lesson__in=lessons))
    for stamp, attribute in (
        ("started_at", "started_by_week"),
        ("completed_at", "completed_by_week"),
    ):
        rows = (
            progress.filter(**{f"{stamp}__gte": since})
            .annotate(week=TruncWeek(stamp))
            .values("lesson_id", "week")
            .annotate(count=Count("id"))
            .order_by()
        )
        for row in rows:
            week = row["week"].date() if isinstance(row["week"], dt.datetime) else row["week"]
            if week in index:
                getattr(entries[row["lesson_id"]], attribute)[index[week]] = row["count"]


def lesson_health(
    course: Course, *, details: bool = True, now: dt.datetime | None = None
) -> list[LessonHealth]:
    """Every available lesson of the course with its figures and flags, in course order."""
    lessons = course_lessons(course)
    entries = {lesson.pk: LessonHealth(lesson) for lesson in lessons}
    if not lessons:
        return []
    _progress_counts(entries, lessons)
    _quiz_counts(entries, lessons)
    _feedback_counts(entries, lessons)
    _question_counts(entries, lessons, now)
    if details:
        _median_times(entries, lessons)
        _exercise_counts(entries, lessons)
        _feedback_details(entries, lessons)
        _trends(entries, lessons, trend_weeks(now))
    for entry in entries.values():
        asked = [(section.title, section.asked) for section in entry.question_sections]
        entry.flags = lesson_flags(entry, asked)
    return list(entries.values())
