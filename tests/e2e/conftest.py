"""Real-browser tests: Debian's Chromium driven by Playwright against a live server."""

import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

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


def csp_violations(page: Page) -> list[str]:
    """Chromium's reports of what the Content-Security-Policy refused on this page, live."""
    found: list[str] = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return found


@pytest.fixture
def page(browser, live_server) -> Iterator:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    refused = csp_violations(page)
    yield page
    context.close()
    # Every journey doubles as a check of the policy: nothing the site uses is refused.
    assert refused == [], f"Content-Security-Policy violations: {refused}"


@pytest.fixture
def course(transactional_db, settings, real_content_copy) -> Path:
    """The real course, loaded from a copy of content/ so tests may edit it."""
    from content_pipeline.autosync import sync_and_record

    root = real_content_copy()
    settings.CONTENT_DIR = root
    _, errors = sync_and_record(root)
    assert errors == []
    return root


def reference_solution(course: Path) -> str:
    """The greeting exercise of lesson 1, solved: what a learner who got it right types."""
    return (course / "go/lessons/01-hello-go/exercises/greeting/solution/main.go").read_text()


def sign_up(page: Page, username: str) -> None:
    page.goto("/accounts/signup/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill("gophers go far 2026")
    page.get_by_label("Password confirmation").fill("gophers go far 2026")
    page.get_by_role("button", name="Sign up").click()
    expect(page.locator(".message-success")).to_contain_text(f"Welcome, {username}")


def type_code(editor: Locator, code: str) -> None:
    """Replace an editor's code as a learner does: click into it, select all, paste.

    The paste is a paste event, as the clipboard sends (CodeMirror inserts its text);
    Playwright's insert_text would go through the browser's own editing of the page, which
    a real paste does not, and which adds style attributes the site's policy refuses."""
    content = editor.locator(".cm-content")
    content.click()
    editor.page.keyboard.press("ControlOrMeta+a")
    content.evaluate(
        """(element, text) => {
            const data = new DataTransfer();
            data.setData("text/plain", text);
            element.dispatchEvent(new ClipboardEvent("paste", {
                clipboardData: data, bubbles: true, cancelable: true,
            }));
        }""",
        code,
    )


def code_of(editor: Locator) -> Locator:
    """The (hidden) textarea that always holds an editor's current code, for assertions."""
    return editor.locator("textarea.go-editor-input")


def run_hello_and_pass_greeting(page: Page, solution: str, timeout: int = 30_000) -> None:
    """From the course home: lesson 1's first example runs, then its exercise is passed."""
    page.locator(".lesson-list").get_by_role("link", name="Hello, Go").click()
    editor = page.locator(".go-editor").first
    expect(editor).to_have_class(re.compile("go-editor-ready"))
    editor.get_by_role("button", name="Run").click()
    expect(editor.locator(".run-stdout")).to_contain_text("Hello, Go!", timeout=timeout)

    page.get_by_role("link", name="Say hello properly").click()
    type_code(page.locator(".exercise-workspace .go-editor").first, solution)
    page.get_by_role("button", name="Submit for grading").click()
    expect(page.locator("#exercise-results .test-pass")).to_have_count(3, timeout=timeout)
    expect(page.locator(".exercise-passed")).to_contain_text("Passed")


def wait_until_scrolled_past(page: Page, y: int, timeout: float = 5.0) -> None:
    """Wait for the page to scroll past y. Polled from here: Playwright's wait_for_function
    evaluates a string in the page, which the site's policy refuses (no eval)."""
    deadline = time.monotonic() + timeout
    while page.evaluate("() => window.scrollY") <= y:
        assert time.monotonic() < deadline, f"the page did not scroll past {y}px"
        page.wait_for_timeout(50)


AXE_SCRIPT = Path(__file__).resolve().parent / "axe" / "axe.min.js"


def run_axe(page: Page) -> list[dict]:
    """axe-core's serious and critical violations on the page as it is now."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # Evaluated, not added as a <script>: the site's Content-Security-Policy refuses
        # scripts that are not its own, and the test must not weaken it.
        page.evaluate(AXE_SCRIPT.read_text())
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"]],
        }
        for violation in results["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
