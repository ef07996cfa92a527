from dataclasses import replace

from grader import verdicts
from grader.results import SandboxLimits, Status
from grader.verdicts import ProgramRun

LIMITS = SandboxLimits(
    build_timeout=10, run_timeout=5, memory_mb=256, pids=128, cpus=1, output_limit=65536
)
V, ERR, END = "\x16", "\x0f", "\x0e"
FILES = {"greet.go", "greet_test.go", "go.mod"}


def run_tests(raw: str, exit_code: int | None, declared: list[str], **facts) -> object:
    run = ProgramRun(stdout=raw.encode(), stderr=b"", exit_code=exit_code, **facts)
    return verdicts.tests_finished(run, LIMITS, declared, FILES)


PASSING = (
    f"{V}=== RUN   TestA\n{V}--- PASS: TestA (0.00s)\n"
    f"{V}=== RUN   TestB\n{V}--- PASS: TestB (0.00s)\n{V}PASS\n"
)


def test_all_tests_passing_with_exit_status_zero_is_ok():
    result = run_tests(PASSING, 0, ["TestA", "TestB"])
    assert result.status == Status.OK
    assert result.message == "All 2 tests passed."
    assert [t.status for t in result.tests] == ["pass", "pass"]
    assert result.stdout.startswith("=== RUN   TestA\n")


def test_printed_pass_lines_do_not_turn_a_failing_binary_into_ok():
    # Learner code printed perfect framing, markers included, but the binary exited 1.
    result = run_tests(PASSING, 1, ["TestA", "TestB"])
    assert result.status == Status.TESTS_FAILED


def test_exit_status_zero_without_every_declared_test_is_not_ok():
    # For example os.Exit(0) from an init function: no test ran.
    result = run_tests("", 0, ["TestA", "TestB"])
    assert result.status == Status.TESTS_FAILED
    assert [t.status for t in result.tests] == ["error", "error"]
    assert result.tests[0].message == (
        "This test did not run: the test binary exited with status 0 before it started."
    )


TOKEN = "5eed" * 8
DONE = f"{V}gocourse-done {TOKEN}\n"


def finished(raw: str, exit_code: int, declared: list[str]) -> object:
    run = ProgramRun(stdout=raw.encode(), stderr=b"", exit_code=exit_code)
    return verdicts.tests_finished(run, LIMITS, declared, FILES, TOKEN)


def test_a_pass_needs_the_completion_marker_which_is_not_shown():
    result = finished(PASSING + DONE, 0, ["TestA", "TestB"])
    assert result.status == Status.OK
    assert result.stdout.endswith("=== RUN   TestB\n--- PASS: TestB (0.00s)\nPASS\n")


def test_a_perfect_transcript_and_exit_status_zero_without_the_marker_are_not_a_pass():
    result = finished(PASSING, 0, ["TestA", "TestB"])
    assert (result.status, result.message) == (Status.TESTS_FAILED, verdicts.NOT_FINISHED)
    assert [(t.status, t.message) for t in result.tests] == [("error", verdicts.UNTRUSTED)] * 2


def test_a_marker_with_another_token_is_not_the_runs():
    marker = DONE.replace(TOKEN, "0" * 32)
    assert finished(PASSING + marker, 0, ["TestA", "TestB"]).status == Status.TESTS_FAILED


def test_the_marker_is_found_after_output_without_a_newline():
    result = finished(PASSING + "partial" + DONE, 0, ["TestA", "TestB"])
    assert result.status == Status.OK and "partial" in result.stdout


def test_failed_tests_are_named_in_the_message():
    raw = (
        f"{V}=== RUN   TestA\n{V}--- PASS: TestA (0.00s)\n"
        f"{V}=== RUN   TestB\n{ERR}    greet_test.go:9: got 1, want 2{END}\n"
        f"{V}--- FAIL: TestB (0.00s)\n{V}FAIL\n"
    )
    result = run_tests(raw, 1, ["TestA", "TestB"])
    assert result.status == Status.TESTS_FAILED
    assert result.message == "1 of 2 tests failed: TestB."
    assert result.tests[1].message == "greet_test.go:9: got 1, want 2"


def test_a_panic_in_a_test_is_a_runtime_error_named_after_its_test():
    raw = (
        f"{V}=== RUN   TestA\n{V}--- FAIL: TestA (0.00s)\n"
        "panic: runtime error: index out of range [3] with length 0 [recovered]\n\n"
        "goroutine 7 [running]:\nsandbox.TestA(0x1)\n\tsandbox/greet_test.go:14 +0x9\n"
    )
    result = run_tests(raw, 2, ["TestA", "TestB"])
    assert result.status == Status.RUNTIME_ERROR
    assert result.message == (
        "The tests panicked at greet_test.go:14: runtime error: index out of range [3] "
        "with length 0 [recovered]."
    )
    assert result.tests[0].status == "fail"
    assert result.tests[0].message.startswith("The code panicked at greet_test.go:14")
    assert result.tests[1].message == (
        "This test did not run: the test binary crashed before it started."
    )


def test_the_test_binary_stopping_itself_at_the_time_limit_is_a_timeout():
    raw = (
        f"{V}=== RUN   TestSlow\npanic: test timed out after 4.5s\n\trunning tests:\n"
        "\t\tTestSlow (4s)\n\ngoroutine 19 [running]:\n"
    )
    result = run_tests(raw, 2, ["TestSlow", "TestNext"])
    assert result.status == Status.TIMEOUT
    assert [t.status for t in result.tests] == ["error", "error"]
    assert result.tests[0].message == "This test did not finish: the tests ran longer than 5 s."


def test_the_host_killing_the_tests_is_a_timeout():
    result = run_tests(f"{V}=== RUN   TestSlow\n", None, ["TestSlow"], timed_out=True)
    assert result.status == Status.TIMEOUT
    assert result.message == "The tests ran longer than 5 s and were stopped."


def test_memory_and_output_limits_win_over_test_results():
    assert run_tests(PASSING, 137, ["TestA"], oom_killed=True).status == Status.MEMORY_LIMIT
    assert (
        run_tests(PASSING, None, ["TestA"], output_exceeded=True, stdout_truncated=True).status
        == Status.OUTPUT_LIMIT
    )


def run_program(stdout=b"", stderr=b"", exit_code=0, **facts):
    run = ProgramRun(stdout=stdout, stderr=stderr, exit_code=exit_code, **facts)
    return verdicts.program_finished(run, LIMITS, {"main.go"})


def test_a_program_exiting_zero_is_ok_with_its_output():
    result = run_program(b"hello\n", b"warning\n", 0)
    assert (result.status, result.stdout, result.stderr, result.exit_code) == (
        Status.OK,
        "hello\n",
        "warning\n",
        0,
    )


def test_a_panicking_program_is_a_runtime_error_with_the_panic():
    stderr = b"panic: boom\n\ngoroutine 1 [running]:\nmain.main()\n\tsandbox/main.go:4 +0x25\n"
    result = run_program(stderr=stderr, exit_code=2)
    assert result.status == Status.RUNTIME_ERROR
    assert result.message == "The program panicked at main.go:4: boom."
    assert result.exit_code == 2


def test_exit_codes_and_signals_are_reported():
    assert run_program(exit_code=3).message == "The program exited with status 3."
    killed = run_program(exit_code=137)
    assert (killed.status, killed.signal, killed.message) == (
        Status.RUNTIME_ERROR,
        "SIGKILL",
        "The program was killed by SIGKILL.",
    )


def test_limits_become_their_own_statuses():
    assert run_program(exit_code=None, timed_out=True).status == Status.TIMEOUT
    oom = run_program(exit_code=137, oom_killed=True)
    assert (oom.status, oom.message) == (
        Status.MEMORY_LIMIT,
        "The program used more than 256 MiB of memory and was stopped.",
    )
    flood = run_program(b"y\n" * 10, exit_code=None, output_exceeded=True, stdout_truncated=True)
    assert (flood.status, flood.stdout_truncated, flood.stdout) == (
        Status.OUTPUT_LIMIT,
        True,
        "y\n" * 10,
    )


def test_invalid_utf8_output_is_replaced_not_fatal():
    assert run_program(b"\xff\xfehi\n").stdout == "\ufffd\ufffdhi\n"


def test_build_failures_list_every_error():
    result = verdicts.build_failed("# sandbox\n./main.go:5:2: undefined: x\n", LIMITS)
    assert result.status == Status.COMPILE_ERROR
    assert result.message == "The code does not compile (1 error; first: main.go:5: undefined: x)."
    assert result.compile_errors[0].column == 2


def test_a_compiler_killed_for_memory_is_reported_as_such():
    output = "# sandbox\nsandbox: /usr/local/go/pkg/tool/linux_amd64/compile: signal: killed\n"
    result = verdicts.build_failed(output, LIMITS)
    assert result.status == Status.COMPILE_ERROR
    assert "ran out of memory" in result.message


def test_format_results_only_return_the_learners_files():
    reply = {"ok": True, "formatted": {"main.go": "package main\n", "main_test.go": "secret"}}
    result = verdicts.formatted(reply, {"main.go"})
    assert (result.status, result.formatted) == (Status.OK, {"main.go": "package main\n"})
    broken = verdicts.formatted(
        {
            "ok": False,
            "format_errors": [{"file": "main.go", "line": 3, "column": 1, "message": "x"}],
        },
        {"main.go"},
    )
    assert broken.status == Status.COMPILE_ERROR
    assert broken.compile_errors[0].line == 3


def test_a_test_binary_without_tests_is_not_a_pass():
    # What `go test` prints for test files that declare no Test function: ok for go,
    # nothing tested for a grader.
    result = run_tests("testing: warning: no tests to run\nPASS\n", 0, [])
    assert result.status == Status.TESTS_FAILED
    assert result.message == "No tests ran: the test files declare no Test functions."


def test_tests_that_all_skip_are_not_a_pass():
    raw = f"{V}=== RUN   TestA\n    a_test.go:5: later\n{V}--- SKIP: TestA (0.00s)\n{V}PASS\n"
    result = run_tests(raw, 0, ["TestA"])
    assert result.status == Status.TESTS_FAILED
    assert result.message == "No tests ran: every test was skipped."


def test_limit_messages_name_the_limit_the_run_had():
    limits = replace(LIMITS, memory_mb=768, run_timeout=10)
    oom = verdicts.tests_finished(
        ProgramRun(stdout=b"", stderr=b"", exit_code=137, oom_killed=True), limits, ["TestA"], FILES
    )
    assert oom.message == "The tests used more than 768 MiB of memory and were stopped."
    late = verdicts.program_finished(
        ProgramRun(stdout=b"", stderr=b"", timed_out=True), limits, FILES
    )
    assert late.message == "The program ran longer than 10 s and was stopped."


def test_errors_without_a_position_are_told_without_one():
    result = verdicts.build_failed(
        "package sandbox: build constraints exclude all Go files in /tmp/src\n", LIMITS
    )
    assert result.message == (
        "The code does not compile (1 error; first: package sandbox: build constraints "
        "exclude all Go files in .)."
    )
    no_line = verdicts.formatted(
        {"format_errors": [{"file": "a.go", "line": 0, "column": 0, "message": "bad"}]}, {"a.go"}
    )
    assert no_line.message == "gofmt cannot format the code: a.go: bad."
