"""The address bar and history always show the page on screen, and Back works (issue 13, 7).

Pages are swapped in by hx-boost; after a form posts and the server redirects, the address
must be the page the learner landed on, not the form's.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from quizzes.models import QuizAttempt
from tests.e2e.conftest import sign_up
from tests.e2e.test_quiz import answer, shown_text

pytestmark = pytest.mark.browser

LESSON_1 = re.compile(r"/learn/go/01-hello-go/$")
LESSON_2 = re.compile(r"/learn/go/02-values-and-control-flow/$")


def test_logging_in_from_a_lesson_shows_the_lessons_address(page: Page, course, alice):
    page.goto("/learn/go/01-hello-go/")
    page.locator(".lesson-finish").get_by_role("link", name="log in").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("button", name=re.compile("Log out"))).to_be_visible()
    expect(page).to_have_url(LESSON_1)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Go")
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Go")


def test_back_after_logging_in_shows_the_page_as_it_is_now(page: Page, course, alice):
    page.goto("/learn/go/01-hello-go/")
    expect(page.locator(".lesson-finish")).to_contain_text("to save your progress")
    page.locator(".site-header").get_by_role("link", name="Log in").click()
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name=re.compile("Log out"))).to_be_visible()
    expect(page).to_have_url(re.compile(r"^[^?]*/$"))

    page.go_back()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    # The address changes at once, the page when the server has answered: wait for it, or
    # the next Back races this page's answer.
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    page.go_back()
    expect(page).to_have_url(LESSON_1)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Go")
    # Logged in, with this session's CSRF token: the button works.
    page.get_by_role("button", name="Mark complete and continue").click()
    expect(page).to_have_url(LESSON_2)


def test_a_failed_log_in_stays_on_the_log_in_page(page: Page, course, alice):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".auth-card")).to_contain_text("enter a correct username")
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))


def test_signing_up_shows_the_address_of_the_page_landed_on(page: Page, course):
    sign_up(page, "newcomer")
    expect(page).to_have_url(re.compile(r"^[^?]*/$"))
    assert not page.url.endswith("/accounts/signup/")
    expect(page.locator(".lesson-list").first).to_be_visible()


def test_complete_and_continue_shows_the_next_lesson_and_back_returns(page: Page, course):
    sign_up(page, "reader")
    page.goto("/learn/go/01-hello-go/")
    page.get_by_role("button", name="Mark complete and continue").click()

    expect(page).to_have_url(LESSON_2)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Values")
    expect(page).to_have_title(re.compile("Values"))

    page.go_back()
    expect(page).to_have_url(LESSON_1)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Go")
    expect(page.locator(".lesson-finish")).to_contain_text("You completed this lesson")
    expect(page).to_have_title(re.compile("Hello, Go"))
    page.go_forward()
    expect(page).to_have_url(LESSON_2)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Values")


def _current_question(username: str):
    attempt = QuizAttempt.objects.get(user__username=username, finished_at__isnull=True)
    return attempt.current_question


def test_each_quiz_answer_has_its_own_address_and_back_never_shows_a_stale_form(page: Page, course):
    sign_up(page, "stepper")
    page.goto("/quiz/go/01-hello-go/")
    page.get_by_role("button", name="Start the quiz").click()
    quiz_url = re.compile(r"/quiz/go/01-hello-go/$")
    expect(page.locator(".quiz-kicker").first).to_contain_text("Question 1 of at most")
    expect(page).to_have_url(quiz_url)

    first = _current_question("stepper")
    expect(page.locator("#question-title")).to_have_text(shown_text(first.title_html))
    answer(page, first, right=True)
    expect(page.locator("#feedback-title")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/quiz/answers/\d+/$"))
    first_answer_url = page.url
    page.reload()  # the feedback is a page of its own
    expect(page.locator("#feedback-title")).to_have_text("✓ Right!")

    page.get_by_role("link", name="Next question").click()
    expect(page.locator(".quiz-kicker").first).to_contain_text("Question 2 of at most")
    expect(page).to_have_url(quiz_url)
    second = _current_question("stepper")
    assert second != first
    expect(page.locator("#question-title")).to_have_text(shown_text(second.title_html))

    # Back shows the first answer's feedback, at its address.
    page.go_back()
    expect(page).to_have_url(first_answer_url)
    expect(page.locator("#feedback-title")).to_have_text("✓ Right!")
    expect(page.locator(".quiz-kicker").first).to_contain_text(shown_text(first.title_html))

    # Further back is the quiz itself: it shows the question waiting now, never the
    # first question's form, which could no longer be answered.
    page.go_back()
    expect(page).to_have_url(quiz_url)
    expect(page.locator("#question-title")).to_have_text(shown_text(second.title_html))
    answer(page, second, right=True)
    expect(page.locator("#feedback-title")).to_be_visible()
    expect(page.locator(".quiz-problem")).to_have_count(0)
