import json

import pytest
from django.test import Client

from community.models import Delivery, PullRequest
from community.webhook import sign, verify_signature
from tests.community.github import SECRET, WEBHOOK, deliver, payload, post

pytestmark = pytest.mark.django_db


def test_signature_matches_githubs_documented_test_vector():
    secret, body = "It's a Secret to Everybody", b"Hello, World!"
    expected = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
    assert sign(secret, body) == expected
    assert verify_signature(secret, body, expected)


def test_signature_rejects_forgeries_and_an_unset_secret():
    body = b"Hello, World!"
    good = sign("s3cret", body)
    assert not verify_signature("s3cret", body + b" ", good)
    assert not verify_signature("other", body, good)
    assert not verify_signature("s3cret", body, good.replace("sha256=", "sha1="))
    assert not verify_signature("s3cret", body, None)
    assert not verify_signature("", body, sign("", body))


def test_a_forged_signature_is_refused_and_nothing_is_stored(client):
    response = post(client, "pull_request", payload("pull_request.opened"), secret="guess")
    assert response.status_code == 403
    assert not Delivery.objects.exists() and not PullRequest.objects.exists()


def test_a_missing_signature_is_refused(client):
    body = json.dumps(payload("pull_request.opened"))
    response = client.post(
        WEBHOOK,
        body,
        content_type="application/json",
        headers={"X-GitHub-Event": "pull_request", "X-GitHub-Delivery": "d-1"},
    )
    assert response.status_code == 403


def test_a_signed_body_edited_in_transit_is_refused(client):
    original = json.dumps(payload("pull_request.closed.merged")).encode()
    tampered = original.replace(b'"maintainer-mo"', b'"gopher-ana!"')
    response = client.post(
        WEBHOOK,
        tampered,
        content_type="application/json",
        headers={
            "X-GitHub-Event": "pull_request",
            "X-GitHub-Delivery": "d-2",
            "X-Hub-Signature-256": sign(SECRET, original),
        },
    )
    assert response.status_code == 403


def test_without_a_configured_secret_every_delivery_is_refused(client, settings):
    settings.GITHUB_WEBHOOK_SECRET = ""
    assert post(client, "ping", payload("ping"), secret="").status_code == 403


def test_it_answers_ping(client):
    response = post(client, "ping", payload("ping"))
    assert response.status_code == 200
    assert response.json()["pong"] is True


def test_malformed_json_gets_400(client):
    assert post(client, "pull_request", b'{"action": "opened",').status_code == 400
    assert post(client, "pull_request", b'["not", "an", "object"]').status_code == 400


def test_a_payload_without_the_pull_request_gets_400(client):
    assert post(client, "pull_request", {"action": "opened", "number": 1}).status_code == 400


def test_unknown_events_and_actions_get_204(client):
    assert post(client, "issues", {"action": "opened"}).status_code == 204
    data = payload("pull_request.opened")
    data["action"] = "assigned"
    assert post(client, "pull_request", data).status_code == 204
    assert not Delivery.objects.exists()


def test_a_body_over_the_limit_gets_413(client, settings):
    settings.COMMUNITY_WEBHOOK_MAX_BYTES = 1000
    data = payload("pull_request.opened")
    data["pull_request"]["body"] = "x" * 2000
    assert post(client, "pull_request", data).status_code == 413


def test_it_is_csrf_exempt_and_post_only(db):
    client = Client(enforce_csrf_checks=True)
    assert post(client, "ping", payload("ping")).status_code == 200
    assert client.get(WEBHOOK).status_code == 405


def test_deliveries_from_another_repository_are_ignored(client, settings):
    settings.GITHUB_REPOSITORY = "gocourse/course"
    data = payload("pull_request.opened")
    data["repository"]["full_name"] = "someone/fork"
    assert post(client, "pull_request", data).status_code == 204
    assert deliver(client, "pull_request.opened").status_code == 202
    assert PullRequest.objects.get().repository == "gocourse/course"


def test_a_redelivery_is_acknowledged_without_doing_anything(client):
    first = deliver(client, "pull_request.opened", delivery="72d3162e-cc78-11e3-81ab-4c9367dc0958")
    assert first.status_code == 202
    again = deliver(client, "pull_request.opened", delivery="72d3162e-cc78-11e3-81ab-4c9367dc0958")
    assert again.status_code == 200 and again.json()["status"] == "already processed"
    assert Delivery.objects.count() == 1


def test_a_delivery_that_could_not_be_queued_is_taken_again(client, monkeypatch):
    from community import views

    def broker_down(*args):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(views.process_delivery, "delay", broker_down)
    assert post(client, "pull_request", payload("pull_request.opened"), "d-9").status_code == 503
    monkeypatch.undo()
    assert post(client, "pull_request", payload("pull_request.opened"), "d-9").status_code == 202
    assert Delivery.objects.get().processed_at is not None
