import json
import subprocess
import textwrap
from pathlib import Path

import pytest

from grader.gotest import TestEvent, convert, declared_tests, summarize
from grader.sandbox import image as sandbox_image

V, ERR, END, ESC = "\x16", "\x0f", "\x0e", "\x1b"


def results_by_name(raw: str, declared: list[str] | None = None) -> dict:
    return {result.name: result for result in summarize(convert(raw), declared or [])}


def test_it_reads_passing_and_failing_tests():
    raw = (
        f"{V}=== RUN   TestA\n{V}--- PASS: TestA (0.00s)\n"
        f"{V}=== RUN   TestB\n{ERR}    main_test.go:9: got 1{END}\n{V}--- FAIL: TestB (0.00s)\n"
        f"{V}FAIL\n"
    )
    results = results_by_name(raw)
    assert results["TestA"].status == "pass"
    assert results["TestB"].status == "fail"
    assert results["TestB"].message == "main_test.go:9: got 1"
    assert convert(raw)[-1] == TestEvent(action="fail")


def test_a_print_without_trailing_newline_does_not_hide_the_result():
    # exercism/go-test-runner#6: the framing line follows the output on the same line.
    raw = f"{V}=== RUN   TestHello\nno newline{V}--- PASS: TestHello (0.00s)\n{V}PASS\n"
    results = results_by_name(raw, ["TestHello"])
    assert results["TestHello"].status == "pass"
    assert results["TestHello"].output == "no newline"


def test_a_print_without_newline_before_an_error_keeps_both():
    raw = f"{V}=== RUN   TestX\npartial{ERR}    x_test.go:3: bad{END}\n{V}--- FAIL: TestX (0.00s)\n"
    result = results_by_name(raw)["TestX"]
    assert result.status == "fail"
    assert result.message == "x_test.go:3: bad"
    assert result.output == "partial    x_test.go:3: bad\n"


def test_framing_printed_by_learner_code_is_only_output():
    raw = (
        f"{V}=== RUN   TestB\n--- PASS: TestB (0.00s)\n=== RUN   TestFake\n--- PASS: TestFake\n"
        f"{ERR}    b_test.go:4: wrong{END}\n{V}--- FAIL: TestB (0.00s)\n{V}FAIL\n"
    )
    results = results_by_name(raw)
    assert results["TestB"].status == "fail"
    assert "TestFake" not in results
    assert "--- PASS: TestB" in results["TestB"].output


def test_escaped_markers_in_log_output_are_text():
    raw = f"{V}=== RUN   TestLog\n    l_test.go:2: a{ESC}{V}b\n{V}--- PASS: TestLog (0.00s)\n"
    result = results_by_name(raw)["TestLog"]
    assert result.status == "pass"
    assert result.output == f"    l_test.go:2: a{V}b\n"


def test_multi_line_errors_are_one_message():
    raw = (
        f"{V}=== RUN   TestM\n{ERR}    m_test.go:9: got 1\n        want 2{END}\n"
        f"{V}--- FAIL: TestM (0.00s)\n"
    )
    assert results_by_name(raw)["TestM"].message == "m_test.go:9: got 1\n    want 2"


def test_subtests_are_flattened_after_their_parent():
    raw = (
        f"{V}=== RUN   TestC\n{V}=== RUN   TestC/one\n{V}--- PASS: TestC/one (0.00s)\n"
        f"{V}=== NAME  TestC\n{V}=== RUN   TestC/two\n{ERR}    c_test.go:12: bad{END}\n"
        f"{V}--- FAIL: TestC/two (0.00s)\n{V}=== NAME  TestC\n{V}--- FAIL: TestC (0.00s)\n"
    )
    results = summarize(convert(raw), ["TestC"])
    assert [(r.name, r.status) for r in results] == [
        ("TestC", "fail"),
        ("TestC/one", "pass"),
        ("TestC/two", "fail"),
    ]
    assert results[0].message == "Failed subtests: TestC/two"


def test_results_follow_declaration_order_and_list_tests_that_never_ran():
    raw = (
        f"{V}=== RUN   TestB\n{V}--- PASS: TestB (0.00s)\n"
        f"{V}=== RUN   TestA\n{V}--- PASS: TestA (0.00s)\n"
    )
    results = summarize(convert(raw), ["TestA", "TestB", "TestC"])
    assert [(r.name, r.status, r.started) for r in results] == [
        ("TestA", "pass", True),
        ("TestB", "pass", True),
        ("TestC", "error", False),
    ]


def test_a_test_that_never_finished_is_an_error():
    raw = f"{V}=== RUN   TestSlow\npanic: test timed out after 4.5s\n\trunning tests:\n"
    result = results_by_name(raw)["TestSlow"]
    assert result.status == "error"
    assert result.started
    assert "panic: test timed out" in result.output


def test_a_crash_after_the_failure_report_is_attributed_to_that_test():
    raw = (
        f"{V}=== RUN   TestD\n{V}--- FAIL: TestD (0.00s)\n"
        "panic: runtime error: index out of range [3] with length 0 [recovered]\n\n"
        "goroutine 7 [running]:\n"
    )
    result = results_by_name(raw)["TestD"]
    assert result.status == "fail"
    assert result.output.startswith("panic: runtime error")


def test_skipped_tests_say_why():
    raw = f"{V}=== RUN   TestS\n    s_test.go:5: not on Tuesdays\n{V}--- SKIP: TestS (0.00s)\n"
    result = results_by_name(raw)["TestS"]
    assert result.status == "skip"
    assert result.message == "s_test.go:5: not on Tuesdays"


def test_it_finds_declared_tests_in_file_order():
    files = {
        "b_test.go": "package x\n\nfunc TestZebra(t *testing.T) {}\nfunc TestMain(m *testing.M) {}\n",
        "a_test.go": textwrap.dedent(
            """\
            package x

            func TestOne(t *testing.T) {}
            func Testing(t *testing.T) {}
            func helper(t *testing.T) {}
            func (s suite) TestMethod(t *testing.T) {}
            func Test_two(tt *testing.T) {}
            func FuzzParse(f *testing.F) {}
            func BenchmarkX(b *testing.B) {}
            func Test(t *testing.T) {}
            """
        ),
    }
    assert declared_tests(files) == ["TestOne", "Test_two", "FuzzParse", "Test", "TestZebra"]


EXERCISE = """\
package greet

import "fmt"

func Hello() string { fmt.Print("no newline"); return "hi" }
"""

EXERCISE_TESTS = """\
package greet

import (
	"fmt"
	"testing"
)

func TestHello(t *testing.T) {
	if Hello() != "hi" {
		t.Fatal("wrong")
	}
}

func TestFails(t *testing.T) {
	fmt.Println("--- PASS: TestFails (0.00s)")
	t.Errorf("got %d\\nwant %d", 1, 2)
	t.Log("marker \\x16 in a log")
}

func TestSub(t *testing.T) {
	t.Run("one", func(t *testing.T) { fmt.Print("partial") })
	t.Run("two", func(t *testing.T) { t.Skip("later") })
}
"""


def _go(work: Path, *args: str) -> subprocess.CompletedProcess:
    env = sandbox_image.go_env()
    return subprocess.run(
        [str(sandbox_image.go_binary()), *args],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _comparable(events: list[TestEvent]) -> list[tuple[str, str, str]]:
    # Output events may be split differently; compare actions and the text per test.
    merged: list[tuple[str, str, str]] = []
    for event in events:
        if event.action == "output" and merged and merged[-1][:2] == ("output", event.test):
            merged[-1] = ("output", event.test, merged[-1][2] + event.output)
        elif event.action in ("start",):
            continue
        else:
            merged.append((event.action, event.test, event.output))
    return merged


def test_it_agrees_with_go_test_json(tmp_path: Path):
    (tmp_path / "go.mod").write_text("module greet\n\ngo 1.27\n")
    (tmp_path / "greet.go").write_text(EXERCISE)
    (tmp_path / "greet_test.go").write_text(EXERCISE_TESTS)
    reference = _go(tmp_path, "test", "-json", "-count=1", ".")
    if not reference.stdout.strip():
        pytest.fail(f"go test -json printed nothing: {reference.stderr}")
    expected = [
        TestEvent(
            action=item["Action"],
            test=item.get("Test", ""),
            output=item.get("Output", ""),
        )
        for item in map(json.loads, reference.stdout.splitlines())
        if not (item["Action"] == "output" and item.get("Test") is None)
    ]
    built = _go(tmp_path, "test", "-c", "-o", "greet.test", ".")
    assert built.returncode == 0, built.stderr
    raw = subprocess.run(
        ["./greet.test", "-test.v=test2json", "-test.paniconexit0"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    ours = [
        TestEvent(action=e.action, test=e.test, output=e.output)
        for e in convert(raw)
        if not (e.action == "output" and not e.test)
    ]
    assert _comparable(ours) == _comparable(expected)
