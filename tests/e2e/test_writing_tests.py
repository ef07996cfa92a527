"""An exercise where the learner writes the tests, in a real browser: the code under test
is on the page, a weak test file is told which bugs it missed, and both pages pass axe
(and the content security policy, as every browser test)."""

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import run_axe, sign_up, type_code

pytestmark = [pytest.mark.browser, pytest.mark.docker, pytest.mark.redis]

WEAK = """package pages

import "testing"

func TestEnds(t *testing.T) {
	if first, last, err := Parse("10", 10); err != nil || first != 10 || last != 10 {
		t.Errorf("Parse(10) = %d, %d, %v", first, last, err)
	}
}
"""


def test_weak_tests_are_told_which_bugs_they_missed(page: Page, course, worker):
    sign_up(page, "tester")
    page.goto("/learn/go/08-packages-modules-testing/exercises/page-range-tests/")
    expect(page.locator(".exercise-implementation")).to_contain_text("ErrOutOfRange")
    editor = page.locator(".exercise-workspace .go-editor").first
    expect(editor.locator(".cm-content")).to_be_visible()
    assert run_axe(page) == []

    type_code(editor, WEAK)
    page.get_by_role("button", name="Submit for grading").click()
    results = page.locator("#exercise-results")
    expect(results.locator(".run-mutants")).to_be_visible(timeout=60_000)
    expect(results).to_contain_text("Your tests caught 2 of 5 bugs.")
    expect(results.locator(".mutant-caught")).to_have_count(2)
    expect(results.locator(".mutant-missed")).to_have_count(3)
    expect(results.locator(".mutant-caught").first).to_contain_text("the last page of the document")
    assert "last >= total" not in results.inner_text()
    assert run_axe(page) == []
