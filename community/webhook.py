"""GitHub webhook deliveries: size limit, signature check, JSON parsing, which deliveries
we act on, and reading the parts of a payload we use.

Only what is inside the signed body is trusted: logins, labels and dates all come from
the payload, never from headers other than the signature, event name and delivery id.
"""

import hashlib
import hmac
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from django.utils.dateparse import parse_datetime

HANDLED = {
    "pull_request": {"opened", "edited", "labeled", "unlabeled", "closed", "reopened"},
    "pull_request_review": {"submitted", "dismissed"},
}
MAX_DELIVERY_ID = 100


class PayloadError(ValueError):
    """The payload lacks a field GitHub always sends."""


class Refused(Exception):
    """A delivery answered with an HTTP error and never stored."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Incoming:
    """A signed delivery: its headers and the decoded JSON object."""

    event: str
    action: str
    delivery_id: str
    payload: dict


def read_body(declared_length: str | None, read: Callable[[int], bytes], limit: int) -> bytes:
    """The request body, refused with 413 past ``limit`` bytes: first by its declared
    length, then by what arrives, so a lying Content-Length cannot get more in."""
    try:
        declared = int(declared_length or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        raise Refused(413, "Payload too large")
    body = read(limit + 1)
    if len(body) > limit:
        raise Refused(413, "Payload too large")
    return body


def read_delivery(headers: Mapping[str, str], body: bytes, secret: str) -> Incoming:
    """The delivery if its signature holds (else 403) and its body is a JSON object
    (else 400)."""
    if not verify_signature(secret, body, headers.get("X-Hub-Signature-256")):
        raise Refused(403, "Bad signature")
    try:
        payload = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise Refused(400, "Malformed JSON") from None
    if not isinstance(payload, dict):
        raise Refused(400, "Malformed JSON")
    return Incoming(
        event=headers.get("X-GitHub-Event", ""),
        action=str(payload.get("action", "")),
        delivery_id=headers.get("X-GitHub-Delivery", "").strip(),
        payload=payload,
    )


def is_wanted(incoming: Incoming, repository: str) -> bool:
    """Whether we act on a delivery: an event and action we handle, from ``repository``
    (any when empty). A handled delivery without an id or with a payload missing what
    GitHub always sends is refused with 400."""
    if incoming.action not in HANDLED.get(incoming.event, ()):
        return False
    if not incoming.delivery_id or len(incoming.delivery_id) > MAX_DELIVERY_ID:
        raise Refused(400, "Missing X-GitHub-Delivery")
    try:
        snapshot = read_pull_request(incoming.payload)
        if incoming.event == "pull_request_review":
            read_review(incoming.payload)
    except PayloadError as error:
        raise Refused(400, str(error)) from None
    return not repository or snapshot.repository.lower() == repository.lower()


def sign(secret: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def verify_signature(secret: str, body: bytes, header: str | None) -> bool:
    """X-Hub-Signature-256 check. Without a configured secret nothing is accepted."""
    if not secret or not header:
        return False
    return hmac.compare_digest(sign(secret, body).encode(), header.encode())


@dataclass(frozen=True)
class PullRequestSnapshot:
    repository: str
    number: int
    title: str
    html_url: str
    author: str
    merged: bool
    merged_by: str | None
    merged_at: datetime | None
    closed: bool
    labels: list[str]
    updated_at: datetime | None


@dataclass(frozen=True)
class ReviewSnapshot:
    github_id: int
    reviewer: str
    state: str
    submitted_at: datetime


def _date(value: object) -> datetime | None:
    return parse_datetime(value) if isinstance(value, str) else None


def read_pull_request(payload: dict) -> PullRequestSnapshot:
    try:
        pr = payload["pull_request"]
        merged_by = pr.get("merged_by") or None
        # Review payloads omit "merged"; merged_at is in both.
        merged = bool(pr.get("merged", pr.get("merged_at") is not None))
        return PullRequestSnapshot(
            repository=str(payload["repository"]["full_name"]),
            number=int(pr.get("number", payload.get("number"))),
            title=str(pr.get("title", ""))[:300],
            html_url=str(pr.get("html_url", ""))[:500],
            author=str(pr["user"]["login"]),
            merged=merged,
            merged_by=str(merged_by["login"]) if merged_by else None,
            merged_at=_date(pr.get("merged_at")),
            closed=pr.get("state") == "closed",
            labels=sorted({str(label["name"]) for label in pr.get("labels") or []}),
            updated_at=_date(pr.get("updated_at")),
        )
    except (AttributeError, KeyError, TypeError, ValueError) as error:
        raise PayloadError(f"not a pull request payload: {error!r}") from error


def read_review(payload: dict) -> ReviewSnapshot:
    try:
        review = payload["review"]
        submitted_at = _date(review.get("submitted_at"))
        if submitted_at is None:
            raise PayloadError("review without submitted_at")
        return ReviewSnapshot(
            github_id=int(review["id"]),
            reviewer=str(review["user"]["login"]),
            state=str(review["state"]).lower(),
            submitted_at=submitted_at,
        )
    except (AttributeError, KeyError, TypeError, ValueError) as error:
        raise PayloadError(f"not a review payload: {error!r}") from error
