"""Instructor errors (issue 13, point 10): every problem of a file at the line to fix,
and an example that stops compiling flagged in the banner after a background check."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import write

pytestmark = [pytest.mark.browser, pytest.mark.docker, pytest.mark.redis]

LESSON = "go/lessons/01-hello-go/lesson.md"
URL = "/learn/go/01-hello-go/"


def log_in_as_staff(page: Page) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("sam")
    page.get_by_label("Password").fill("staff horse battery")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name=re.compile("Log out"))).to_be_visible()


def test_a_yaml_slip_and_a_body_problem_are_both_listed_at_their_lines(
    page: Page, course, settings, staff
):
    settings.CONTENT_AUTO_SYNC = True
    log_in_as_staff(page)
    lesson = course / LESSON
    text = lesson.read_text()
    lines = text.splitlines(keepends=True)
    minutes = next(n for n, line in enumerate(lines, start=1) if line.startswith("minutes:"))
    broken = text.replace("minutes: 25", "minutes 25").replace("\n## ", "\n# ", 1)
    write(lesson, broken)
    heading = next(
        n for n, line in enumerate(broken.splitlines(), start=1) if line.startswith("# ")
    )
    page.goto(URL)
    banner = page.locator(".content-errors")
    expect(banner).to_contain_text(f"{LESSON}:{minutes}: front matter: invalid YAML")
    expect(banner).to_contain_text(f"{LESSON}:{heading}: use '##' for sections")
    expect(banner.locator("li")).to_have_count(2)


def test_an_example_that_stops_compiling_is_flagged_after_a_reload(
    page: Page, course, settings, staff, worker
):
    settings.CONTENT_AUTO_SYNC = True
    log_in_as_staff(page)
    lesson = course / LESSON
    text = lesson.read_text()
    good = '\tfmt.Println("Hello, Go!")\n}\n'
    write(lesson, text.replace(good, '\tfmt.Println("Hello, Go!")\n\tgreet()\n}\n', 1))
    page.goto(URL)  # synced at once; the examples are checked in the background
    expect(page.locator(".lesson-body")).to_be_visible()
    warnings = page.locator(".content-warnings")
    for _ in range(60):
        page.reload()
        if warnings.count():
            break
        page.wait_for_timeout(500)
    bad_line = text.splitlines().index('\tfmt.Println("Hello, Go!")') + 2  # the greet() call
    expect(warnings).to_contain_text(
        f"{LESSON}:{bad_line}: example does not compile: main.go:7:2: undefined: greet"
    )
    expect(page.locator(".content-errors")).to_have_count(0)

    write(lesson, text)
    page.reload()
    expect(warnings).to_have_count(0)
