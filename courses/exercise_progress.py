"""Learners' attempts at exercises: hints, verdicts, when the solution opens."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from courses.models import Exercise, ExerciseProgress


def progress_for(user: AbstractBaseUser, exercise: Exercise) -> ExerciseProgress | None:
    if not user.is_authenticated:
        return None
    return ExerciseProgress.objects.filter(user=user, exercise=exercise).first()


def reveal_next_hint(user: AbstractBaseUser, exercise: Exercise) -> int:
    """Open one more hint; return how many are open now."""
    progress, _ = ExerciseProgress.objects.get_or_create(user=user, exercise=exercise)
    if progress.hints_shown < len(exercise.hints_html):
        ExerciseProgress.objects.filter(pk=progress.pk).update(hints_shown=F("hints_shown") + 1)
        progress.refresh_from_db()
    return progress.hints_shown


@transaction.atomic
def record_test_run(
    user_id: int, exercise_id: int, *, passed: bool, compiled: bool
) -> ExerciseProgress:
    """Count one graded attempt; the grader calls this once per submission it judged.

    Every judged attempt counts in `attempts`; only code that compiled and failed its tests
    counts in `failed_attempts`, which opens the solution: resubmitting code that does not
    build (the starter, say) must not give the answer away.
    """
    progress, _ = ExerciseProgress.objects.select_for_update().get_or_create(
        user_id=user_id, exercise_id=exercise_id
    )
    progress.attempts += 1
    if passed and progress.passed_at is None:
        progress.passed_at = timezone.now()
        progress.attempts_to_pass = progress.attempts
    elif not passed and compiled:
        progress.failed_attempts += 1
    progress.save()
    return progress


def solution_unlocked(progress: ExerciseProgress | None) -> bool:
    if progress is None:
        return False
    if progress.passed_at is not None:
        return True
    return progress.failed_attempts >= settings.EXERCISE_SOLUTION_AFTER_FAILURES


def attempts_until_solution(progress: ExerciseProgress | None) -> int:
    failed = progress.failed_attempts if progress else 0
    return max(0, settings.EXERCISE_SOLUTION_AFTER_FAILURES - failed)


def is_runnable(exercise: Exercise) -> bool:
    """Only `package main` exercises have a program to run; the others are tested only."""
    return any(
        line.strip() == "package main"
        for source in exercise.starter_files.values()
        for line in source.splitlines()
    )
