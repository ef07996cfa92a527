import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from health.models import LessonFeedback

pytestmark = pytest.mark.browser

PASSWORD = "gophers go far 2026"


def log_in(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    expect(page.locator(".site-nav .username")).to_contain_text(username)


def test_a_learner_leaves_feedback_and_staff_see_the_flag(page: Page, course, settings):
    settings.HEALTH_MIN_LEARNERS = 1
    User.objects.create_user("learner", password=PASSWORD)
    User.objects.create_user("teacher", password=PASSWORD, is_staff=True)

    log_in(page, "learner")
    page.goto("/learn/go/01-hello-go/")
    form = page.locator("#lesson-feedback")
    form.get_by_text("4 · hard").click()  # one click saves the rating
    expect(page.locator("#lesson-feedback .feedback-status")).to_have_text("Saved, thank you.")
    assert LessonFeedback.objects.get().difficulty == 4

    form = page.locator("#lesson-feedback")
    form.get_by_label("This was confusing").check()
    form.get_by_label("Where?").select_option(index=1)
    form.get_by_label("Anything to add?").fill("The <b>Printf</b> verbs lost me.")
    # The status already reads "Saved" from the rating, so wait for this POST's own answer.
    with page.expect_response(lambda r: r.request.method == "POST" and "feedback" in r.url):
        form.get_by_role("button", name="Update feedback").click()
    expect(page.locator("#lesson-feedback .feedback-status")).to_have_text("Saved, thank you.")
    expect(page.get_by_label("This was confusing")).to_be_checked()
    feedback = LessonFeedback.objects.get()
    assert feedback.confusing and feedback.confusing_section and feedback.difficulty == 4

    page.locator(".site-nav").get_by_role("button", name="Log out").click()
    log_in(page, "teacher")
    page.locator(".site-nav").get_by_role("link", name="Course health").click()
    flag = page.locator(".health-flag[data-rule='confusing']")
    expect(flag).to_contain_text("Add scaffolding")
    expect(flag).to_contain_text("100% found it confusing (1 of 1")
    page.locator(".health-comments-row summary").first.click()
    expect(page.locator(".health-comments")).to_contain_text("The <b>Printf</b> verbs lost me.")
