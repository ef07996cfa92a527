"""Nothing is lost: edits stay in the browser per user and lesson version; Reset is undoable."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import code_of, sign_up, type_code

pytestmark = [pytest.mark.browser, pytest.mark.docker, pytest.mark.redis]

LESSON = "/learn/go/01-hello-go/"
EXERCISE = "/learn/go/01-hello-go/exercises/greeting/"
EDITED = 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("kept")\n}\n'


def ready_editor(page):
    editor = page.locator(".go-editor").first
    expect(editor).to_have_class(re.compile("go-editor-ready"))
    return editor


def test_edits_to_an_example_survive_a_reload_and_reset_is_undoable(
    page, live_server, course, worker
):
    sign_up(page, "keeper")
    page.goto(LESSON)
    editor = ready_editor(page)
    code = code_of(editor)
    original = code.input_value()
    type_code(editor, EDITED)
    expect(code).to_have_value(EDITED)
    editor.get_by_role("button", name="Run").click()
    output = editor.locator(".go-editor-output")
    expect(output.locator(".run-stdout")).to_contain_text("kept", timeout=30_000)

    page.reload()
    editor = ready_editor(page)
    code = code_of(editor)
    expect(code).to_have_value(EDITED)
    note = editor.locator(".go-editor-note")
    expect(note).to_contain_text("Restored your edits")

    note.get_by_role("button", name="Reset").click()
    expect(code).to_have_value(original)
    expect(editor.locator(".go-editor-output")).to_be_empty()

    editor.get_by_role("button", name="Undo reset").click()
    expect(code).to_have_value(EDITED)
    expect(editor.locator(".go-editor-note")).to_have_count(0)

    # The toolbar's Reset too, and Ctrl+Z in the editor brings the edits back.
    editor.locator(".go-editor-toolbar").get_by_role("button", name="Reset").click()
    expect(code).to_have_value(original)
    editor.locator(".cm-content").press("Control+z")
    expect(code).to_have_value(EDITED)

    # A reset that is kept: the original code comes back on reload, with no note.
    editor.locator(".go-editor-toolbar").get_by_role("button", name="Reset").click()
    page.reload()
    editor = ready_editor(page)
    expect(code_of(editor)).to_have_value(original)
    expect(editor.locator(".go-editor-note")).to_have_count(0)


def test_another_user_does_not_see_the_first_users_edits(page, browser, live_server, course):
    sign_up(page, "first")
    page.goto(LESSON)
    editor = ready_editor(page)
    code = code_of(editor)
    original = code.input_value()
    type_code(editor, EDITED)
    expect(code).to_have_value(EDITED)
    page.reload()
    expect(code_of(ready_editor(page))).to_have_value(EDITED)

    context = browser.new_context(base_url=live_server.url)
    try:
        other = context.new_page()
        other.set_default_timeout(10_000)
        sign_up(other, "second")
        other.goto(LESSON)
        editor = ready_editor(other)
        expect(code_of(editor)).to_have_value(original)
        expect(editor.locator(".go-editor-note")).to_have_count(0)
    finally:
        context.close()

    # Same browser, another account: the first user's edits stay theirs.
    page.get_by_role("button", name=re.compile("Log out")).click()
    sign_up(page, "third")
    page.goto(LESSON)
    expect(code_of(ready_editor(page))).to_have_value(original)


def test_edits_to_an_exercise_file_survive_a_reload(page, live_server, course):
    sign_up(page, "solver")
    page.goto(EXERCISE)
    editor = ready_editor(page)
    assert editor.get_attribute("data-file")
    code = code_of(editor)
    original = code.input_value()
    type_code(editor, EDITED)
    expect(code).to_have_value(EDITED)

    page.reload()
    editor = ready_editor(page)
    code = code_of(editor)
    expect(code).to_have_value(EDITED)
    expect(editor.locator(".go-editor-note")).to_contain_text("Restored your edits")
    editor.locator(".go-editor-note").get_by_role("button", name="Reset").click()
    expect(code).to_have_value(original)
    editor.get_by_role("button", name="Undo reset").click()
    expect(code).to_have_value(EDITED)


def test_the_editor_works_when_storage_is_refused(page, live_server, course):
    page.add_init_script(
        "Object.defineProperty(window, 'localStorage', {get() { throw new Error('denied'); }});"
    )
    page.goto(LESSON)
    editor = ready_editor(page)
    code = code_of(editor)
    original = code.input_value()
    type_code(editor, EDITED)
    expect(code).to_have_value(EDITED)
    editor.locator(".go-editor-toolbar").get_by_role("button", name="Reset").click()
    expect(code).to_have_value(original)
    editor.get_by_role("button", name="Undo reset").click()
    expect(code).to_have_value(EDITED)
