"""The grading pipeline's web side: validation, limits, queue outages, recovery."""

import threading
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from gocourse.celery import app as celery_app
from grader import admission, submissions, waiting
from grader.models import Submission
from tests.conftest import use_broker

pytestmark = pytest.mark.django_db

HELLO = 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hi") }\n'


@pytest.fixture
def broker_down():
    """Point Celery at a port where nothing listens: a real, refused connection."""
    original = celery_app.conf.broker_url
    use_broker("redis://127.0.0.1:1/0")
    yield
    use_broker(original)


def post_run(client, code=HELLO, kind="run", **extra):
    return client.post(
        "/grader/run/", {"code": code, "kind": kind, **extra}, headers={"HX-Request": "true"}
    )


def test_running_code_needs_an_account(client):
    response = post_run(client)
    assert response.status_code == 401
    assert "Log in to run code" in response.content.decode()
    assert not Submission.objects.exists()


def test_a_run_is_stored_and_answered_with_a_polling_partial(
    client, alice, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=False):
        response = post_run(client)
    assert response.status_code == 202
    submission = Submission.objects.get()
    assert submission.files == {"main.go": HELLO}
    assert submission.state == "queued"
    page = response.content.decode()
    # The first poll starts at once and is held by the server until the result is in.
    assert f'hx-get="/grader/submissions/{submission.public_id}/?wait=2"' in page
    assert 'hx-trigger="load"' in page and 'hx-target="this"' in page


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({}, "no code"),
        ({f"f{i}.go": "package main" for i in range(21)}, "At most 20 files"),
        ({"../etc/passwd": "x"}, "not an allowed file name"),
        ({"main.go; rm -rf /": "x"}, "not an allowed file name"),
        ({"hidden_test.go": "package main"}, "not an allowed file name"),
        ({"main.go": "x" * (64 * 1024 + 1)}, "the limit is 64 KiB"),
    ],
)
def test_bad_submissions_are_rejected_with_a_clear_message(alice, files, message):
    with pytest.raises(admission.SubmissionRejected, match=message):
        submissions.create_submission(alice, files, "run")
    assert not Submission.objects.exists()


def test_oversized_code_gets_a_400_partial(client, alice):
    client.force_login(alice)
    response = post_run(client, code="// " + "x" * 70_000)
    assert response.status_code == 400
    assert "the limit is 64 KiB" in response.content.decode()


def test_runs_are_rate_limited_per_learner(
    client, alice, staff, settings, django_capture_on_commit_callbacks
):
    settings.GRADER_RUNS_PER_MINUTE = 3
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=False):
        statuses = [post_run(client).status_code for _ in range(4)]
    assert statuses == [202, 202, 202, 429]
    assert "the limit is 3" in post_run(client).content.decode()
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=False):
        assert post_run(client).status_code == 202


def test_with_the_queue_down_the_submission_is_kept_and_the_learner_told(
    client, alice, broker_down, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_run(client)
    submission = Submission.objects.get()
    assert submission.needs_enqueue
    detail = client.get(f"/grader/submissions/{submission.public_id}/").content.decode()
    assert "grading queue is unreachable" in detail
    assert response.status_code == 202


@pytest.mark.redis
def test_kept_submissions_are_sent_once_the_queue_is_back(alice):
    submission = Submission.objects.create(
        owner=alice, files={"main.go": HELLO}, needs_enqueue=True
    )
    resent, requeued, failed = submissions.recover_submissions()
    assert (resent, requeued, failed) == (1, 0, 0)
    submission.refresh_from_db()
    assert not submission.needs_enqueue


def test_a_stuck_submission_is_requeued_once_then_failed(alice, settings, broker_down):
    long_ago = timezone.now() - timedelta(seconds=settings.GRADER_STUCK_AFTER + 5)
    submission = Submission.objects.create(
        owner=alice, files={"main.go": HELLO}, state="running", started_at=long_ago, attempts=1
    )
    assert submissions.recover_submissions()[1] == 1
    submission.refresh_from_db()
    assert submission.state == "queued"

    Submission.objects.filter(pk=submission.pk).update(
        state="running", started_at=long_ago, attempts=2
    )
    assert submissions.recover_submissions()[2] == 1
    submission.refresh_from_db()
    assert submission.state == "done"
    assert submission.status == "sandbox_error"
    assert "stopped twice" in submission.result["message"]


def test_submissions_are_private_to_their_owner(client, alice, staff):
    submission = Submission.objects.create(owner=alice, files={"main.go": HELLO})
    client.force_login(staff)
    assert client.get(f"/grader/submissions/{submission.public_id}/").status_code == 404
    assert client.get(f"/grader/submissions/{submission.public_id}.json").status_code == 404
    client.force_login(alice)
    data = client.get(f"/grader/submissions/{submission.public_id}.json").json()
    assert data["state"] == "queued"
    assert data["result"] is None


def test_a_finished_submission_shows_its_verdict_without_polling(client, alice):
    submission = Submission.objects.create(
        owner=alice,
        files={"main.go": HELLO},
        state="done",
        status="compile_error",
        result={
            "status": "compile_error",
            "message": "1 error",
            "compile_errors": [
                {"file": "main.go", "line": 5, "column": 2, "message": "undefined: x"}
            ],
        },
    )
    client.force_login(alice)
    page = client.get(f"/grader/submissions/{submission.public_id}/").content.decode()
    assert "Does not compile" in page
    assert "main.go:5:2" in page and "undefined: x" in page
    assert "hx-get" not in page


@pytest.mark.parametrize("finished_ago, still_waits", [(1, True), (60, False)])
def test_output_shown_before_go_vet_answers_keeps_polling_for_the_findings(
    client, alice, finished_ago, still_waits
):
    submission = Submission.objects.create(
        owner=alice,
        files={"main.go": HELLO},
        state="done",
        status="ok",
        finished_at=timezone.now() - timedelta(seconds=finished_ago),
        result={"status": "ok", "message": "", "stdout": "hi\n", "vet": [], "vet_pending": True},
    )
    client.force_login(alice)
    page = client.get(f"/grader/submissions/{submission.public_id}/").content.decode()
    assert "Ran successfully" in page and "hi" in page
    # A worker lost while vet ran must not leave the page polling forever.
    assert ("hx-get" in page) is still_waits
    assert ("go vet is still checking" in page) is still_waits

    Submission.objects.filter(pk=submission.pk).update(
        result={
            "status": "ok",
            "message": "",
            "stdout": "hi\n",
            "vet_pending": False,
            "vet": [{"file": "main.go", "line": 5, "column": 14, "message": "a vet finding"}],
        }
    )
    page = client.get(f"/grader/submissions/{submission.public_id}/").content.decode()
    assert "hx-get" not in page
    assert "main.go:5:14" in page and "a vet finding" in page


@pytest.mark.django_db(transaction=True)
def test_a_held_poll_answers_with_the_result_stored_while_it_waited(client, alice):
    submission = Submission.objects.create(owner=alice, files={"main.go": HELLO})
    client.force_login(alice)

    def worker_finishes() -> None:
        time.sleep(0.3)
        Submission.objects.filter(pk=submission.pk).update(
            state="done",
            status="ok",
            finished_at=timezone.now(),
            result={"status": "ok", "message": "", "stdout": "hi\n", "vet": []},
        )
        connection.close()

    finisher = threading.Thread(target=worker_finishes)
    finisher.start()
    page = client.get(f"/grader/submissions/{submission.public_id}/?wait=2").content.decode()
    finisher.join()
    assert "Ran successfully" in page and "hx-get" not in page


def test_with_every_waiting_slot_taken_a_poll_answers_at_once_and_asks_for_a_pause(client, alice):
    submission = Submission.objects.create(owner=alice, files={"main.go": HELLO})
    client.force_login(alice)
    taken = 0
    while waiting._slots.acquire(blocking=False):
        taken += 1
    try:
        page = client.get(f"/grader/submissions/{submission.public_id}/?wait=2").content.decode()
        data = client.get(f"/grader/submissions/{submission.public_id}.json?wait=2").json()
    finally:
        for _ in range(taken):
            waiting._slots.release()
    assert taken == settings.GRADER_WAIT_SLOTS
    assert "Queued" in page and 'hx-trigger="load delay:300ms"' in page
    assert data["state"] == "queued" and data["waited"] is False


def test_running_a_finished_submission_again_changes_nothing(alice):
    submission = Submission.objects.create(
        owner=alice, files={"main.go": HELLO}, state="done", status="ok", result={"status": "ok"}
    )
    submissions.execute_submission(submission.pk)
    submission.refresh_from_db()
    assert submission.attempts == 0


def add_double_exercise(synced_content):
    from content_pipeline.autosync import sync_and_record
    from courses.models import Exercise
    from tests.conftest import write

    folder = synced_content / "go/lessons/01-first/exercises/double"
    write(folder / "exercise.md", "---\ntitle: Double\nconcepts: [fmt]\n---\n\nWrite it.\n")
    write(folder / "starter/double.go", "package double\n\nfunc Double(n int) int { return 0 }\n")
    write(
        folder / "solution/double.go", "package double\n\nfunc Double(n int) int { return 2 * n }\n"
    )
    write(
        folder / "tests/double_test.go",
        'package double\n\nimport "testing"\n\nfunc TestDouble(t *testing.T) {\n\tDouble(1)\n}\n',
    )
    assert sync_and_record(synced_content)[1] == []
    return Exercise.objects.get(slug="double")


def test_an_exercise_page_is_a_form_that_works_without_javascript(client, alice, synced_content):
    exercise = add_double_exercise(synced_content)
    client.force_login(alice)
    page = client.get(exercise.get_absolute_url()).content.decode()
    action = f"/grader/exercises/{exercise.pk}/submit/"
    assert (
        f'<form id="exercise-submit-form" class="exercise-actions" method="post" action="{action}"'
        in page
    )
    assert 'name="csrfmiddlewaretoken"' in page
    assert (
        '<textarea class="go-editor-input" name="file:double.go" form="exercise-submit-form"'
        in page
    )
    assert '<button type="submit" class="button exercise-submit">' in page


def test_a_form_post_without_htmx_lands_on_a_whole_result_page(
    client, alice, synced_content, django_capture_on_commit_callbacks
):
    exercise = add_double_exercise(synced_content)
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            f"/grader/exercises/{exercise.pk}/submit/",
            {"file:double.go": exercise.starter_files["double.go"]},
        )
    submission = Submission.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/grader/submissions/{submission.public_id}/"
    page = client.get(response["Location"]).content.decode()
    assert page.startswith("<!doctype html>") and "Back to the exercise" in page
    # Nothing polls without JavaScript: the page reloads itself until the verdict is in.
    assert '<noscript><meta http-equiv="refresh" content="1"></noscript>' in page


def test_a_finished_result_page_stops_reloading(client, alice):
    client.force_login(alice)
    submission = Submission.objects.create(
        owner=alice,
        kind="run",
        files={"main.go": HELLO},
        state="done",
        status="ok",
        result={"stdout": "hi\n"},
        finished_at=timezone.now(),
    )
    page = client.get(f"/grader/submissions/{submission.public_id}/").content.decode()
    assert "Ran successfully" in page and 'http-equiv="refresh"' not in page
    partial = client.get(
        f"/grader/submissions/{submission.public_id}/", headers={"HX-Request": "true"}
    ).content.decode()
    assert "<!doctype html>" not in partial and "Ran successfully" in partial


def test_a_rejected_form_post_without_htmx_is_a_whole_page(client, alice, synced_content):
    exercise = add_double_exercise(synced_content)
    client.force_login(alice)
    response = client.post(f"/grader/exercises/{exercise.pk}/submit/", {"file:other.go": "x"})
    assert response.status_code == 400
    page = response.content.decode()
    assert page.startswith("<!doctype html>") and "expects the files double.go" in page


@pytest.mark.parametrize(
    ("extra", "options"),
    [
        ({}, {"race": False, "virtual_time": False}),
        ({"clock": "virtual"}, {"race": False, "virtual_time": True}),
        ({"clock": "real", "race": "on"}, {"race": True, "virtual_time": False}),
        # Run with -race on a virtual-clock example: a race run is on the real clock.
        ({"clock": "virtual", "race": "on"}, {"race": True, "virtual_time": False}),
    ],
)
def test_a_run_keeps_what_the_lesson_asked_for(
    client, alice, django_capture_on_commit_callbacks, extra, options
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=False):
        assert post_run(client, **extra).status_code == 202
    assert Submission.objects.get().options == options


def test_an_exercise_submission_takes_its_options_from_the_exercise(
    client, alice, synced_content, django_capture_on_commit_callbacks
):
    from content_pipeline.autosync import sync_and_record
    from tests.conftest import write

    exercise = add_double_exercise(synced_content)
    folder = synced_content / "go/lessons/01-first/exercises/double"
    write(folder / "exercise.md", "---\ntitle: Double\nconcepts: [fmt]\nrace: true\n---\n\nGo.\n")
    assert sync_and_record(synced_content)[1] == []
    exercise.refresh_from_db()
    assert exercise.options == {"race": True, "virtual_time": False}
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=False):
        client.post(
            f"/grader/exercises/{exercise.pk}/submit/",
            # The page cannot switch the race detector off for a graded submission.
            {"file:double.go": exercise.starter_files["double.go"], "race": ""},
            headers={"HX-Request": "true"},
        )
    assert Submission.objects.get().options == {"race": True, "virtual_time": False}


def test_a_run_option_that_is_not_a_boolean_is_a_content_error(synced_content):
    from content_pipeline.autosync import sync_and_record
    from tests.conftest import write

    folder = synced_content / "go/lessons/01-first/exercises/double"
    add_double_exercise(synced_content)
    write(folder / "exercise.md", "---\ntitle: Double\nconcepts: [fmt]\nrace: yes please\n---\n")
    errors = sync_and_record(synced_content)[1]
    assert any("exercise.md:4: 'race' must be true or false" in str(error) for error in errors)
