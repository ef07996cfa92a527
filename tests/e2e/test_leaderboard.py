import json
import uuid
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from community.webhook import sign
from gocourse.celery import app as celery_app
from tests.community.github import apply_changes, payload

pytestmark = pytest.mark.browser

SECRET = "e2e-webhook-secret"


@pytest.fixture
def eager_celery():
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


def test_a_signed_merge_puts_the_contributor_on_the_leaderboard(
    page, course, settings, eager_celery
):
    settings.GITHUB_WEBHOOK_SECRET = SECRET
    settings.GITHUB_REPOSITORY = ""
    settings.COMMUNITY_MONTHLY_PR_TARGET = 5

    page.goto("/")
    expect(page.locator(".contributors-wanted")).to_contain_text("0 of 5 pull requests merged")

    page.get_by_role("link", name="Leaderboard", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contributors")
    expect(page.locator(".empty-board")).to_be_visible()

    now = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    data = apply_changes(
        payload("pull_request.closed.merged"), labels=["size/large", "lesson"], merged_at=now
    )
    body = json.dumps(data).encode()
    headers = {
        "Content-Type": "application/json",
        "X-GitHub-Event": "pull_request",
        "X-GitHub-Delivery": str(uuid.uuid4()),
    }
    forged = page.request.post(
        "/community/github/webhook",
        data=body,
        headers={**headers, "X-Hub-Signature-256": sign("guess", body)},
    )
    assert forged.status == 403
    response = page.request.post(
        "/community/github/webhook",
        data=body,
        headers={**headers, "X-Hub-Signature-256": sign(SECRET, body)},
    )
    assert response.status == 202

    page.reload()
    row = page.locator(".leaderboard tbody tr").first
    expect(row).to_contain_text("gopher-ana")
    expect(row.locator(".points")).to_have_text("30")

    page.get_by_role("link", name="This week").click()
    expect(page.locator(".leaderboard")).to_contain_text("gopher-ana")
    page.get_by_role("link", name="Fix").click()
    expect(page.locator(".empty-board")).to_be_visible()
    page.get_by_role("link", name="Lesson", exact=True).click()
    expect(page.locator(".leaderboard")).to_contain_text("gopher-ana")

    page.get_by_role("link", name="gopher-ana").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("gopher-ana")
    expect(page.locator(".earned-badge")).to_contain_text(
        ["First merged pull request", "Lesson author"]
    )
    expect(page.locator(".ledger")).to_contain_text("Merged #42")
