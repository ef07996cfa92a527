"""Real-browser tests: Debian's Chromium driven by Playwright against a live server."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("PLAYWRIGHT_CHROMIUM_EXECUTABLE", "/usr/bin/chromium")
# Chromium's own background traffic is refused by this machine's closed network: turn it off.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (scripts/test.sh does)")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the
    # test body are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server) -> Iterator:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def course(transactional_db, settings, real_content_copy) -> Path:
    """The real course, loaded from a copy of content/ so tests may edit it."""
    from courses.content.autosync import sync_and_record

    root = real_content_copy()
    settings.CONTENT_DIR = root
    _, errors = sync_and_record(root)
    assert errors == []
    return root


def reference_solution(course: Path) -> str:
    """The greeting exercise of lesson 1, solved: what a learner who got it right types."""
    return (course / "go/lessons/01-hello-go/exercises/greeting/solution/main.go").read_text()
