import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_run_code import run_first_example

pytestmark = [pytest.mark.browser, pytest.mark.docker, pytest.mark.redis]


def test_a_lesson_example_runs_on_the_virtual_clock_with_its_timing_shown(
    page, live_server, course, worker
):
    _, output = run_first_example(page, live_server, "/learn/go/09-lightweight-threads/")
    stdout = output.locator(".run-stdout")
    # Each dish waits 30 ms on the virtual clock: each of their lines shows it.
    expect(stdout).to_contain_text("took at least 90 ms: true")
    expect(stdout.locator(".run-after")).to_have_text(["after 30ms"] * 3)
    expect(output.locator(".run-clock")).to_contain_text(re.compile("virtual clock"))
