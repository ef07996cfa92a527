"""GitHub webhook deliveries: signature check and reading the parts of a payload we use.

Only what is inside the signed body is trusted: logins, labels and dates all come from
the payload, never from headers other than the signature, event name and delivery id.
"""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime

from django.utils.dateparse import parse_datetime


class PayloadError(ValueError):
    """The payload lacks a field GitHub always sends."""


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
    except (KeyError, TypeError, ValueError) as error:
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
    except (KeyError, TypeError, ValueError) as error:
        raise PayloadError(f"not a review payload: {error!r}") from error
