"""Decide a run's status and message from facts the learner's code cannot forge.

grader.sandbox gathers a `ProgramRun`: output and exit code as the sandbox's agent
relayed them (or Docker reported them, when the agent died too), and the OOM flag,
wall-clock timeout and output overflow as the host observed them. The
functions here turn that into a `SandboxResult`. In test mode the per-test list comes
from parsing the output, which learner code could imitate, but the verdict also needs
the test binary's exit status and the completion marker that only the sandbox's own
TestMain can print (deploy/sandbox/README.md): printing `--- PASS` lines, or ending the
process early with status 0, never turns a failing run into `ok`.
"""

import re
import signal
from collections.abc import Collection
from dataclasses import dataclass, field, replace

from grader.diagnostics import Crash, Diagnostic, parse_crash, parse_diagnostics
from grader.gotest import TestResult, convert, summarize
from grader.playback import Times, text_times
from grader.races import RACE_EXIT_CODE, Race, parse_races
from grader.results import SandboxLimits, SandboxResult, Status

TEST_TIMEOUT_PANIC = "panic: test timed out after "
NO_TESTS = "No tests ran: the test files declare no Test functions."


@dataclass
class ProgramRun:
    stdout: bytes
    stderr: bytes
    stdout_truncated: bool = False
    stderr_truncated: bool = False
    exit_code: int | None = None  # None when the sandbox killed the program
    oom_killed: bool = False
    timed_out: bool = False
    output_exceeded: bool = False
    # On the virtual clock: when the output was written (grader.playback, byte offsets).
    stdout_times: Times = field(default_factory=list)
    stderr_times: Times = field(default_factory=list)


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def _seconds(value: float) -> str:
    return f"{value:g} s"


def _signal_name(exit_code: int | None) -> str | None:
    if exit_code is None or not 128 < exit_code < 128 + 65:
        return None
    try:
        return signal.Signals(exit_code - 128).name
    except ValueError:
        return f"signal {exit_code - 128}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


# Only the kernel's OOM killer sends SIGKILL to a tool inside a running build container.
_TOOL_KILLED = re.compile(r"pkg/tool/[^/\s]+/\w+: signal: killed$", re.MULTILINE)


def build_failed(output: str, limits: SandboxLimits) -> SandboxResult:
    if _TOOL_KILLED.search(output):
        return build_out_of_memory(limits)
    errors = parse_diagnostics(output)
    if not errors:
        errors = [Diagnostic(file="", line=0, column=0, message="the build failed")]
    first = errors[0]
    where = replace(first, column=0).location()  # the line is enough in one sentence
    return SandboxResult(
        status=Status.COMPILE_ERROR,
        message=f"The code does not compile ({_plural(len(errors), 'error')}; "
        f"first: {where + ': ' if where else ''}{first.message.splitlines()[0]}).",
        compile_errors=errors,
    )


def build_timed_out(limits: SandboxLimits) -> SandboxResult:
    return SandboxResult(
        status=Status.TIMEOUT,
        message=f"Compiling took longer than {_seconds(limits.build_timeout)} and was stopped.",
    )


def build_out_of_memory(limits: SandboxLimits) -> SandboxResult:
    return SandboxResult(
        status=Status.COMPILE_ERROR,
        message=f"The compiler ran out of memory ({limits.memory_mb} MiB): the code is too "
        "large to compile here.",
        compile_errors=[Diagnostic(file="", line=0, column=0, message="compiler out of memory")],
    )


def code_refused(refused: list[dict]) -> SandboxResult:
    """The sandbox's code check refused what exercise code may not use in test mode
    (deploy/sandbox/agent/guard.go): nothing was built, no test ran."""
    errors = [Diagnostic(**item) for item in refused]
    first = errors[0]
    more = f" ({_plural(len(errors) - 1, 'more problem')})" if len(errors) > 1 else ""
    return SandboxResult(
        status=Status.COMPILE_ERROR,
        message=f"The tests were not run: {replace(first, column=0).describe()}{more}.",
        compile_errors=errors,
    )


def embed_refused(file: str, line: int, column: int) -> SandboxResult:
    message = "//go:embed is not available when running tests: it could read the test files"
    return SandboxResult(
        status=Status.COMPILE_ERROR,
        message=f"The code does not compile: {message}.",
        compile_errors=[Diagnostic(file=file, line=line, column=column, message=message)],
    )


def formatted(reply: dict, learner_files: Collection[str]) -> SandboxResult:
    errors = [Diagnostic(**item) for item in reply.get("format_errors") or []]
    if errors:
        first = errors[0]
        return SandboxResult(
            status=Status.COMPILE_ERROR,
            message=f"gofmt cannot format the code: {first.describe()}.",
            compile_errors=errors,
        )
    files = {
        name: text for name, text in (reply.get("formatted") or {}).items() if name in learner_files
    }
    return SandboxResult(
        status=Status.OK,
        message=f"Formatted {_plural(len(files), 'file')} with gofmt.",
        formatted=files,
    )


def _was(what: str) -> str:
    return "were" if what.endswith("s") else "was"  # "the tests were", "the program was"


def _limit_result(
    run: ProgramRun, limits: SandboxLimits, what: str, *, timed_out: bool
) -> SandboxResult | None:
    was = _was(what)
    if timed_out:
        return SandboxResult(
            status=Status.TIMEOUT,
            message=f"The {what} ran longer than {_seconds(limits.run_timeout)} and {was} stopped.",
        )
    if run.oom_killed:
        return SandboxResult(
            status=Status.MEMORY_LIMIT,
            message=f"The {what} used more than {limits.memory_mb} MiB of memory and {was} "
            "stopped.",
            exit_code=run.exit_code,
            signal=_signal_name(run.exit_code),
        )
    if run.output_exceeded:
        return SandboxResult(
            status=Status.OUTPUT_LIMIT,
            message=f"The {what} printed more than {limits.output_limit // 1024} KiB and {was} "
            "stopped; the output shown is cut there.",
        )
    return None


def _runtime_error(
    run: ProgramRun, what: str, crash: Crash | None, sig: str | None
) -> SandboxResult:
    """A non-zero exit, told by the panic behind it, the signal that killed it, or its status."""
    subject = f"The {what}"
    if crash:
        message = crash.summary().replace("The program", subject, 1) + "."
    elif sig:
        message = f"{subject} {_was(what)} killed by {sig}."
    else:
        message = f"{subject} exited with status {run.exit_code}."
    return SandboxResult(
        status=Status.RUNTIME_ERROR, message=message, exit_code=run.exit_code, signal=sig
    )


def program_finished(
    run: ProgramRun, limits: SandboxLimits, file_names: Collection[str]
) -> SandboxResult:
    """The verdict of `go build` + run: the exit status as Docker reported it."""
    stdout, stderr = _text(run.stdout), _text(run.stderr)
    result = _limit_result(run, limits, "program", timed_out=run.timed_out)
    if result is None:
        if run.exit_code == 0:
            result = SandboxResult(status=Status.OK, message="The program ran and exited normally.")
        else:
            crash = parse_crash(stderr, frozenset(file_names))
            result = _runtime_error(run, "program", crash, _signal_name(run.exit_code))
    result.stdout, result.stderr = stdout, stderr
    result.stdout_truncated, result.stderr_truncated = run.stdout_truncated, run.stderr_truncated
    result.stdout_times = text_times(run.stdout, run.stdout_times)
    result.stderr_times = text_times(run.stderr, run.stderr_times)
    result.compiled = True
    if result.status == Status.OK:
        result.exit_code = 0
    return _with_races(result, stderr, file_names)


def _with_races(result: SandboxResult, output: str, file_names: Collection[str]) -> SandboxResult:
    """A run the race detector reported on fails as data_race, unless a limit stopped it
    (what the program did past the limit is the bigger news)."""
    result.races = parse_races(output, frozenset(file_names))
    if result.races and result.status in (Status.OK, Status.RUNTIME_ERROR):
        if result.status == Status.OK or result.exit_code == RACE_EXIT_CODE:
            result.status = Status.DATA_RACE
            result.message = f"{_race_sites(result.races[0])}."
    return result


def _race_sites(race: Race) -> str:
    """For example: Read by goroutine 8 at main.go:14 and previous write by goroutine 7 at
    main.go:14."""
    first, *others = [site.describe() for site in race.accesses[:2]]
    return " and ".join([first, *(other[:1].lower() + other[1:] for other in others)])


COMPLETION_MARK = "\x16gocourse-done "
NOT_FINISHED = (
    "The tests did not run to the end: the test binary exited with status 0 without "
    "reporting that every test had passed (exercise code must not end the program)."
)
UNTRUSTED = "Not counted: the test binary ended before the tests had finished."


def take_completion_marker(raw: str, token: str) -> tuple[str, bool]:
    """`raw` without this run's completion marker (deploy/sandbox/agent/completion.go),
    and whether it was there: the test binary prints it only when m.Run returned 0."""
    mark = f"{COMPLETION_MARK}{token}\n"
    return raw.replace(mark, ""), mark in raw


def tests_finished(
    run: ProgramRun,
    limits: SandboxLimits,
    declared: list[str],
    file_names: Collection[str],
    completion_token: str | None = None,
) -> SandboxResult:
    """The verdict of a test binary run with -test.v=test2json and stderr merged into stdout.

    `ok` needs exit status 0 *and* a pass (or skip) for every declared test *and*, when
    `completion_token` is given, the completion marker with that token: the one line
    that exercise code cannot print.
    """
    raw = _text(run.stdout) + _text(run.stderr)
    if completion_token is not None:
        raw, completed = take_completion_marker(raw, completion_token)
        if run.exit_code == 0 and not completed:
            return _unfinished(raw, run, declared)
    events = convert(raw)
    transcript = "".join(event.output for event in events if event.action == "output")
    tests = summarize(events, declared)
    crash = parse_crash(transcript, frozenset(file_names))
    timed_out = run.timed_out or TEST_TIMEOUT_PANIC in transcript
    sig = _signal_name(run.exit_code)

    result = _limit_result(run, limits, "tests", timed_out=timed_out)
    crash_summary = crash.summary() if crash and not timed_out else ""
    _explain_unfinished(tests, run, limits, timed_out, crash_summary, sig)
    top_level = [test for test in tests if "/" not in test.name]
    failed = [test for test in top_level if test.status not in ("pass", "skip")]
    if result is None:
        passed = sum(test.status == "pass" for test in top_level)
        if run.exit_code == 0 and not failed and passed:
            result = SandboxResult(
                status=Status.OK, message=f"All {_plural(passed, 'test')} passed.", exit_code=0
            )
        elif run.exit_code == 0 and not failed:
            # `go test` passes a package without tests, or whose tests all skip; a grader
            # must not.
            message = NO_TESTS if not tests else "No tests ran: every test was skipped."
            result = SandboxResult(status=Status.TESTS_FAILED, message=message, exit_code=0)
        elif run.exit_code in (0, 1) and crash is None:
            names = ", ".join(test.name for test in failed[:5]) + ("…" if len(failed) > 5 else "")
            result = SandboxResult(
                status=Status.TESTS_FAILED,
                message=f"{len(failed)} of {_plural(len(top_level), 'test')} failed: {names}."
                if failed
                else "The test binary reported a failure.",
                exit_code=run.exit_code,
            )
        else:
            result = _runtime_error(run, "tests", crash, sig)
    result.tests = tests
    result.stdout = transcript
    result.compiled = True
    result.stdout_truncated = run.stdout_truncated or run.stderr_truncated
    # Under -race the testing package fails a test that raced: tests_failed, with the race.
    result.races = parse_races(transcript, frozenset(file_names))
    if result.races and result.status != Status.OK:
        result.message = f"Data race detected: {_race_sites(result.races[0])}. {result.message}"
    return result


def _unfinished(raw: str, run: ProgramRun, declared: list[str]) -> SandboxResult:
    """Exit status 0 without the completion marker: the process was ended before m.Run
    returned (os.Exit, a forged transcript...). Nothing it printed about tests counts."""
    events = convert(raw)
    tests = summarize(events, declared)
    for test in tests:
        if test.status in ("pass", "skip") or not test.message:
            test.status, test.message = "error", UNTRUSTED
    result = SandboxResult(status=Status.TESTS_FAILED, message=NOT_FINISHED, exit_code=0)
    result.tests = tests
    result.stdout = "".join(event.output for event in events if event.action == "output")
    result.compiled = True
    result.stdout_truncated = run.stdout_truncated or run.stderr_truncated
    return result


def _explain_unfinished(
    tests: list[TestResult],
    run: ProgramRun,
    limits: SandboxLimits,
    timed_out: bool,
    crash_summary: str,
    sig: str | None,
) -> None:
    if timed_out:
        stopped = f"the tests ran longer than {_seconds(limits.run_timeout)}"
    elif run.oom_killed:
        stopped = f"the tests used more than {limits.memory_mb} MiB of memory"
    elif run.output_exceeded:
        stopped = f"the tests printed more than {limits.output_limit // 1024} KiB"
    elif crash_summary:
        stopped = "the test binary crashed"
    elif sig:
        stopped = f"the test binary was killed by {sig}"
    else:
        stopped = f"the test binary exited with status {run.exit_code}"
    crashed_in = _crashed_test(tests) if crash_summary else None
    for test in tests:
        if test is crashed_in and not test.message:
            test.message = crash_summary.replace("The program", "The code", 1) + "."
            test.status = "fail" if test.status == "pass" else test.status
        elif test.status == "error" and test.started:
            test.message = test.message or f"This test did not finish: {stopped}."
        elif test.status == "error":
            test.message = f"This test did not run: {stopped} before it started."


def _crashed_test(tests: list[TestResult]) -> TestResult | None:
    """The test whose output holds the panic, as the trace follows the running test."""
    for test in reversed(tests):
        if "panic: " in test.output or "fatal error: " in test.output:
            return test
    return None


def files_refused(reason: str) -> SandboxResult:
    return SandboxResult(
        status=Status.COMPILE_ERROR,
        message=reason,
        compile_errors=[Diagnostic(file="", line=0, column=0, message=reason)],
    )
