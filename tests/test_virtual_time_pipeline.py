"""Runs and submissions on the virtual clock, through the real pipeline: HTTP post →
Redis → Celery worker → the sandbox → the page."""

import pytest

from courses.models import Exercise, ExerciseProgress
from grader.models import Submission
from tests.test_grader_pipeline import run_as, wait_until_done

pytestmark = [pytest.mark.docker, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

SLEEPER = """package main

import (
	"fmt"
	"time"
)

func main() {
	start := time.Now()
	fmt.Println("waiting")
	time.Sleep(2 * time.Second)
	fmt.Println("waited", time.Since(start))
}
"""


def test_a_lesson_run_on_the_virtual_clock_shows_when_lines_came(client, alice, worker):
    submission, page = run_as(client, alice, {"code": SLEEPER, "clock": "virtual"})
    assert "Ran successfully" in page
    assert '<span class="run-after">after 2s</span>waited 2s\n' in page
    assert "virtual clock" in page
    assert submission.options["virtual_time"] is True
    assert submission.result["stdout_times"] == [[len("waiting\n"), 2000]]


def test_a_run_on_the_real_clock_has_no_markers(client, alice, worker):
    fast = SLEEPER.replace("2 * time.Second", "time.Millisecond")
    _, page = run_as(client, alice, {"code": fast, "clock": "real"})
    assert "Ran successfully" in page and "waiting" in page
    assert "run-after" not in page and "virtual clock" not in page


YEAR_FILES = {
    "starter/year.go": "package year\n\nfunc Year() int { return 0 }\n",
    "solution/year.go": 'package year\n\nimport "time"\n\nfunc Year() int { return time.Now().Year() }\n',
    # The virtual clock starts in 2009: only a test on the real clock sees a later year.
    "tests/year_test.go": 'package year\n\nimport "testing"\n\nfunc TestYear(t *testing.T) {\n'
    '\tif Year() == 2009 {\n\t\tt.Error("virtual clock")\n\t}\n}\n',
}


def test_an_exercise_keeps_the_real_clock_unless_it_opts_in(client, alice, worker, synced_content):
    from content_pipeline.autosync import sync_and_record
    from tests.conftest import write_exercise

    exercise_dir = synced_content / "go/lessons/01-first/exercises/year"
    write_exercise(exercise_dir, "title: Year\nconcepts: [fmt]\n", YEAR_FILES)
    assert sync_and_record(synced_content)[1] == []
    exercise = Exercise.objects.get(slug="year")
    assert exercise.options["virtual_time"] is False
    solution = {"file:year.go": YEAR_FILES["solution/year.go"]}
    client.force_login(alice)
    client.post(f"/grader/exercises/{exercise.pk}/submit/", solution)
    page = wait_until_done(client, Submission.objects.get())
    assert "All tests passed" in page
    assert ExerciseProgress.objects.get(user=alice, exercise=exercise).passed_at is not None

    write_exercise(exercise_dir, "title: Year\nconcepts: [fmt]\nvirtual_time: true\n", {})
    assert sync_and_record(synced_content)[1] == []
    exercise.refresh_from_db()
    assert exercise.options["virtual_time"] is True
    exercise_page = client.get(exercise.get_absolute_url()).content.decode()
    assert "on a virtual clock like the Go Playground" in exercise_page
    client.post(f"/grader/exercises/{exercise.pk}/submit/", solution)
    page = wait_until_done(client, Submission.objects.order_by("-queued_at").first())
    assert "Some tests failed" in page and "virtual clock" in page
