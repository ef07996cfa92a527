"""Only attempts that compile count toward opening the reference solution."""

import pytest
from django.test import override_settings
from django.urls import reverse

from courses import exercise_progress
from courses.models import Course, Exercise, ExerciseProgress, Lesson, Track
from grader import submissions
from grader.models import Submission

pytestmark = pytest.mark.django_db

TESTS_RAN = {"status": "tests_failed", "message": "1 of 1 test failed: TestX.", "compiled": True}


@pytest.fixture
def exercise() -> Exercise:
    course = Course.objects.create(slug="go", title="Go")
    track = Track.objects.create(course=course, slug="core", title="Core")
    lesson = Lesson.objects.create(
        course=course, track=track, slug="first", number=1, position=1, title="First"
    )
    return Exercise.objects.create(lesson=lesson, slug="x", title="X", test_names=["TestX"])


def finish(user, exercise: Exercise, result: dict) -> ExerciseProgress:
    submission = Submission.objects.create(
        owner=user, files={"main.go": ""}, kind="test", exercise=exercise
    )
    submissions._finish(submission, result)
    return ExerciseProgress.objects.filter(user=user, exercise=exercise).first()


def test_failures_that_compile_open_the_solution(alice, exercise):
    for _ in range(3):
        progress = finish(alice, exercise, TESTS_RAN)
    assert (progress.attempts, progress.failed_attempts) == (3, 3)
    assert exercise_progress.solution_unlocked(progress)


@pytest.mark.parametrize(
    "status", ["tests_failed", "runtime_error", "timeout", "memory_limit", "output_limit"]
)
def test_every_failure_of_the_tests_counts(alice, exercise, status):
    progress = finish(alice, exercise, {"status": status, "message": "", "compiled": True})
    assert (progress.attempts, progress.failed_attempts) == (1, 1)


@pytest.mark.parametrize(
    "result",
    [
        {"status": "compile_error", "message": "The code does not compile.", "compiled": False},
        {"status": "compile_error", "message": "file name refused"},  # files_refused
        {"status": "timeout", "message": "Compiling took longer than 20 s.", "compiled": False},
    ],
)
def test_code_that_does_not_compile_is_an_attempt_but_no_failure(alice, exercise, result):
    for _ in range(3):
        progress = finish(alice, exercise, result)
    assert (progress.attempts, progress.failed_attempts) == (3, 0)
    assert not exercise_progress.solution_unlocked(progress)
    assert exercise_progress.attempts_until_solution(progress) == 3


@pytest.mark.parametrize("status", ["stopped", "superseded", "sandbox_error"])
def test_a_run_that_judged_nothing_is_no_attempt(alice, exercise, status):
    assert finish(alice, exercise, {"status": status, "message": ""}) is None


def test_passing_after_compile_errors_counts_them_as_attempts(alice, exercise):
    finish(alice, exercise, {"status": "compile_error", "message": "", "compiled": False})
    progress = finish(alice, exercise, {"status": "ok", "message": "", "compiled": True})
    assert progress.passed_at is not None and progress.attempts_to_pass == 2


@override_settings(EXERCISE_SOLUTION_AFTER_FAILURES=3)
def test_the_page_says_that_code_that_does_not_compile_is_not_counted(client, alice, exercise):
    finish(alice, exercise, {"status": "compile_error", "message": "", "compiled": False})
    client.force_login(alice)
    page = client.get(reverse("exercise_status", args=["go", "first", "x"])).content.decode()
    assert "1 attempt so far" in page
    assert "after 3 more failed attempts" in page
    assert "code that does not compile is not counted" in page
