"""Course health: per-lesson figures and the course's own decision rules.

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
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError, transaction
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

from community.wanted import merged_this_month
from courses.models import Course, ExerciseProgress, Lesson, LessonProgress
from health.models import LessonFeedback
from quizzes.engine import prior_difficulty
from quizzes.models import Question, QuizAttempt

CONFUSING_RULE = "confusing"
QUIZ_RULE = "quiz-completion"
TREND_WEEKS = 8
COMMENTS_SHOWN = 5
SECTIONS_SHOWN = 3
# Quiz item analysis: a question is worth a look past these.
ITEM_DRIFT_LOGITS = 1.0  # learned difficulty this far from the instructor's prior
ITEM_TOO_EASY = 0.95  # share of first attempts right
ITEM_TOO_HARD = 0.15


@dataclass
class Flag:
    rule: str
    action: str
    detail: str
    value: float
    threshold: float


@dataclass
class Comment:
    text: str
    difficulty: int
    confusing: bool
    updated_at: dt.datetime


class _Rates:
    """Shares derived from the counts of a lesson or of the whole course."""

    started: int
    completed: int
    exercise_tries: int
    exercise_passes: int
    quiz_started: int
    quiz_finished: int
    ratings: int
    confusing: int

    @property
    def completion_rate(self) -> float | None:
        return _rate(self.completed, self.started)

    @property
    def exercise_pass_rate(self) -> float | None:
        return _rate(self.exercise_passes, self.exercise_tries)

    @property
    def quiz_completion_rate(self) -> float | None:
        return _rate(self.quiz_finished, self.quiz_started)

    @property
    def confusing_share(self) -> float | None:
        return _rate(self.confusing, self.ratings)


@dataclass
class LessonHealth(_Rates):
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
    flags: list[Flag] = field(default_factory=list)

    @property
    def drop_off_rate(self) -> float | None:
        return _rate(self.dropped, self.started)


@dataclass
class CourseTotals(_Rates):
    started: int
    completed: int
    exercise_tries: int
    exercise_passes: int
    quiz_started: int
    quiz_finished: int
    ratings: int
    confusing: int
    mean_difficulty: float | None
    median_time_sum: dt.timedelta | None


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
        return _rate(self.first_right, self.first_attempts)


@dataclass
class PullRequestHealth:
    merged: int | None  # None: the community app has no data yet
    target: int

    @property
    def connected(self) -> bool:
        return self.merged is not None

    @property
    def below_target(self) -> bool:
        return self.merged is not None and self.merged < self.target


@dataclass
class CourseHealth:
    course: Course
    lessons: list[LessonHealth]
    totals: CourseTotals
    funnel: list[LessonHealth]  # the main track, in order
    questions: list[QuestionHealth]
    pull_requests: PullRequestHealth
    weeks: list[dt.date]

    @property
    def flagged(self) -> list[LessonHealth]:
        return [entry for entry in self.lessons if entry.flags]


@dataclass
class FlaggedLesson:
    lesson: Lesson
    flags: list[Flag]


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _learners(queryset, prefix: str = "user__"):
    return queryset.filter(**{f"{prefix}is_staff": False})


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
        _learners(LessonProgress.objects.filter(lesson__in=lessons))
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
        _learners(LessonProgress.objects.filter(lesson__in=lessons, completed_at__isnull=False))
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
        _learners(
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
        _learners(QuizAttempt.objects.filter(lesson__in=lessons))
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
    feedback = _learners(LessonFeedback.objects.filter(lesson__in=lessons))
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
    feedback = _learners(LessonFeedback.objects.filter(lesson__in=lessons))
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


def trend_weeks(now: dt.datetime | None = None) -> list[dt.date]:
    """The Mondays of the last TREND_WEEKS weeks, oldest first (this week last)."""
    today = timezone.localdate(now or timezone.now())
    monday = today - dt.timedelta(days=today.weekday())
    return [monday - dt.timedelta(weeks=TREND_WEEKS - 1 - n) for n in range(TREND_WEEKS)]


def _trends(entries: dict[int, LessonHealth], lessons: list[Lesson], weeks: list[dt.date]) -> None:
    since = dt.datetime.combine(weeks[0], dt.time(), tzinfo=timezone.get_current_timezone())
    index = {week: n for n, week in enumerate(weeks)}
    progress = _learners(LessonProgress.objects.filter(lesson__in=lessons))
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


def lesson_flags(entry: LessonHealth) -> list[Flag]:
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
    if details:
        _median_times(entries, lessons)
        _exercise_counts(entries, lessons)
        _feedback_details(entries, lessons)
        _trends(entries, lessons, trend_weeks(now))
    for entry in entries.values():
        entry.flags = lesson_flags(entry)
    return list(entries.values())


def course_totals(course: Course, entries: list[LessonHealth]) -> CourseTotals:
    progress = _learners(
        LessonProgress.objects.filter(lesson__course=course, lesson__removed_at__isnull=True)
    )
    started = progress.values("user_id").distinct().count()
    main = [entry.lesson.pk for entry in entries if entry.lesson.track.slug == "main"]
    completed = 0
    if main:
        completed = (
            progress.filter(lesson__in=main, completed_at__isnull=False)
            .values("user_id")
            .annotate(done=Count("id"))
            .filter(done=len(main))
            .count()
        )
    ratings = sum(entry.ratings for entry in entries)
    rated = sum((entry.mean_difficulty or 0) * entry.ratings for entry in entries)
    medians = [
        entry.median_time
        for entry in entries
        if entry.lesson.track.slug == "main" and entry.median_time
    ]
    return CourseTotals(
        started=started,
        completed=completed,
        exercise_tries=sum(entry.exercise_tries for entry in entries),
        exercise_passes=sum(entry.exercise_passes for entry in entries),
        quiz_started=sum(entry.quiz_started for entry in entries),
        quiz_finished=sum(entry.quiz_finished for entry in entries),
        ratings=ratings,
        confusing=sum(entry.confusing for entry in entries),
        mean_difficulty=rated / ratings if ratings else None,
        median_time_sum=sum(medians, dt.timedelta()) if medians else None,
    )


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


def month_bounds(now: dt.datetime | None = None) -> tuple[dt.datetime, dt.datetime]:
    now = timezone.localtime(now or timezone.now())
    start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    end = (start + dt.timedelta(days=32)).replace(day=1)
    return start, end


def monthly_pull_requests(now: dt.datetime | None = None) -> int | None:
    """Pull requests merged this month (spam and invalid ones excluded); None before the
    community app's tables exist."""
    try:
        with transaction.atomic():
            return merged_this_month(now)
    except DatabaseError:  # the community tables are not migrated yet
        return None


def course_health(course: Course, now: dt.datetime | None = None) -> CourseHealth:
    entries = lesson_health(course, now=now)
    return CourseHealth(
        course=course,
        lessons=entries,
        totals=course_totals(course, entries),
        funnel=[entry for entry in entries if entry.lesson.track.slug == "main"],
        questions=question_health([entry.lesson for entry in entries]),
        pull_requests=PullRequestHealth(
            # The contributor app owns the target; until it exists the rule's default is 5.
            monthly_pull_requests(now),
            getattr(settings, "COMMUNITY_MONTHLY_PR_TARGET", 5),
        ),
        weeks=trend_weeks(now),
    )


def flagged_lessons(course: Course | None = None) -> list[FlaggedLesson]:
    """Lessons that trip one of the course's rules, for the contributors-wanted list."""
    courses = [course] if course is not None else Course.objects.filter(removed_at__isnull=True)
    return [
        FlaggedLesson(entry.lesson, entry.flags)
        for each in courses
        for entry in lesson_health(each, details=False)
        if entry.flags
    ]
