"""axe-core on the pages a learner and an instructor use: no serious or critical violation."""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from tests.e2e.conftest import code_of, reference_solution, run_axe, sign_up, type_code

pytestmark = [pytest.mark.browser, pytest.mark.docker, pytest.mark.redis]


def assert_accessible(page: Page, name: str) -> None:
    violations = run_axe(page)
    assert violations == [], f"{name}: {violations}"


def test_the_pages_have_no_serious_accessibility_violations(page: Page, course, worker):
    sign_up(page, "axe-learner")
    page.goto("/")
    assert_accessible(page, "home")

    page.goto("/learn/go/")
    assert_accessible(page, "course outline")

    page.goto("/learn/go/01-hello-go/")
    expect(page.locator(".go-editor").first).to_have_class(re.compile("go-editor-ready"))
    assert_accessible(page, "lesson")

    page.get_by_role("link", name="Say hello properly").click()
    editor = page.locator(".exercise-workspace .go-editor").first
    expect(editor.locator(".cm-content")).to_be_visible()
    assert_accessible(page, "exercise")
    wrong = reference_solution(course).replace("Hello, %s!", "Hi, %s!")
    type_code(editor, wrong)
    page.get_by_role("button", name="Submit for grading").click()
    expect(page.locator("#exercise-results .test-fail").first).to_be_visible(timeout=30_000)
    assert_accessible(page, "exercise after a failed submit")

    page.goto("/quiz/go/01-hello-go/")
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.locator("#question-title")).to_be_visible()
    assert_accessible(page, "quiz question")

    page.goto("/progress/")
    assert_accessible(page, "my progress")

    page.goto("/community/leaderboard/")
    assert_accessible(page, "leaderboard")

    User.objects.filter(username="axe-learner").update(is_staff=True)
    page.goto("/health/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Course health")
    assert_accessible(page, "course health")


def test_the_first_tab_reaches_a_skip_link_to_the_content(page: Page, course):
    page.goto("/learn/go/01-hello-go/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0, "visible when focused"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main$"))


def test_the_editor_says_how_to_leave_it_and_esc_then_tab_does(page: Page, course):
    page.goto("/learn/go/01-hello-go/")
    editor = page.locator(".go-editor").first
    expect(editor).to_have_class(re.compile("go-editor-ready"))
    code = editor.get_by_role("textbox", name="Go code (editable)")
    hint_id = code.get_attribute("aria-describedby")
    assert hint_id
    expect(page.locator(f"#{hint_id}")).to_have_text("Press Esc, then Tab, to leave the editor")
    expect(code).to_have_accessible_description("Press Esc, then Tab, to leave the editor")

    code.focus()
    expect(page.locator(f"#{hint_id}")).to_be_visible()
    before = code_of(editor).input_value()
    page.keyboard.press("Tab")
    expect(code).to_be_focused()
    expect(code_of(editor)).not_to_have_value(before)  # Tab indents inside the editor

    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    expect(editor.get_by_role("button", name="Run")).to_be_focused()

    code.focus()
    page.keyboard.press("Escape")
    page.keyboard.press("Shift+Tab")
    expect(code).not_to_be_focused()
