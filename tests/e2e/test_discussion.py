"""Lesson discussions in real Chromium: a learner asks about a section, a second learner
answers, a third finds it helpful, the asker accepts it, and an instructor sees it on the
course-health dashboard; every account in its own browser context. Also on a phone and
without JavaScript."""

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, Page, expect

from discussions.models import Thread
from tests.e2e.conftest import csp_violations, run_axe, sign_up

pytestmark = pytest.mark.browser

LESSON = "/learn/go/01-hello-go/"
SNIPPET = 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("a", "b")\n}'
PHONE = {"width": 390, "height": 844}


@contextmanager
def another_browser(browser: Browser, base_url: str, **options) -> Iterator[Page]:
    """A second person: a context of its own (cookies, storage), checked for CSP reports."""
    options.setdefault("viewport", {"width": 1280, "height": 900})
    context = browser.new_context(base_url=base_url, **options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    refused = csp_violations(page)
    try:
        yield page
    finally:
        context.close()
    assert refused == [], f"Content-Security-Policy violations: {refused}"


def log_in(page: Page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.locator("main").get_by_role("button", name="Log in").click()
    expect(page.locator(".site-nav .username")).to_contain_text(username)


def ask_about_printing(page: Page) -> None:
    page.goto(LESSON)
    heading = page.locator(".lesson-body h2#printing-values")
    heading.hover()
    heading.get_by_role("link", name="Ask about Printing values").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Questions on “Hello, Go”")
    expect(page.get_by_label("Which section is it about?")).to_have_value("printing-values")
    page.get_by_label("Your question, in one line").fill(
        "Why does Println put a space between a and b?"
    )
    page.get_by_label("Details: what did you try").fill(
        "I expected `ab`. See <script>alert('x')</script> and [this](javascript:alert(1))."
    )
    page.get_by_label("Go code (optional)").fill(SNIPPET)
    page.get_by_role("button", name="Post your question").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Why does Println put a space between a and b?"
    )


def test_ask_answer_vote_accept_and_the_dashboard(
    page: Page, browser, live_server, course, settings
):
    settings.HEALTH_SECTION_QUESTIONS = 1
    User.objects.create_user("teacher", password="staff horse battery", is_staff=True)

    # Learner A asks about a section, with a code snippet and some hostile markdown.
    sign_up(page, "ana")
    ask_about_printing(page)
    question = page.locator(".post-question")
    expect(question.locator(".post-body code")).to_have_text("ab")
    expect(question.locator(".post-body")).to_contain_text("<script>alert('x')</script>")
    expect(question.locator(".post-body a")).to_have_count(0)  # the javascript: link stays text
    expect(page.locator(".thread-answers")).to_contain_text("No answer yet.")
    assert run_axe(page) == []
    thread = Thread.objects.get()

    # Learner B finds it from the lesson's heading, opens the code in an editor and answers.
    with another_browser(browser, live_server.url) as other:
        sign_up(other, "ben")
        other.goto(LESSON)
        other.locator("h2#printing-values").get_by_role(
            "link", name="1 question about Printing values"
        ).click()
        expect(other.locator(".thread-list .thread-unanswered")).to_have_count(1)
        assert run_axe(other) == []
        other.get_by_role("link", name=thread.title).click()
        snippet = other.locator(".post-question .post-code")
        snippet.get_by_role("link", name="Open in an editor").click()
        editor = other.locator(".post-question .post-code-editor .go-editor")
        expect(editor).to_have_class(re.compile("go-editor-ready"))
        expect(editor.get_by_role("button", name="Run")).to_be_visible()
        expect(other.locator(".post-code-editor")).to_have_attribute("data-run-url", "/grader/run/")
        other.get_by_label("Your answer").fill(
            "`Println` adds a space between operands; use `Print`."
        )
        other.get_by_role("button", name="Post your answer").click()
        answer = other.locator(".post-answer")
        expect(answer).to_have_count(1)
        expect(answer).to_be_focused()
        expect(answer.locator(".post-body code").first).to_have_text("Println")
        expect(other.get_by_role("heading", name="1 answer")).to_be_visible()
        assert run_axe(other) == []

    # Learner C finds the answer helpful.
    with another_browser(browser, live_server.url) as third:
        sign_up(third, "cleo")
        third.goto(thread.get_absolute_url())
        helpful = third.locator(".post-answer").get_by_role("button", name=re.compile("Helpful"))
        expect(helpful).to_have_attribute("aria-pressed", "false")
        helpful.click()
        expect(third.locator(".post-answer .post-vote")).to_have_attribute("aria-pressed", "true")
        expect(third.locator(".post-answer .post-votes")).to_have_text("1")
        expect(
            third.locator(".post-answer").get_by_role("button", name="Accept this answer")
        ).to_have_count(0)

    # A sees the header's badge, reads the answer and accepts it.
    page.goto("/")
    badge = page.locator(".nav-answers .badge-due")
    expect(badge).to_contain_text("1")
    page.locator(".nav-answers").click()
    page.get_by_role("link", name=thread.title).click()
    expect(page.locator(".nav-answers")).to_have_count(0)
    page.locator(".post-answer").get_by_role("button", name="Accept this answer").click()
    expect(page.locator(".post-answer .badge-accepted")).to_have_text("Accepted answer")
    expect(page.get_by_role("link", name="Go to the accepted answer")).to_be_visible()
    thread.refresh_from_db()
    assert thread.accepted is not None and thread.accepted.author.username == "ben"

    # The instructor sees the question on the dashboard, and the section flagged.
    with another_browser(browser, live_server.url) as staff:
        log_in(staff, "teacher", "staff horse battery")
        staff.locator(".site-nav").get_by_role("link", name="Course health").click()
        row = staff.locator("#discussion-01-hello-go")
        expect(row.locator("[data-metric=questions]")).to_have_text("1")
        expect(row.locator("[data-metric=unanswered]")).to_have_text("0")
        expect(row.locator("[data-metric=median-first-answer]")).not_to_have_text("—")
        section = staff.locator(".discussion-section[data-section=printing-values]")
        expect(section).to_contain_text("Printing values")
        flag = staff.locator(".health-flag[data-rule='confusing']")
        expect(flag).to_contain_text("learners keep asking about “Printing values” (1)")
        assert run_axe(staff) == []


def test_on_a_phone_the_discussion_fits_and_is_accessible(page: Page, course):
    page.set_viewport_size(PHONE)
    sign_up(page, "hana")
    ask_about_printing(page)
    for url in (page.url, "/discussion/go/01-hello-go/"):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert run_axe(page) == []
    page.get_by_role("link", name=re.compile("Why does Println")).click()
    page.get_by_role("link", name="Open in an editor").click()
    expect(page.locator(".post-code-editor .go-editor")).to_have_class(
        re.compile("go-editor-ready")
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_without_javascript_every_form_still_works(browser, live_server, course):
    with another_browser(browser, live_server.url, java_script_enabled=False) as asker:
        sign_up(asker, "nojs-asker")
        asker.goto("/discussion/go/01-hello-go/?section=printing-values")
        asker.get_by_label("Your question, in one line").fill("What does %v print?")
        asker.get_by_label("Details: what did you try").fill("The docs confuse me.")
        asker.get_by_label("Go code (optional)").fill(SNIPPET)
        asker.get_by_role("button", name="Post your question").click()
        expect(asker.get_by_role("heading", level=1)).to_have_text("What does %v print?")
        thread_url = asker.url
        asker.get_by_role("link", name="Open in an editor").click()
        expect(asker.locator("textarea.go-editor-input")).to_have_value(SNIPPET)
        asker.go_back()

        with another_browser(browser, live_server.url, java_script_enabled=False) as helper:
            sign_up(helper, "nojs-helper")
            helper.goto(thread_url)
            helper.get_by_label("Your answer").fill("The value in a default format.")
            helper.get_by_role("button", name="Post your answer").click()
            expect(helper.locator(".message-success")).to_have_text("Your answer is posted.")
            expect(helper.locator(".post-answer")).to_contain_text("The value in a default format.")
            helper.get_by_role("link", name="Edit your answer").click()
            helper.get_by_role("textbox", name="Your answer").fill(
                "The value in its default format."
            )
            helper.get_by_role("button", name="Save").click()
            expect(helper.locator(".post-answer .post-edited")).to_have_text("edited")

        asker.goto(thread_url)
        asker.get_by_role("button", name=re.compile("Helpful")).click()
        expect(asker.locator(".post-vote")).to_have_attribute("aria-pressed", "true")
        asker.get_by_role("button", name="Accept this answer").click()
        expect(asker.locator(".post-answer .badge-accepted")).to_be_visible()
        asker.get_by_role("button", name="Delete your question").click()
        expect(asker.locator(".post-question .post-tombstone")).to_have_text(
            "Deleted by its author."
        )
        expect(asker.locator(".post-answer")).to_contain_text("The value in its default format.")


def test_edit_in_place_flag_and_staff_hide_with_htmx(page: Page, browser, live_server, course):
    User.objects.create_user("teacher", password="staff horse battery", is_staff=True)
    sign_up(page, "dora")
    ask_about_printing(page)
    question = page.locator(".post-question")
    question.get_by_role("link", name="Edit your question").click()
    form = page.get_by_role("form", name="Edit your question")
    assert run_axe(page) == []
    form.get_by_label("Your question, in one line").fill("Why the space in Println?")
    form.get_by_role("button", name="Save").click()
    expect(page.locator(".post-question .post-edited")).to_have_text("edited")
    expect(page.locator(".post-question .post-edited")).to_have_count(1)
    thread = Thread.objects.get()
    assert thread.title == "Why the space in Println?"

    with another_browser(browser, live_server.url) as other:
        sign_up(other, "eve")
        other.goto(thread.get_absolute_url())
        other.get_by_role("button", name="Flag for staff").click()
        expect(other.locator(".post-question .post-flagged")).to_have_text(
            "You flagged this for staff"
        )

    with another_browser(browser, live_server.url) as staff:
        log_in(staff, "teacher", "staff horse battery")
        staff.goto("/discussion/flagged/")
        expect(staff.locator(".flagged-post")).to_contain_text("Flagged 1×")
        staff.get_by_role("link", name=re.compile("Question by dora")).click()
        staff.locator(".post-question").get_by_role("button", name="Hide").click()
        expect(staff.locator(".post-question .badge-hidden")).to_have_text("Hidden by staff")
        assert run_axe(staff) == []

    with another_browser(browser, live_server.url) as visitor:
        response = visitor.goto(thread.get_absolute_url())
        assert response is not None and response.status == 404
    page.reload()
    expect(page.locator(".post-question .badge-hidden")).to_contain_text(
        "only you and staff see it"
    )


@pytest.mark.docker
@pytest.mark.redis
def test_a_snippet_runs_in_the_sandbox(page: Page, course, worker):
    sign_up(page, "fay")
    ask_about_printing(page)
    page.get_by_role("link", name="Open in an editor").click()
    editor = page.locator(".post-code-editor .go-editor")
    expect(editor).to_have_class(re.compile("go-editor-ready"))
    editor.get_by_role("button", name="Run").click()
    expect(editor.locator(".run-stdout")).to_contain_text("a b", timeout=30_000)
