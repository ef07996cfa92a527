"""A classroom shares the workers: one learner's clicks never queue in front of everyone
else (one submission in flight per lane, the latest Run wins), the limits hold under
parallel requests, and a learner can see their place in line and stop."""

import threading

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.utils import timezone

from grader import queues, stopping, submissions
from grader.models import Submission

pytestmark = pytest.mark.django_db

HELLO = 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hi") }\n'
HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    """These tests are about admission; what reaches the broker is tested elsewhere."""
    monkeypatch.setattr(submissions, "enqueue", lambda submission: True)


def run(client, block=0, lesson=None, code=HELLO):
    data = {"code": code, "kind": "run", "block": block}
    if lesson is not None:
        data["lesson"] = lesson
    return client.post("/grader/run/", data, headers=HTMX)


def test_a_new_run_from_the_same_editor_replaces_the_one_still_waiting(client, alice):
    client.force_login(alice)
    assert run(client).status_code == 202
    first = Submission.objects.get()
    assert run(client, code=HELLO + "// edited\n").status_code == 202

    first.refresh_from_db()
    assert (first.state, first.status) == ("done", "superseded")
    latest = Submission.objects.exclude(pk=first.pk).get()
    assert latest.state == "queued"
    page = client.get(f"/grader/submissions/{first.public_id}/").content.decode()
    assert "Replaced by a newer run" in page and "hx-get" not in page


def test_a_new_run_from_the_same_editor_stops_the_one_running(client, alice):
    client.force_login(alice)
    run(client)
    first = Submission.objects.get()
    Submission.objects.filter(pk=first.pk).update(state="running", started_at=timezone.now())

    assert run(client).status_code == 202
    first.refresh_from_db()
    assert first.state == "running" and first.stop_requested_at is not None
    assert stopping.stop_requested(first.pk)


def test_a_run_from_another_editor_while_one_is_in_flight_is_refused_with_a_message(client, alice):
    client.force_login(alice)
    run(client, block=0)
    response = run(client, block=1)
    assert response.status_code == 429
    assert "already have code running in another editor" in response.content.decode()
    assert Submission.objects.count() == 1
    # Once the first is done, the other editor runs.
    Submission.objects.update(state="done", status="ok")
    assert run(client, block=1).status_code == 202


def test_a_submit_while_the_previous_one_is_graded_is_refused_and_runs_still_go(client, alice):
    client.force_login(alice)
    Submission.objects.create(owner=alice, files={"main.go": HELLO}, kind="test", state="running")
    with pytest.raises(submissions.admission.SubmissionRejected, match="still being graded"):
        submissions.create_submission(alice, {"main.go": HELLO}, "test")
    # Runs have their own lane.
    assert run(client).status_code == 202


def test_other_learners_are_not_limited_by_one_learners_lane(client, alice, staff):
    client.force_login(alice)
    run(client, block=0)
    client.force_login(staff)
    assert run(client, block=1).status_code == 202


def test_stop_drops_a_waiting_run_at_once(client, alice):
    client.force_login(alice)
    run(client)
    submission = Submission.objects.get()
    response = client.post(f"/grader/submissions/{submission.public_id}/stop/", headers=HTMX)
    assert response.status_code == 200
    assert "Stopped" in response.content.decode() and "hx-get" not in response.content.decode()
    submission.refresh_from_db()
    assert (submission.state, submission.status) == ("done", "stopped")
    # The worker that later takes its task leaves it alone.
    submissions.execute_submission(submission.pk)
    submission.refresh_from_db()
    assert submission.attempts == 0


def test_stop_through_the_json_endpoint(client, alice):
    client.force_login(alice)
    run(client)
    submission = Submission.objects.get()
    data = client.get(f"/grader/submissions/{submission.public_id}.json").json()
    assert data["queue_position"] == 1 and data["estimated_start_seconds"] >= 1
    data = client.post(data["stop_url"]).json()
    assert data["state"] == "done" and data["status"] == "stopped"
    assert data["queue_position"] is None


def test_without_javascript_stop_is_a_form_that_returns_to_the_page(client, alice):
    client.force_login(alice)
    run(client)
    submission = Submission.objects.get()
    page = client.get(f"/grader/submissions/{submission.public_id}/").content.decode()
    assert (
        f'<form class="run-stop-form" method="post" action="/grader/submissions/{submission.public_id}/stop/"'
        in page
    )
    response = client.post(
        f"/grader/submissions/{submission.public_id}/stop/",
        headers={"Referer": "http://testserver/learn/go/01-first/"},
    )
    assert (
        response.status_code == 302
        and response["Location"] == "http://testserver/learn/go/01-first/"
    )
    forged = client.post(
        f"/grader/submissions/{submission.public_id}/stop/",
        headers={"Referer": "https://evil.example/"},
    )
    assert forged["Location"] == f"/grader/submissions/{submission.public_id}/"


def test_only_the_owner_can_stop(client, alice, staff):
    submission = Submission.objects.create(owner=alice, files={"main.go": HELLO})
    client.force_login(staff)
    assert client.post(f"/grader/submissions/{submission.public_id}/stop/").status_code == 404
    submission.refresh_from_db()
    assert submission.state == "queued"


def test_a_waiting_learner_sees_their_place_in_line(client, alice):
    others = [User.objects.create_user(f"learner{i}") for i in range(3)]
    for other in others:
        submissions.create_submission(other, {"main.go": HELLO}, "run")
    # Submits wait in their own queue: they are not ahead of a Run.
    submissions.create_submission(others[0], {"main.go": HELLO}, "test")
    client.force_login(alice)
    page = run(client).content.decode()
    assert "Queued: 4 in line" in page and "starts in about" in page
    assert '<button type="submit" class="run-stop">Stop</button>' in page

    Submission.objects.filter(owner__in=others[:2], kind="run").update(state="running")
    mine = Submission.objects.get(owner=alice)
    assert queues.place_in_queue(mine).position == 2


def test_runs_and_submits_go_to_their_own_queues():
    assert queues.queue_for("run") == queues.queue_for("format") == "interactive"
    assert queues.queue_for("test") == "graded"


@pytest.mark.django_db(transaction=True)
def test_parallel_runs_from_one_account_never_pass_the_limits(settings):
    """Forty clicks at once from one new account: the per-minute limit is never passed,
    and one submission at most is left in flight (the latest click's)."""
    settings.GRADER_RUNS_PER_MINUTE = 20
    User.objects.create_user("flooder", password="flood horse battery")
    statuses: list[int] = []
    lock = threading.Lock()
    start = threading.Barrier(40)

    def click() -> None:
        client = Client()
        client.login(username="flooder", password="flood horse battery")
        start.wait()
        status = run(client).status_code
        with lock:
            statuses.append(status)
        connection.close()

    threads = [threading.Thread(target=click) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert set(statuses) <= {202, 429}, statuses
    assert statuses.count(202) == Submission.objects.count() <= 20
    assert Submission.objects.exclude(state="done").count() == 1
