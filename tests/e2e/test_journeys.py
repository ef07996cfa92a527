"""The three kinds of users, each through their whole journey in real Chromium, against
the real pipeline (Redis, a Celery worker, the Docker sandbox)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from quizzes.models import QuizAttempt, ReviewCard
from tests.conftest import write
from tests.e2e.conftest import reference_solution, run_hello_and_pass_greeting, sign_up
from tests.e2e.test_quiz import USERNAME, answer, shown_text

pytestmark = [pytest.mark.browser, pytest.mark.docker, pytest.mark.redis]


def test_learner_signs_up_reads_runs_solves_quizzes_and_reviews(page: Page, course, worker):
    sign_up(page, USERNAME)
    run_hello_and_pass_greeting(page, reference_solution(course))

    page.get_by_role("link", name=re.compile("Back to the lesson")).click()
    expect(page.locator(".lesson-practice .badge-completed")).to_have_text("Passed")
    page.get_by_role("link", name="Take the quiz").click()
    page.get_by_role("button", name="Start the quiz").click()
    for number in range(1, 11):
        expect(page.locator(".quiz-kicker").first).to_contain_text(f"Question {number} of at most")
        question = QuizAttempt.objects.get(
            user__username=USERNAME, finished_at__isnull=True
        ).current_question
        expect(page.locator("#question-title")).to_have_text(shown_text(question.title_html))
        answer(page, question, right=number > 1)
        expect(page.locator("#feedback-title")).to_be_visible()
        if page.locator("#see-result").count():
            break
        page.get_by_role("link", name="Next question").click()
    page.get_by_role("link", name="See your result").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello, Go")

    ReviewCard.objects.filter(user__username=USERNAME).update(
        due=timezone.now() - timedelta(minutes=1)
    )
    page.goto("/quiz/review/")
    expect(page.locator(".nav-review .badge-due")).to_contain_text("1")
    expect(page.locator("#question-title")).to_be_visible()


def test_instructor_edits_a_lesson_sees_it_and_reads_the_dashboard(
    page: Page, course, settings, staff
):
    settings.CONTENT_AUTO_SYNC = True
    settings.DEBUG = False
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("sam")
    page.get_by_label("Password").fill("staff horse battery")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name=re.compile("Log out"))).to_be_visible()

    lesson = course / "go/lessons/01-hello-go/lesson.md"
    text = lesson.read_text()
    write(lesson, text.replace("Welcome!", "Welcome, instructors were here!", 1))
    page.goto("/learn/go/01-hello-go/")
    expect(page.locator(".lesson-body")).to_contain_text("Welcome, instructors were here!")

    # A broken edit: the page keeps the last good text and names the file and line.
    write(lesson, text.replace("minutes: 25", "minutes: soon"))
    page.reload()
    expect(page.locator(".lesson-body")).to_contain_text("Welcome, instructors were here!")
    expect(page.locator(".content-errors")).to_contain_text(
        "go/lessons/01-hello-go/lesson.md:5: 'minutes' must be a whole number"
    )
    write(lesson, text)
    page.reload()
    expect(page.locator(".content-errors")).to_have_count(0)

    page.get_by_role("link", name="Course health").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Course health")
    expect(page.locator("#pull-requests")).to_contain_text("0 / 5")
