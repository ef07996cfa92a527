"""Recorded GitHub payloads (fixtures/) and helpers that deliver them, signed, to the webhook."""

import json
import uuid
from pathlib import Path

from community.webhook import sign

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SECRET = "test-webhook-secret"
WEBHOOK = "/community/github/webhook"


def payload(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text())


def event_of(name: str) -> str:
    return name.split(".")[0]


def post(client, event: str, data: dict | bytes, delivery: str | None = None, secret: str = SECRET):
    body = data if isinstance(data, bytes) else json.dumps(data).encode()
    return client.post(
        WEBHOOK,
        body,
        content_type="application/json",
        headers={
            "X-GitHub-Event": event,
            "X-GitHub-Delivery": delivery or str(uuid.uuid4()),
            "X-Hub-Signature-256": sign(secret, body),
            "User-Agent": "GitHub-Hookshot/5b5fa4b",
        },
    )


def deliver(client, name: str, delivery: str | None = None, **changes):
    """Post a recorded payload; `changes` edit its pull_request (or review) first."""
    data = payload(name)
    apply_changes(data, **changes)
    response = post(client, event_of(name), data, delivery)
    assert response.status_code in (200, 202), response.content
    return response


def apply_changes(
    data: dict,
    number=None,
    author=None,
    merged_by=None,
    merged_at=None,
    labels=None,
    reviewer=None,
    review_state=None,
    submitted_at=None,
    review_id=None,
    updated_at=None,
) -> dict:
    pr = data["pull_request"]
    if number is not None:
        data["number"] = pr["number"] = number
        pr["html_url"] = f"https://github.com/gocourse/course/pull/{number}"
    if author is not None:
        pr["user"] = {**pr["user"], "login": author}
    if merged_by is not None:
        pr["merged_by"] = {**(pr.get("merged_by") or pr["user"]), "login": merged_by}
    if merged_at is not None:
        pr["merged_at"] = pr["closed_at"] = merged_at
        pr["updated_at"] = merged_at
    if updated_at is not None:
        pr["updated_at"] = updated_at
    if labels is not None:
        pr["labels"] = [
            {"id": 1, "name": name, "color": "ededed", "default": False} for name in labels
        ]
    if "review" in data:
        review = data["review"]
        if reviewer is not None:
            review["user"] = {**review["user"], "login": reviewer}
        if review_state is not None:
            review["state"] = review_state
        if submitted_at is not None:
            review["submitted_at"] = submitted_at
        if review_id is not None:
            review["id"] = review_id
    return data


def merge(
    client,
    number: int,
    author: str = "gopher-ana",
    labels=("size/medium", "fix"),
    merged_at: str = "2026-11-10T09:30:00Z",
    merged_by: str = "maintainer-mo",
    delivery=None,
):
    return deliver(
        client,
        "pull_request.closed.merged",
        delivery,
        number=number,
        author=author,
        labels=list(labels),
        merged_at=merged_at,
        merged_by=merged_by,
    )


def relabel(
    client,
    number: int,
    labels,
    author: str = "gopher-ana",
    merged_at: str = "2026-11-10T09:30:00Z",
    updated_at: str = "2026-11-12T10:00:00Z",
):
    return deliver(
        client,
        "pull_request.labeled.after_merge",
        number=number,
        author=author,
        labels=list(labels),
        merged_at=merged_at,
        updated_at=updated_at,
    )


def review(
    client,
    number: int,
    reviewer: str = "rev-rui",
    state: str = "approved",
    submitted_at: str = "2026-11-10T08:40:12Z",
    review_id: int | None = None,
    author: str = "gopher-ana",
):
    return deliver(
        client,
        "pull_request_review.submitted",
        number=number,
        author=author,
        reviewer=reviewer,
        review_state=state,
        submitted_at=submitted_at,
        review_id=review_id or review_id_of(number, reviewer),
    )


def dismiss(client, number: int, reviewer: str = "rev-rui", author: str = "gopher-ana"):
    """A maintainer dismisses the review `review(client, number, reviewer)` submitted."""
    return deliver(
        client,
        "pull_request_review.dismissed",
        number=number,
        author=author,
        reviewer=reviewer,
        review_id=review_id_of(number, reviewer),
    )


def review_id_of(number: int, reviewer: str) -> int:
    return 2461234501 + number * 100 + len(reviewer)
