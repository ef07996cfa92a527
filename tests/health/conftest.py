import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from courses.models import Lesson, LessonProgress
from health.models import LessonFeedback
from quizzes.models import QuizAttempt

NOW = timezone.now()


class Cohort:
    """Synthetic learners whose figures are known in advance."""

    def __init__(self) -> None:
        self.count = 0

    def learners(self, n: int) -> list[User]:
        users = [User(username=f"learner{self.count + i}") for i in range(n)]
        self.count += n
        return User.objects.bulk_create(users)

    def start(self, users, lesson: Lesson, minutes_to_complete=None) -> None:
        for n, user in enumerate(users):
            progress = LessonProgress.objects.create(user=user, lesson=lesson)
            completed = None
            if minutes_to_complete is not None and n < len(minutes_to_complete):
                completed = (
                    NOW - dt.timedelta(hours=1) + dt.timedelta(minutes=minutes_to_complete[n])
                )
            LessonProgress.objects.filter(pk=progress.pk).update(
                started_at=NOW - dt.timedelta(hours=1), completed_at=completed
            )

    def quiz(self, users, lesson: Lesson, finished: int) -> None:
        for n, user in enumerate(users):
            QuizAttempt.objects.create(
                user=user,
                lesson=lesson,
                finished_at=NOW if n < finished else None,
                outcome=QuizAttempt.MASTERED if n < finished else "",
            )

    def rate(self, users, lesson: Lesson, confusing: int, difficulty=3, section="") -> None:
        LessonFeedback.objects.bulk_create(
            LessonFeedback(
                user=user,
                lesson=lesson,
                difficulty=difficulty,
                confusing=n < confusing,
                confusing_section=section if n < confusing else "",
            )
            for n, user in enumerate(users)
        )


@pytest.fixture
def cohort(db) -> Cohort:
    return Cohort()


@pytest.fixture
def first(synced_content) -> Lesson:
    return Lesson.objects.get(slug="01-first")


@pytest.fixture
def second(synced_content) -> Lesson:
    return Lesson.objects.get(slug="02-second")
