"""Runs and submissions with the race detector, through the real pipeline: HTTP post →
Redis → Celery worker → the race image builds, the plain image runs → the page."""

import pytest

from courses.models import Exercise, ExerciseProgress
from grader import sandbox
from grader.models import Submission
from grader.sandbox.race_image import build_race_image
from tests.test_grader_pipeline import run_as, wait_until_done

pytestmark = [pytest.mark.docker, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

RACY = """package main

import (
	"fmt"
	"sync"
)

func main() {
	count := 0
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			count++
		})
	}
	wg.Wait()
	fmt.Println("count:", count)
}
"""


@pytest.fixture(scope="module", autouse=True)
def race_image():
    """Both images, up to date (built if missing: skipped when their inputs are unchanged)."""
    return build_race_image(sandbox.build_image())


def test_run_with_race_shows_the_race_and_marks_both_accesses(client, alice, worker):
    submission, page = run_as(client, alice, {"code": RACY, "race": "on"})
    assert "Data race detected" in page
    assert page.count('data-file="main.go" data-line="13"') == 2  # both count++ accesses
    # wg.Go starts the goroutines: the race runtime keeps only that frame of their creation.
    assert "created in sync.(*WaitGroup).Go" in page
    assert "WARNING: DATA RACE" in page  # the raw report, in its <details>
    assert submission.status == "data_race"


def test_the_same_run_without_race_just_prints(client, alice, worker):
    _, page = run_as(client, alice, {"code": RACY})
    assert "Ran successfully" in page and "count: 2" in page
    assert "Data race detected" not in page


def test_a_race_exercise_fails_a_racy_solution_with_the_right_answers(
    client, alice, worker, synced_content
):
    from content_pipeline.autosync import sync_and_record
    from tests.conftest import write_exercise

    locked = (
        'package count\n\nimport "sync"\n\nfunc Count(n int) int {\n\tvar mu sync.Mutex\n'
        "\tvar wg sync.WaitGroup\n\ttotal := 0\n\tfor range n {\n\t\twg.Go(func() {\n"
        "\t\t\tmu.Lock()\n\t\t\ttotal++\n\t\t\tmu.Unlock()\n\t\t})\n\t}\n\twg.Wait()\n"
        "\treturn total\n}\n"
    )
    # The count is always right, but `finished` is written outside the lock: nothing
    # orders one goroutine's write after another's.
    racy = locked.replace("\ttotal := 0\n", "\ttotal, finished := 0, 0\n").replace(
        "\t\t\tmu.Unlock()\n", "\t\t\tmu.Unlock()\n\t\t\tfinished++\n"
    )
    racy = racy.replace("\treturn total\n", "\t_ = finished\n\treturn total\n")
    write_exercise(
        synced_content / "go/lessons/01-first/exercises/count",
        "title: Count\nconcepts: [fmt]\nrace: true\n",
        {
            "starter/count.go": "package count\n\nfunc Count(n int) int { return 0 }\n",
            "solution/count.go": locked,
            "tests/count_test.go": 'package count\n\nimport "testing"\n\n'
            "func TestCount(t *testing.T) {\n\tif got := Count(10); got != 10 {\n"
            '\t\tt.Errorf("Count(10) = %d, want 10", got)\n\t}\n}\n',
        },
    )
    assert sync_and_record(synced_content)[1] == []
    exercise = Exercise.objects.get(slug="count")
    assert exercise.options["race"] is True
    client.force_login(alice)
    exercise_page = client.get(exercise.get_absolute_url()).content.decode()
    assert "built with the race detector" in exercise_page

    client.post(f"/grader/exercises/{exercise.pk}/submit/", {"file:count.go": racy})
    page = wait_until_done(client, Submission.objects.get())
    assert "Data race detected" in page and "count.go" in page
    progress = ExerciseProgress.objects.get(user=alice, exercise=exercise)
    assert progress.passed_at is None

    client.post(f"/grader/exercises/{exercise.pk}/submit/", {"file:count.go": locked})
    page = wait_until_done(client, Submission.objects.order_by("-queued_at").first())
    assert "All tests passed" in page
    progress.refresh_from_db()
    assert progress.passed_at is not None
