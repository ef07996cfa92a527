"""The Go Tour's layout on wide screens (issue 13, point 5): text left, code right, each
scrolling on its own; stacked on narrow screens."""

import re

import pytest
from playwright.sync_api import Page, expect

from courses.models import Exercise
from tests.e2e.conftest import run_axe, sign_up, wait_until_scrolled_past

pytestmark = [pytest.mark.browser, pytest.mark.docker, pytest.mark.redis]

WIDE = {"width": 1280, "height": 800}
NARROW = {"width": 1000, "height": 800}
LESSON = "/learn/go/02-values-and-control-flow/"


def box(locator) -> dict:
    found = locator.bounding_box()
    assert found is not None
    return found


def test_an_exercise_keeps_its_code_beside_the_statement_while_the_text_scrolls(
    page: Page, course, worker
):
    page.set_viewport_size(WIDE)
    sign_up(page, "tourist")
    page.goto(Exercise.objects.get(slug="greeting").get_absolute_url())
    statement = page.locator(".exercise-statement")
    workspace = page.locator(".exercise-workspace")
    expect(workspace.locator(".go-editor").first).to_have_class(re.compile("go-editor-ready"))
    text, code = box(statement), box(workspace)
    assert text["x"] + text["width"] <= code["x"], "the statement is left of the code"
    assert code["y"] < text["y"] + text["height"], "side by side, not stacked"

    # The page scrolls the text; the code stays in view.
    page.mouse.move(text["x"] + 10, text["y"] + 10)
    page.mouse.wheel(0, 500)
    wait_until_scrolled_past(page, 200)
    after = box(workspace)
    assert 0 <= after["y"] < WIDE["height"] / 2, "the code is still on screen"
    assert after["y"] + after["height"] <= WIDE["height"] + 1

    # Submitting from the right column works and its results scroll inside the column.
    page.get_by_role("button", name="Submit for grading").click()
    results = page.locator("#exercise-results .run-result[data-status=tests_failed]")
    expect(results).to_be_visible(timeout=30_000)
    assert workspace.evaluate("el => getComputedStyle(el).overflowY") == "auto"
    assert workspace.evaluate("el => el.scrollHeight > el.clientHeight"), "scrolls on its own"


def test_on_a_very_wide_screen_the_header_lines_up_with_the_exercise(page: Page, course):
    page.set_viewport_size({"width": 1920, "height": 1000})
    page.goto(Exercise.objects.get(slug="greeting").get_absolute_url())
    brand, crumbs = box(page.locator(".brand")), box(page.locator(".breadcrumbs"))
    card = box(page.locator("article.exercise"))
    assert abs(brand["x"] - crumbs["x"]) <= 2, "the logo sits above the page's left edge"
    last_link = box(page.locator(".nav-links > li").last)
    assert abs((last_link["x"] + last_link["width"]) - (card["x"] + card["width"])) <= 2


def test_on_a_narrow_screen_the_exercise_is_stacked(page: Page, course):
    page.set_viewport_size(NARROW)
    page.goto(Exercise.objects.get(slug="greeting").get_absolute_url())
    text, code = box(page.locator(".exercise-statement")), box(page.locator(".exercise-workspace"))
    assert code["y"] >= text["y"] + text["height"], "the code comes after the statement"


def test_a_lesson_example_opens_beside_the_text_and_goes_back(page: Page, course, worker):
    page.set_viewport_size(WIDE)
    sign_up(page, "docker")
    page.goto(LESSON)
    editor = page.locator(".lesson-body .go-editor").nth(1)
    expect(editor).to_have_class(re.compile("go-editor-ready"))
    beside = editor.get_by_role("button", name="Beside the text")
    beside.click()
    expect(beside).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".go-editor-placeholder")).to_contain_text("open beside the text")

    body, code = box(page.locator(".lesson-body")), box(editor)
    assert body["x"] + body["width"] <= code["x"], "the text is left of the example"
    page.mouse.move(body["x"] + 10, 300)
    page.mouse.wheel(0, 1500)
    wait_until_scrolled_past(page, 1000)
    still = box(editor)
    assert still == code, "the example stays put while the text scrolls"

    editor.get_by_role("button", name="Run").click()
    expect(editor.locator(".run-result[data-status=ok]")).to_be_visible(timeout=30_000)
    assert box(editor.locator(".go-editor-output"))["y"] < WIDE["height"]
    assert run_axe(page) == []

    # Another example takes its place; then it goes back into the text.
    other = page.locator(".lesson-body .go-editor").nth(2)
    other.get_by_role("button", name="Beside the text").click()
    expect(beside).to_have_attribute("aria-pressed", "false")
    expect(page.locator(".go-editor-placeholder")).to_have_count(1)
    page.get_by_role("button", name="Put it back here").click()
    expect(page.locator(".go-editor-placeholder")).to_have_count(0)
    expect(page.locator(".go-editor-docked")).to_have_count(0)
    expect(page.locator(".lesson-toc")).to_be_visible()


def test_on_a_narrow_screen_examples_stay_in_the_text(page: Page, course):
    page.set_viewport_size(NARROW)
    page.goto(LESSON)
    editor = page.locator(".lesson-body .go-editor").first
    expect(editor).to_have_class(re.compile("go-editor-ready"))
    expect(editor.get_by_role("button", name="Beside the text")).to_be_hidden()
