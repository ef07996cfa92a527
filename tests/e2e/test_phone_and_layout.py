"""Phones (issue 13, point 8): a compact header that scrolls away, no keyboard hints on touch."""

import re

import pytest
from playwright.sync_api import Page, expect

from courses.models import Exercise
from tests.e2e.conftest import sign_up, wait_until_scrolled_past

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def open_greeting(page: Page) -> None:
    page.goto(Exercise.objects.get(slug="greeting").get_absolute_url())
    expect(page.locator(".exercise-workspace .go-editor").first).to_have_class(
        re.compile("go-editor-ready")
    )


def test_on_a_phone_the_header_is_short_and_scrolls_away(page: Page, course):
    page.set_viewport_size(PHONE)
    sign_up(page, "hana")
    open_greeting(page)
    header = page.locator("#site-header")
    assert header.bounding_box()["height"] < 0.1 * PHONE["height"]
    page.mouse.wheel(0, 600)
    wait_until_scrolled_past(page, 300)
    box = header.bounding_box()
    assert box["y"] + box["height"] <= 0  # above the viewport: not pinned
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_touch_screen_shows_no_keyboard_hint(browser, live_server, course):
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    try:
        sign_up(page, "ines")
        open_greeting(page)
        hints = page.get_by_text(re.compile("(Ctrl|Cmd)\\+Enter"))
        expect(hints.first).to_be_attached()
        assert not any(hint.is_visible() for hint in hints.all())
        expect_submit_sends_the_request(page, tap=True)
    finally:
        context.close()


def test_on_a_phone_submit_for_grading_sends_the_request(page: Page, course):
    page.set_viewport_size(PHONE)
    sign_up(page, "jorge")
    open_greeting(page)
    expect_submit_sends_the_request(page, tap=False)


def expect_submit_sends_the_request(page: Page, tap: bool) -> None:
    exercise = Exercise.objects.get(slug="greeting")
    submit_url = re.compile(rf"/exercises/{exercise.pk}/submit/$")
    # No grader worker here: the server's answer does not matter, the request does.
    page.route(submit_url, lambda route: route.fulfill(status=202, body=""))
    button = page.get_by_role("button", name="Submit for grading")
    with page.expect_request(lambda request: bool(submit_url.search(request.url))) as sent:
        if tap:
            button.tap()
        else:
            button.click()
    assert sent.value.method == "POST"
