"""community.webhook on its own: size limit, signature, JSON and which deliveries count,
without a request or a database (test_webhook_http.py covers the view around it)."""

import io
import json

import pytest

from community import webhook
from tests.community.github import SECRET, payload

LIMIT = 1000


def headers(body: bytes, event: str = "pull_request", delivery: str = "d-1", secret=SECRET):
    return {
        "X-GitHub-Event": event,
        "X-GitHub-Delivery": delivery,
        "X-Hub-Signature-256": webhook.sign(secret, body),
    }


def refusal(call) -> tuple[int, str]:
    with pytest.raises(webhook.Refused) as raised:
        call()
    return raised.value.status, raised.value.message


def test_a_body_within_the_limit_is_read_whole():
    body = b"x" * LIMIT
    assert webhook.read_body(str(LIMIT), io.BytesIO(body).read, LIMIT) == body


@pytest.mark.parametrize("declared", [str(LIMIT + 1), "", "not a number"])
def test_a_body_over_the_limit_is_refused_whatever_length_it_declares(declared):
    reader = io.BytesIO(b"x" * (LIMIT + 500))
    assert refusal(lambda: webhook.read_body(declared, reader.read, LIMIT)) == (
        413,
        "Payload too large",
    )
    # It never reads more than one byte past the limit.
    assert reader.tell() <= LIMIT + 1


def test_a_signed_delivery_is_read_with_its_headers():
    body = json.dumps(payload("pull_request.opened")).encode()
    incoming = webhook.read_delivery(headers(body, delivery=" d-7 "), body, SECRET)
    assert (incoming.event, incoming.action, incoming.delivery_id) == (
        "pull_request",
        "opened",
        "d-7",
    )
    assert (
        incoming.payload["pull_request"]["number"]
        == payload("pull_request.opened")["pull_request"]["number"]
    )


def test_a_forged_or_unsigned_delivery_is_refused_before_its_body_is_parsed():
    body = b"not even json"
    assert refusal(lambda: webhook.read_delivery(headers(body, secret="guess"), body, SECRET)) == (
        403,
        "Bad signature",
    )
    assert refusal(lambda: webhook.read_delivery({}, body, SECRET))[0] == 403
    assert refusal(lambda: webhook.read_delivery(headers(body), body, ""))[0] == 403


@pytest.mark.parametrize("body", [b"{", b"\xff\xfe", b"[1, 2]", b'"text"'])
def test_a_signed_body_that_is_not_a_json_object_is_refused(body):
    assert refusal(lambda: webhook.read_delivery(headers(body), body, SECRET)) == (
        400,
        "Malformed JSON",
    )


def incoming(name: str, delivery: str = "d-1", **payload_changes) -> webhook.Incoming:
    data = payload(name) | payload_changes
    return webhook.Incoming(name.split(".")[0], str(data.get("action", "")), delivery, data)


def test_handled_events_from_the_repository_are_wanted_others_are_ignored():
    opened = incoming("pull_request.opened")
    repository = opened.payload["repository"]["full_name"]
    assert webhook.is_wanted(opened, repository)
    assert webhook.is_wanted(opened, repository.upper())  # GitHub names ignore case
    assert webhook.is_wanted(opened, "")  # no repository configured: any
    assert not webhook.is_wanted(opened, "someone/else")
    assert not webhook.is_wanted(incoming("pull_request.opened", action="assigned"), "")
    assert not webhook.is_wanted(incoming("ping"), "")


def test_a_handled_delivery_without_an_id_or_its_pull_request_is_refused():
    assert refusal(lambda: webhook.is_wanted(incoming("pull_request.opened", delivery=""), "")) == (
        400,
        "Missing X-GitHub-Delivery",
    )
    assert (
        refusal(lambda: webhook.is_wanted(incoming("pull_request.opened", "x" * 101), ""))[0] == 400
    )
    broken = incoming("pull_request.opened", pull_request=None)
    assert refusal(lambda: webhook.is_wanted(broken, ""))[0] == 400
