import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_run_code import log_in

pytestmark = [pytest.mark.browser, pytest.mark.docker, pytest.mark.redis]


def test_a_lesson_example_runs_on_the_virtual_clock_with_its_timing_shown(
    page, live_server, course, worker
):
    log_in(page, live_server)
    page.goto("/learn/go/09-lightweight-threads/")
    editor = page.locator(".go-editor").first
    editor.get_by_role("button", name="Run").click()
    output = editor.locator(".go-editor-output")
    expect(output.locator(".run-result[data-status=ok]")).to_be_visible(timeout=60_000)
    stdout = output.locator(".run-stdout")
    # Each dish waits 30 ms on the virtual clock: every line after the first shows it.
    expect(stdout).to_contain_text("took at least 90 ms: true")
    expect(stdout.locator(".run-after")).to_have_text(["after 30ms"] * 3)
    expect(output.locator(".run-clock")).to_contain_text(re.compile("virtual clock"))
