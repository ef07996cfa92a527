"""Course health of the whole course: totals, the main-track funnel, questions worth a
look, this month's pull requests, and the lessons the rules flag.

Per-lesson figures are in ``health.lessons``, the rules in ``health.rules``, quiz item
analysis in ``health.questions``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Count

from community.wanted import merged_this_month
from courses.models import Course, Lesson, LessonProgress
from health.lessons import LessonHealth, lesson_health, trend_weeks
from health.questions import QuestionHealth, question_health
from health.rates import Rates, learners
from health.rules import Flag


@dataclass
class CourseTotals(Rates):
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


def course_totals(course: Course, entries: list[LessonHealth]) -> CourseTotals:
    progress = learners(
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
