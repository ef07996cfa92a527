"""Runs on the virtual clock (`-tags faketime`, as on the Go Playground): time.Sleep
costs no real time, and the output comes with the virtual time it was written at."""

import dataclasses

import pytest

from grader import sandbox
from grader.results import SandboxLimits, Status
from grader.run_options import RunOptions
from tests.conftest import go

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("sandbox_image")]

VIRTUAL = RunOptions(virtual_time=True)
GO_MOD = "module example.com/prog\n\ngo 1.27\n"

SLEEPS_AN_HOUR = go(
    """
    package main

    import (
        "fmt"
        "time"
    )

    func main() {
        start := time.Now()
        fmt.Println("start", start.UTC().Format(time.RFC3339))
        time.Sleep(time.Hour)
        fmt.Println("an hour later", time.Since(start))
    }
    """
)

# Measures a real second with the monotonic clock.
SLEEPS_A_SECOND = go(
    """
    package main

    import (
        "fmt"
        "time"
    )

    func main() {
        start := time.Now()
        time.Sleep(time.Second)
        fmt.Println(time.Since(start) >= time.Second, time.Now().Year() > 2009)
    }
    """
)


def run(source: str, options: RunOptions = VIRTUAL, mode="run", **kwargs):
    files = {"main.go": source, "go.mod": GO_MOD}
    return sandbox.run_program(files, mode, use_cache=False, options=options, **kwargs)


@pytest.mark.parametrize("placement", ["inline", "separate"])
def test_an_hour_of_sleep_takes_no_real_time_and_is_shown(placement):
    limits = dataclasses.replace(SandboxLimits.from_settings(), run_timeout=3)
    result = run(SLEEPS_AN_HOUR, limits=limits, placement=placement)
    assert result.status == Status.OK, result.message
    assert result.stdout == "start 2009-11-10T23:00:00Z\nan hour later 1h0m0s\n"
    assert result.stdout_times == [(len("start 2009-11-10T23:00:00Z\n"), 3_600_000)]


def test_the_real_clock_takes_real_time():
    result = run(SLEEPS_A_SECOND, RunOptions())
    assert (result.status, result.stdout) == (Status.OK, "true true\n")
    assert result.stdout_times == []


def test_printed_playback_headers_are_output_not_timing():
    source = go(
        """
        package main

        import (
            "fmt"
            "os"
        )

        func main() {
            header := "\\x00\\x00PB\\x12\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x03"
            fmt.Print(header + "abc\\n")
            os.Stderr.WriteString(header)
        }
        """
    )
    result = run(source)
    header = "\0\0PB\x12" + "\0" * 10 + "\x03"
    assert (result.status, result.stdout, result.stderr) == (Status.OK, header + "abc\n", header)
    assert result.stdout_times == result.stderr_times == []


def test_bytes_written_past_the_runtime_are_kept_as_output():
    source = go(
        """
        package main

        import (
            "fmt"
            "syscall"
        )

        func main() {
            fmt.Println("framed")
            // The runtime frames fd 1 and 2 only: a copy of stdout is a raw pipe.
            raw, _ := syscall.Dup(1)
            syscall.Write(raw, []byte("raw\\x00\\x00P\\n"))
            fmt.Println("after")
        }
        """
    )
    result = run(source)
    assert result.status == Status.OK, result.message
    assert result.stdout == "framed\nraw\0\0P\nafter\n"
    assert result.stdout_times == []


def test_an_output_flood_is_cut_at_what_the_program_wrote():
    source = go(
        """
        package main

        import "fmt"

        func main() {
            for {
                fmt.Println("all work and no play makes jack a dull boy")
            }
        }
        """
    )
    result = run(source)
    assert result.status == Status.OUTPUT_LIMIT and result.stdout_truncated
    assert len(result.stdout.encode()) == SandboxLimits.from_settings().output_limit
    assert set(result.stdout.splitlines()[:-1]) == {"all work and no play makes jack a dull boy"}


def test_an_endless_loop_still_times_out():
    limits = dataclasses.replace(SandboxLimits.from_settings(), run_timeout=1)
    result = run("package main\n\nfunc main() {\n\tfor {\n\t}\n}\n", limits=limits)
    assert result.status == Status.TIMEOUT


def test_a_compile_error_is_marked_on_its_line():
    result = run("package main\n\nfunc main() {\n\tx := 1\n}\n")
    assert result.status == Status.COMPILE_ERROR
    assert [(e.file, e.line) for e in result.compile_errors] == [("main.go", 4)]


def test_a_panic_is_a_runtime_error_at_its_line():
    result = run("package main\n\nfunc main() {\n\tvar s []int\n\tprintln(s[3])\n}\n")
    assert result.status == Status.RUNTIME_ERROR and result.exit_code == 2
    assert "main.go:5" in result.message
    assert result.stderr.startswith("panic: runtime error: index out of range")


def test_goroutines_print_in_the_same_order_every_time():
    source = go(
        """
        package main

        import (
            "fmt"
            "sync"
            "time"
        )

        func main() {
            var wg sync.WaitGroup
            for i := range 6 {
                wg.Go(func() {
                    for step := range 3 {
                        fmt.Println(i, step)
                        time.Sleep(time.Duration(i+1) * time.Millisecond)
                    }
                })
            }
            wg.Wait()
        }
        """
    )
    outputs = {run(source).stdout for _ in range(3)}
    assert len(outputs) == 1


def test_tests_can_sleep_on_the_virtual_clock():
    solution = 'package wait\n\nimport "time"\n\nfunc Wait() { time.Sleep(10 * time.Minute) }\n'
    hidden = 'package wait\n\nimport "testing"\n\nfunc TestWait(t *testing.T) { Wait() }\n'
    files = {"wait.go": solution, "go.mod": GO_MOD}
    result = sandbox.run_program(
        files, "test", hidden_files={"wait_test.go": hidden}, use_cache=False, options=VIRTUAL
    )
    assert result.status == Status.OK, result.message
    assert [(test.name, test.status) for test in result.tests] == [("TestWait", "pass")]


def test_a_race_run_keeps_the_real_clock(race_image):
    result = run(SLEEPS_A_SECOND, RunOptions(race=True, virtual_time=True))
    assert (result.status, result.stdout) == (Status.OK, "true true\n")
