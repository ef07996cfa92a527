"""The docker compose deployment itself, running: gunicorn, the Celery worker starting
sandbox containers through the host's engine, PostgreSQL and Redis in their containers.

scripts/deploy_check.sh builds the images, starts the stack and runs this module against
it; without GOCOURSE_STACK_URL it is skipped. The stack answers plain HTTP as it would
behind a TLS-terminating proxy, so every request says X-Forwarded-Proto: https.
"""

import json
import os
import re
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Page, expect

from community.webhook import sign
from tests.community.github import apply_changes, payload
from tests.e2e.conftest import run_hello_and_pass_greeting, sign_up

STACK_URL = os.environ.get("GOCOURSE_STACK_URL", "")
ADMIN = os.environ.get("GOCOURSE_STACK_ADMIN", "")
ADMIN_PASSWORD = os.environ.get("GOCOURSE_STACK_ADMIN_PASSWORD", "")
WEBHOOK_SECRET = os.environ.get("GOCOURSE_STACK_WEBHOOK_SECRET", "")
PROXY = {"X-Forwarded-Proto": "https"}
SOLUTION = Path(__file__).resolve().parents[2] / (
    "content/go/lessons/01-hello-go/exercises/greeting/solution/main.go"
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not STACK_URL, reason="needs a running deployment: scripts/deploy_check.sh"),
]


@pytest.fixture
def stack_page(browser) -> Iterator[Page]:
    context = browser.new_context(base_url=STACK_URL, extra_http_headers=PROXY)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def get(path: str, **kwargs) -> requests.Response:
    headers = {**PROXY, **kwargs.pop("headers", {})}
    return requests.get(STACK_URL + path, headers=headers, timeout=10, **kwargs)


def test_plain_http_is_sent_to_https_and_pages_carry_the_security_headers():
    plain = requests.get(STACK_URL + "/", allow_redirects=False, timeout=10)
    assert plain.status_code == 301
    assert plain.headers["Location"].startswith("https://")

    home = get("/")
    assert home.status_code == 200
    assert home.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert home.headers["X-Content-Type-Options"] == "nosniff"
    assert "Hello, Go" in home.text


def test_static_files_are_fingerprinted_compressed_and_cached_for_good():
    home = get("/")
    stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', home.text)
    assert stylesheet, "the page links a fingerprinted stylesheet"
    css = get(stylesheet.group(1), headers={"Accept-Encoding": "gzip"})
    assert css.status_code == 200
    assert "immutable" in css.headers["Cache-Control"]
    assert css.headers.get("Content-Encoding") == "gzip"


def test_a_learner_signs_up_runs_code_and_passes_an_exercise(stack_page: Page):
    page = stack_page
    username = f"learner-{uuid.uuid4().hex[:8]}"
    sign_up(page, username)
    session = next(c for c in page.context.cookies() if c["name"] == "sessionid")
    assert session["secure"] and session["httpOnly"]
    # The first run after a start may fill the sandbox's warm pool: allow a minute.
    run_hello_and_pass_greeting(page, SOLUTION.read_text(), timeout=60_000)


def test_a_signed_merge_reaches_the_leaderboard_and_a_forged_one_is_refused(stack_page: Page):
    login = f"gopher-{uuid.uuid4().hex[:8]}"
    now = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    data = apply_changes(
        payload("pull_request.closed.merged"),
        number=int(uuid.uuid4().int % 90_000) + 10_000,
        author=login,
        labels=["size/medium", "lesson"],
        merged_at=now,
    )
    body = json.dumps(data).encode()

    def deliver(signature: str) -> requests.Response:
        headers = {
            **PROXY,
            "Content-Type": "application/json",
            "X-GitHub-Event": "pull_request",
            "X-GitHub-Delivery": str(uuid.uuid4()),
            "X-Hub-Signature-256": signature,
        }
        return requests.post(
            STACK_URL + "/community/github/webhook", data=body, headers=headers, timeout=10
        )

    assert deliver(sign("not-the-secret", body)).status_code == 403
    assert deliver(sign(WEBHOOK_SECRET, body)).status_code in (200, 202)

    page = stack_page
    page.goto("/community/leaderboard/")
    # The worker scores the delivery: reload until it has.
    board = page.locator("main")
    for _ in range(30):
        if login in board.inner_text():
            break
        page.wait_for_timeout(500)
        page.reload()
    expect(board).to_contain_text(login)


def test_staff_log_in_and_read_the_course_health_dashboard(stack_page: Page):
    page = stack_page
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(ADMIN)
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    page.locator(".site-nav").get_by_role("link", name="Course health").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Course health")
    expect(page.locator("#pull-requests")).to_be_visible()
