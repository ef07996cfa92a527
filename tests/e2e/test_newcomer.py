import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_newcomer_signs_up_reads_lesson_one_and_sees_it_complete(page, course):
    page.goto("/")
    lessons = page.locator(".lesson-item")
    expect(lessons).to_have_count(17)
    expect(lessons.first).to_contain_text("Hello, Go")

    page.get_by_role("link", name="Sign up", exact=True).first.click()
    page.get_by_label("Username").fill("newcomer")
    page.get_by_label("Password", exact=True).fill("gophers go far 2026")
    page.get_by_label("Password confirmation").fill("gophers go far 2026")
    page.get_by_role("button", name="Sign up").click()
    expect(page.locator(".message-success")).to_contain_text("Welcome, newcomer")

    page.locator(".lesson-list").get_by_role("link", name="Hello, Go").click()
    expect(page).to_have_url(re.compile(r"/learn/go/01-hello-go/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Go")
    # Go code is highlighted and editable.
    editor = page.locator(".go-editor").first
    expect(editor.locator(".cm-content .tok-keyword").first).to_have_text("package")
    code = editor.get_by_role("textbox")
    expect(code).to_be_editable()
    code.press("Control+End")
    page.keyboard.type("\n// edited by a learner")
    expect(editor.locator(".cm-content .tok-comment").last).to_have_text("// edited by a learner")
    expect(page.locator(".lesson-toc a").first).to_be_visible()

    page.get_by_role("button", name=re.compile("Mark complete")).click()
    expect(page).to_have_url(re.compile(r"/learn/go/02-values-and-control-flow/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Values")

    page.get_by_role("link", name="My progress").click()
    first = page.locator(".lesson-item").filter(has_text="Hello, Go")
    expect(first.locator(".badge")).to_have_text("Completed")
    second = page.locator(".lesson-item").filter(has_text="Values and control flow")
    expect(second.locator(".badge")).to_have_text("In progress")


def test_lesson_navigation_works_without_javascript(browser, live_server, course):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/learn/go/01-hello-go/")
    expect(page.locator(".go-editor-highlight").first).to_be_visible()
    page.locator("a[rel=next]").click()
    expect(page).to_have_url(re.compile(r"/learn/go/02-values-and-control-flow/$"))
    context.close()
