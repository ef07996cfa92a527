"""The course-health dashboard's layout at 1280 px, and the favicon every page asks for."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from courses.models import Lesson, LessonProgress
from health.models import LessonFeedback
from tests.e2e.conftest import run_axe

pytestmark = pytest.mark.browser


def log_in(page: Page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_the_dashboard_sits_in_the_page_with_full_labels_and_right_plurals(
    page: Page, course, staff
):
    learner = User.objects.create_user("ada", password="not used here")
    lesson = Lesson.objects.get(course__slug="go", slug="01-hello-go")
    LessonProgress.objects.create(user=learner, lesson=lesson)
    LessonFeedback.objects.create(
        user=learner, lesson=lesson, difficulty=4, confusing=True, comment="Lost at Printf."
    )
    log_in(page, "sam", "staff horse battery")
    page.goto("/health/")

    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("Course health")
    box = heading.bounding_box()
    assert box is not None and box["x"] > 48, f"against the left edge: {box}"

    card = page.locator(".health-card").first
    expect(card.locator(".card-figure")).to_have_text("1")
    expect(card.locator(".card-label")).to_have_text("learner started")

    chart = page.locator("svg.health-funnel").bounding_box()
    label = page.locator(".funnel-label").filter(has_text="Project")
    assert label.text_content().startswith("13. ")  # the last main lesson: two digits
    shown = label.bounding_box()
    assert chart is not None and shown is not None
    assert shown["x"] >= chart["x"] and shown["x"] + shown["width"] <= chart["x"] + chart["width"]

    page.locator(".health-comments-row summary").first.click()
    assert run_axe(page) == []


def test_the_favicon_is_there_and_the_home_page_logs_no_errors(page: Page, course):
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "response",
        lambda response: (
            response.status >= 400 and errors.append(f"{response.status} {response.url}")
        ),
    )
    page.goto("/")
    expect(page.locator("link[rel=icon]")).to_have_count(1)
    page.wait_for_load_state("networkidle")

    favicon = page.request.get("/favicon.ico")
    assert favicon.ok
    assert favicon.headers["content-type"].startswith("image/svg+xml")
    assert errors == []
