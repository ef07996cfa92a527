"""Browser-less journey through the real pipeline: HTTP post → Redis → Celery worker →
Docker sandbox → result on the page."""

import time

import pytest

from courses.models import Exercise, ExerciseProgress
from grader.models import Submission

pytestmark = [pytest.mark.docker, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

HELLO = (
    'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hello from the pipeline")\n}\n'
)


def wait_until_done(client, submission: Submission, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page = client.get(f"/grader/submissions/{submission.public_id}/").content.decode()
        if "hx-get" not in page:
            return page
        time.sleep(0.2)
    raise AssertionError("the submission never finished")


def run_as(client, user, fields: dict[str, str]) -> tuple[Submission, str]:
    """`user` clicks Run with these form fields; the submission and its finished page."""
    client.force_login(user)
    client.post("/grader/run/", {"kind": "run", **fields})
    submission = Submission.objects.latest("queued_at")
    page = wait_until_done(client, submission)
    submission.refresh_from_db()
    return submission, page


def test_run_goes_through_queue_worker_and_sandbox(client, alice, worker):
    client.force_login(alice)
    response = client.post("/grader/run/", {"code": HELLO, "kind": "run"})
    assert response.status_code == 202
    submission = Submission.objects.get()
    page = wait_until_done(client, submission)
    assert "Ran successfully" in page
    assert "hello from the pipeline" in page
    submission.refresh_from_db()
    assert submission.status == "ok"
    assert submission.attempts == 1
    data = client.get(f"/grader/submissions/{submission.public_id}.json").json()
    assert data["state"] == "done" and data["result"]["stdout"] == "hello from the pipeline\n"


def test_vet_findings_reach_the_page_after_the_output(client, alice, worker):
    client.force_login(alice)
    code = 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Printf("%d\\n", "seven")\n}\n'
    client.post("/grader/run/", {"code": code, "kind": "run"})
    page = wait_until_done(client, Submission.objects.get())
    assert "%!d(string=seven)" in page
    assert "go vet:" in page and "main.go:6:" in page and "wrong type string" in page
    assert "still checking" not in page
    assert Submission.objects.get().result["vet_pending"] is False


def test_compile_errors_come_back_with_positions(client, alice, worker):
    client.force_login(alice)
    client.post(
        "/grader/run/", {"code": "package main\n\nfunc main() {\n\tx := 1\n}\n", "kind": "run"}
    )
    page = wait_until_done(client, Submission.objects.get())
    assert "Does not compile" in page
    assert 'data-line="4"' in page
    assert "declared and not used" in page


def test_format_returns_gofmt_output(client, alice, worker):
    client.force_login(alice)
    client.post(
        "/grader/run/", {"code": "package main\nfunc main(){println( 1 )}\n", "kind": "format"}
    )
    page = wait_until_done(client, Submission.objects.get())
    assert 'class="run-formatted"' in page
    assert "func main() { println(1) }" in page


def test_an_exercise_submission_records_per_test_results_and_progress(
    client, alice, worker, synced_content
):
    from tests.conftest import write

    exercise_dir = synced_content / "go/lessons/01-first/exercises/double"
    write(
        exercise_dir / "exercise.md", "---\ntitle: Double\nconcepts: [fmt]\n---\n\nWrite Double.\n"
    )
    write(
        exercise_dir / "starter/double.go",
        "package double\n\nfunc Double(n int) int { return 0 }\n",
    )
    write(
        exercise_dir / "solution/double.go",
        "package double\n\nfunc Double(n int) int { return 2 * n }\n",
    )
    write(
        exercise_dir / "tests/double_test.go",
        'package double\n\nimport "testing"\n\n'
        "func TestDoubleOfTwo(t *testing.T) {\n\tif got := Double(2); got != 4 {\n"
        '\t\tt.Errorf("Double(2) = %d, want 4", got)\n\t}\n}\n\n'
        "func TestDoubleOfZero(t *testing.T) {\n\tif got := Double(0); got != 0 {\n"
        '\t\tt.Errorf("Double(0) = %d, want 0", got)\n\t}\n}\n',
    )
    from content_pipeline.autosync import sync_and_record

    assert sync_and_record(synced_content)[1] == []
    exercise = Exercise.objects.get(slug="double")
    client.force_login(alice)

    client.post(
        f"/grader/exercises/{exercise.pk}/submit/",
        {"file:double.go": exercise.starter_files["double.go"]},
    )
    page = wait_until_done(client, Submission.objects.get())
    assert "Some tests failed" in page
    assert "TestDoubleOfTwo" in page and "Double(2) = 0, want 4" in page
    assert "if got := Double(2)" not in page  # hidden test sources stay hidden
    progress = ExerciseProgress.objects.get(user=alice, exercise=exercise)
    assert (progress.attempts, progress.failed_attempts, progress.passed_at) == (1, 1, None)

    client.post(
        f"/grader/exercises/{exercise.pk}/submit/",
        {"file:double.go": exercise.solution_files["double.go"]},
    )
    page = wait_until_done(client, Submission.objects.order_by("-queued_at").first())
    assert "All tests passed" in page
    progress.refresh_from_db()
    assert progress.passed_at is not None and progress.attempts_to_pass == 2


SPIN = "package main\n\nfunc main() {\n\tfor {\n\t}\n}\n"


def wait_for_state(submission: Submission, state: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        submission.refresh_from_db()
        if submission.state == state:
            return
        time.sleep(0.05)
    raise AssertionError(f"the submission never reached {state}")


def test_stop_kills_a_running_program_before_its_time_limit(client, alice, worker):
    client.force_login(alice)
    client.post("/grader/run/", {"code": SPIN, "kind": "run"})
    submission = Submission.objects.get()
    wait_for_state(submission, "running")
    time.sleep(1.5)  # past the build: the program spins in its container

    client.post(f"/grader/submissions/{submission.public_id}/stop/", headers={"HX-Request": "true"})
    page = wait_until_done(client, submission)
    # Left alone it would have ended as "timeout" after SANDBOX_RUN_TIMEOUT.
    assert "Stopped" in page and "Stopped before it finished" in page
    submission.refresh_from_db()
    assert submission.status == "stopped"


def test_a_new_run_from_the_same_editor_stops_the_running_one_and_runs(client, alice, worker):
    client.force_login(alice)
    client.post("/grader/run/", {"code": SPIN, "kind": "run"})
    first = Submission.objects.get()
    wait_for_state(first, "running")

    client.post("/grader/run/", {"code": HELLO, "kind": "run"})
    second = Submission.objects.exclude(pk=first.pk).get()
    assert "hello from the pipeline" in wait_until_done(client, second)
    first.refresh_from_db()
    assert first.status == "stopped"
