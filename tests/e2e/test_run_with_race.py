import re

import pytest
from playwright.sync_api import expect

from grader import sandbox
from grader.sandbox.race_image import build_race_image
from tests.e2e.test_run_code import log_in

pytestmark = [pytest.mark.browser, pytest.mark.docker, pytest.mark.redis]


@pytest.fixture(scope="module", autouse=True)
def race_image():
    """Both images, up to date (built if missing: skipped when their inputs are unchanged)."""
    return build_race_image(sandbox.build_image())


def test_run_with_race_on_lesson_11_shows_the_race_on_its_line(page, live_server, course, worker):
    log_in(page, live_server)
    page.goto("/learn/go/11-sharing-memory-safely/")
    button = page.get_by_role("button", name="Run with -race").first
    editor = page.locator(".go-editor", has=button)
    button.click()
    output = editor.locator(".go-editor-output")
    expect(output.locator(".run-result[data-status=data_race]")).to_be_visible(timeout=60_000)
    expect(output).to_contain_text("Data race detected")
    # Said once: the heading, then the accesses, however many races there were.
    assert output.inner_text().count("Data race detected") == 1
    expect(output.locator(".run-races > p")).to_have_count(1)
    expect(output.locator(".run-races li[data-line]").first).to_contain_text("main.go:")
    marked = editor.locator(".cm-line", has=page.locator(".cm-lintRange-error"))
    expect(marked.first).to_have_text(re.compile(r"count\+\+"))
    expect(editor.locator(".cm-gutter-lint .cm-lint-marker-error")).to_have_count(1)
