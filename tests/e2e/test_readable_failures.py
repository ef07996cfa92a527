"""Failed tests that can be read (issue 13, point 3) and solutions that are earned (point 4)."""

import re

import pytest
from playwright.sync_api import Page, expect

from courses.models import Exercise
from tests.e2e.conftest import reference_solution, sign_up, type_code

pytestmark = [pytest.mark.browser, pytest.mark.docker, pytest.mark.redis]

TIMEOUT = 60_000


def open_greeting(page: Page) -> None:
    page.goto(Exercise.objects.get(slug="greeting").get_absolute_url())
    expect(page.locator(".exercise-workspace .go-editor").first).to_have_class(
        re.compile("go-editor-ready")
    )


def submit(page: Page, code: str, attempts_after: int) -> None:
    type_code(page.locator(".exercise-workspace .go-editor").first, code)
    page.get_by_role("button", name="Submit for grading").click()
    plural = "attempt" if attempts_after == 1 else "attempts"
    expect(page.locator(".exercise-status")).to_contain_text(
        f"{attempts_after} {plural} so far", timeout=TIMEOUT
    )


def overflows(locator) -> bool:
    return locator.evaluate("element => element.scrollWidth > element.clientWidth + 1")


def test_a_failed_test_wraps_and_shows_got_above_want_with_the_difference(
    page: Page, course, worker
):
    sign_up(page, "fern")
    open_greeting(page)
    wrong = reference_solution(course).replace('"Hello, %s!', '"Hi, %s!')
    submit(page, wrong, 1)

    results = page.locator("#exercise-results")
    expect(results.locator(".test-fail")).to_have_count(3)
    page.set_viewport_size({"width": 390, "height": 844})  # a phone: the narrowest case
    viewport = page.viewport_size["width"]
    for message in results.locator("pre.test-message").all():
        box = message.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport
        assert not overflows(message)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport

    first = results.locator(".test-fail").first
    got, want = first.locator(".test-got"), first.locator(".test-want")
    expect(got).to_contain_text('"Hi, Ada! You have had 2 cups of coffee."')
    expect(want).to_contain_text('"Hello, Ada! You have had 2 cups of coffee."')
    expect(got.locator("del")).to_have_text(["i"])
    expect(want.locator("ins").first).to_have_text("ello")
    assert got.bounding_box()["y"] < want.bounding_box()["y"]  # one above the other
    assert not overflows(want)

    # The exercise shows the code of its first test, and only that one.
    sources = results.locator(".test-source")
    expect(sources).to_have_count(1)
    sources.locator("summary").click()
    expect(sources).to_contain_text("func TestGreetingUsesNameAndCount(t *testing.T)")
    assert "func TestGreetingGreetsAStranger" not in page.content()


def test_code_that_does_not_compile_does_not_open_the_solution(page: Page, course, worker):
    sign_up(page, "gus")
    open_greeting(page)
    starter = (course / "go/lessons/01-hello-go/exercises/greeting/starter/main.go").read_text()
    does_not_compile = starter.replace('return ""', "return cups")
    solution = page.locator(".solution")
    for attempt in (1, 2, 3):
        submit(page, does_not_compile, attempt)
        expect(page.locator("#exercise-results .run-result")).to_have_attribute(
            "data-status", "compile_error"
        )
    expect(solution).to_contain_text("after 3 more failed attempts")
    expect(solution).to_contain_text("code that does not compile is not counted")
    expect(solution.locator(".solution-file")).to_have_count(0)

    # The unchanged starter compiles and fails its tests: those attempts count.
    for attempt in (4, 5, 6):
        submit(page, starter, attempt)
        expect(page.locator("#exercise-results .run-result")).to_have_attribute(
            "data-status", "tests_failed"
        )
    expect(solution.locator(".solution-file")).to_have_count(1)
