"""Without JavaScript an exercise is still a form: the code is edited in plain textareas,
Submit posts them, and a result page waits for the verdict."""

import pytest
from playwright.sync_api import expect

from courses.models import Exercise
from tests.e2e.conftest import reference_solution, sign_up

pytestmark = [pytest.mark.browser, pytest.mark.docker, pytest.mark.redis]


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def open_greeting(page) -> None:
    page.goto(Exercise.objects.get(slug="greeting").get_absolute_url())


def test_an_exercise_is_submitted_and_graded_without_javascript(page, course, worker):
    sign_up(page, "nojs")
    open_greeting(page)
    form = page.locator("form#exercise-submit-form")
    expect(form).to_have_attribute("method", "post")
    expect(form.locator("input[name=csrfmiddlewaretoken]")).to_have_count(1)
    code = page.locator('textarea[name="file:main.go"]')
    expect(code).to_be_visible()
    expect(code).to_be_editable()
    code.fill(reference_solution(course))
    page.get_by_role("button", name="Submit for grading").click()

    expect(page.locator(".run-status")).to_contain_text("All tests passed", timeout=60_000)
    expect(page.locator(".test-pass")).to_have_count(3)
    page.get_by_role("link", name="Back to the exercise").click()
    # The exercise page comes back with the code that was just submitted.
    expect(page.locator('textarea[name="file:main.go"]')).to_have_value(reference_solution(course))


def test_a_wrong_answer_shows_the_failed_tests_without_javascript(page, course, worker):
    sign_up(page, "nojs2")
    open_greeting(page)
    page.locator('textarea[name="file:main.go"]').fill(
        reference_solution(course).replace("Hello", "Bye")
    )
    page.get_by_role("button", name="Submit for grading").click()

    expect(page.locator(".run-status")).to_contain_text("failed", timeout=60_000)
    expect(page.locator(".test-fail").first).to_be_visible()


def test_lesson_examples_show_their_code_without_javascript(page, course):
    page.goto("/")
    page.goto(Exercise.objects.get(slug="greeting").lesson.get_absolute_url())
    expect(page.locator(".go-editor-highlight").first).to_contain_text("package main")
    expect(page.locator(".go-editor-toolbar").first).to_be_hidden()
