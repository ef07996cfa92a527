import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from tests.e2e.conftest import code_of, reference_solution, type_code

pytestmark = [pytest.mark.browser, pytest.mark.docker, pytest.mark.redis]


def log_in(page, live_server):
    User.objects.create_user("runner", password="run run run 2026")
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("runner")
    page.get_by_label("Password").fill("run run run 2026")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name=re.compile("Log out"))).to_be_visible()


def run_first_example(page, live_server, lesson_url: str):
    """A learner logs in and runs the lesson's first example; its editor and output,
    once the run has succeeded."""
    log_in(page, live_server)
    page.goto(lesson_url)
    editor = page.locator(".go-editor").first
    editor.get_by_role("button", name="Run").click()
    output = editor.locator(".go-editor-output")
    expect(output.locator(".run-result[data-status=ok]")).to_be_visible(timeout=60_000)
    return editor, output


def test_learner_runs_edits_and_formats_code_on_a_lesson_page(page, live_server, course, worker):
    editor, output = run_first_example(page, live_server, "/learn/go/01-hello-go/")
    expect(output.locator(".run-stdout")).to_contain_text("Hello, Go!")

    # Break the program: the compile error is shown and its line marked in the editor.
    type_code(editor, 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println(missing)\n}\n')
    page.keyboard.press("Control+Enter")
    expect(output.locator(".run-result[data-status=compile_error]")).to_be_visible(timeout=30_000)
    expect(output).to_contain_text("undefined: missing")
    expect(output).to_contain_text("main.go:6")
    marked = editor.locator(".cm-line", has=page.locator(".cm-lintRange-error"))
    expect(marked).to_have_text("\tfmt.Println(missing)")
    expect(editor.locator(".cm-gutter-lint .cm-lint-marker-error")).to_have_count(1)
    page.keyboard.type("// fixed")  # an edit clears the marks of the code that ran
    expect(editor.locator(".cm-lint-marker")).to_have_count(0)

    type_code(editor, 'package main\nimport "fmt"\nfunc main(){fmt.Println( 1 )}\n')
    editor.get_by_role("button", name="Format").click()
    code = code_of(editor)
    expect(code).to_have_value(re.compile(r"func main\(\) \{ fmt\.Println\(1\) \}"), timeout=30_000)
    page.keyboard.press("Control+z")  # Format is one step of the editor's undo history
    expect(code).to_have_value('package main\nimport "fmt"\nfunc main(){fmt.Println( 1 )}\n')


def test_go_vet_findings_are_warnings_on_their_lines(page, live_server, course, worker):
    log_in(page, live_server)
    page.goto("/learn/go/01-hello-go/")
    editor = page.locator(".go-editor").first
    type_code(
        editor,
        'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Printf("%d\\n", "seven")\n}\n',
    )
    editor.get_by_role("button", name="Run").click()
    output = editor.locator(".go-editor-output")
    result = output.locator(".run-result[data-status=ok]")
    expect(result.locator(".run-status")).to_contain_text("Ran, with warnings", timeout=30_000)
    expect(result).to_have_class(re.compile("run-warn"))
    expect(output.locator(".run-stdout")).to_contain_text("%!d(string=seven)")
    expect(output.locator(".run-vet")).to_contain_text("wrong type")
    marked = editor.locator(".cm-line", has=page.locator(".cm-lintRange-warning"))
    expect(marked).to_contain_text('fmt.Printf("%d\\n", "seven")')
    expect(editor.locator(".cm-gutter-lint .cm-lint-marker-warning")).to_have_count(1)
    expect(editor.locator(".cm-lint-marker-error")).to_have_count(0)


def test_learner_submits_an_exercise_and_sees_each_test(page, live_server, course, worker):
    log_in(page, live_server)
    page.goto("/learn/go/01-hello-go/exercises/greeting/")
    page.get_by_role("button", name="Submit for grading").click()
    results = page.locator("#exercise-results")
    expect(results.locator(".run-result[data-status=tests_failed]")).to_be_visible(timeout=30_000)
    expect(results.locator(".run-tests li")).to_have_count(3)
    expect(results.locator(".test-fail").first).to_contain_text("want")

    page.get_by_role("button", name=re.compile("Show a hint")).click()
    expect(page.locator(".hint")).to_have_count(1)
    expect(page.locator(".hint").first).to_contain_text("Sprintf")

    type_code(page.locator(".exercise-workspace .go-editor").first, reference_solution(course))
    page.get_by_role("button", name="Submit for grading").click()
    expect(results.locator(".run-result[data-status=ok]")).to_be_visible(timeout=30_000)
    expect(results.locator(".test-pass")).to_have_count(3)
    expect(page.locator(".exercise-passed")).to_contain_text("Passed")
    expect(page.locator(".solution-file")).to_have_count(1)
