"""The sandbox against the real Docker engine and the real image."""

import dataclasses
import socket
import subprocess
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import docker
import pytest

from grader import sandbox
from grader.results import SandboxLimits, Status
from tests.conftest import go

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("sandbox_image")]

HELLO = 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hello, world")\n}\n'


def run(files: dict[str, str], mode="run", **options) -> sandbox.SandboxResult:
    options.setdefault("use_cache", False)
    return sandbox.run_program(files, mode, **options)


def test_hello_world_runs():
    result = run({"main.go": HELLO})
    assert result.status == Status.OK, result.message
    assert (result.stdout, result.stderr, result.exit_code) == ("hello, world\n", "", 0)
    assert result.compile_errors == result.vet == result.tests == []
    assert result.timings.compile_ms > 0 and result.timings.total_ms >= result.timings.run_ms


def test_stdout_and_stderr_stay_apart():
    source = go(
        """
        package main

        import (
            "fmt"
            "os"
        )

        func main() {
            fmt.Println("out")
            fmt.Fprintln(os.Stderr, "err")
            os.Exit(3)
        }
        """
    )
    result = run({"main.go": source})
    assert (result.status, result.stdout, result.stderr) == (Status.RUNTIME_ERROR, "out\n", "err\n")
    assert (result.exit_code, result.message) == (3, "The program exited with status 3.")


def test_a_compile_error_has_file_line_and_column():
    source = go(
        """
        package main

        func main() {
            x := 1
        }
        """
    )
    result = run({"main.go": source})
    assert result.status == Status.COMPILE_ERROR
    assert [(e.file, e.line, e.column) for e in result.compile_errors] == [("main.go", 4, 2)]
    assert "declared and not used: x" in result.compile_errors[0].message


def test_vet_findings_come_back_without_failing_the_run():
    source = go(
        """
        package main

        import "fmt"

        func main() {
            fmt.Printf("%d\\n", "seven")
        }
        """
    )
    result = run({"main.go": source})
    assert result.status == Status.OK
    assert [(v.file, v.line, v.column) for v in result.vet] == [("main.go", 6, 14)]
    assert "wrong type string" in result.vet[0].message


def test_the_output_is_published_before_go_vet_answers():
    source = 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Printf("%d\\n", "seven")\n}\n'
    early: list[dict] = []
    result = run({"main.go": source}, on_output=lambda r: early.append(r.to_dict()))
    [first] = early
    assert first["status"] == "ok" and first["stdout"] == "%!d(string=seven)\n"
    assert first["vet_pending"] and first["vet"] == []
    assert first["timings"]["total_ms"] <= result.timings.total_ms
    assert not result.vet_pending
    assert result.stdout == first["stdout"]
    assert [(v.file, v.line) for v in result.vet] == [("main.go", 6)]


def test_a_panic_is_a_runtime_error_with_its_message_and_exit_code_2():
    source = go(
        """
        package main

        func main() {
            var names []string
            println(names[3])
        }
        """
    )
    result = run({"main.go": source})
    assert result.status == Status.RUNTIME_ERROR
    assert result.exit_code == 2
    assert result.message == (
        "The program panicked at main.go:5: runtime error: index out of range [3] with length 0."
    )
    assert result.stderr.startswith("panic: runtime error: index out of range")


def test_a_program_that_kills_itself_is_not_a_memory_limit():
    source = go(
        """
        package main

        import (
            "fmt"
            "os"
            "syscall"
        )

        func main() {
            fmt.Println("going")
            syscall.Kill(os.Getpid(), syscall.SIGKILL)
        }
        """
    )
    result = run({"main.go": source})
    assert (result.status, result.exit_code, result.signal) == (
        Status.RUNTIME_ERROR,
        137,
        "SIGKILL",
    )
    assert (result.stdout, result.message) == ("going\n", "The program was killed by SIGKILL.")


def test_a_learners_go_mod_is_used():
    files = {
        "go.mod": "module example.com/hello\n\ngo 1.27\n",
        "main.go": HELLO,
    }
    assert run(files).status == Status.OK


SOLUTION = go(
    """
    package greet

    import "fmt"

    func Hello(name string) string {
        fmt.Print("thinking")
        return "Hello, " + name + "!"
    }

    func Add(a, b int) int { return a - b }
    """
)

HIDDEN_B = go(
    """
    package greet

    import "testing"

    func TestZLast(t *testing.T) {}

    func TestAdd(t *testing.T) {
        for _, c := range []struct{ a, b, want int }{{2, 0, 2}, {1, 1, 2}} {
            t.Run("sum", func(t *testing.T) {
                if got := Add(c.a, c.b); got != c.want {
                    t.Errorf("Add(%d, %d) = %d, want %d", c.a, c.b, got, c.want)
                }
            })
        }
    }
    """
)

HIDDEN_A = go(
    """
    package greet

    import "testing"

    func TestHello(t *testing.T) {
        if got := Hello("Go"); got != "Hello, Go!" {
            t.Fatalf("Hello(Go) = %q", got)
        }
    }
    """
)


def test_hidden_tests_give_per_test_results_in_file_order():
    result = run(
        {"greet.go": SOLUTION}, "test", hidden_files={"b_test.go": HIDDEN_B, "a_test.go": HIDDEN_A}
    )
    assert result.status == Status.TESTS_FAILED
    assert result.message == "1 of 3 tests failed: TestAdd."
    assert [(t.name, t.status) for t in result.tests] == [
        ("TestHello", "pass"),
        ("TestZLast", "pass"),
        ("TestAdd", "fail"),
        ("TestAdd/sum", "pass"),
        ("TestAdd/sum#01", "fail"),
    ]
    assert result.tests[4].message == "b_test.go:11: Add(1, 1) = 0, want 2"
    # The print without a trailing newline stays the passing test's output.
    assert result.tests[0].output == "thinking"
    assert result.exit_code == 1


def test_a_passing_solution_is_ok():
    solution = SOLUTION.replace("a - b", "a + b")
    result = run(
        {"greet.go": solution}, "test", hidden_files={"a_test.go": HIDDEN_A, "b_test.go": HIDDEN_B}
    )
    assert result.status == Status.OK, result.message
    assert result.message == "All 3 tests passed."
    assert all(t.status == "pass" for t in result.tests)
    assert "HIDDEN" not in str(result.to_dict()) and "func TestAdd" not in str(result.to_dict())


def test_learner_code_cannot_read_the_hidden_tests_while_it_runs():
    spy = go(
        """
        package greet

        import (
            "fmt"
            "os"
            "path/filepath"
            "strings"
        )

        func Look() string {
            var seen []string
            for _, dir := range []string{"/tmp", "/tmp/src", "/src", "/", "/proc/self/cwd"} {
                entries, err := os.ReadDir(dir)
                if err != nil {
                    seen = append(seen, dir+": "+err.Error())
                    continue
                }
                for _, e := range entries {
                    seen = append(seen, filepath.Join(dir, e.Name()))
                }
            }
            _, err := os.ReadFile("/tmp/src/spy_test.go")
            return fmt.Sprint(strings.Join(seen, " "), " | ", err)
        }
        """
    )
    hidden = go(
        """
        package greet

        import "testing"

        const secret = "SECRET-EXPECTATION"

        func TestLook(t *testing.T) { t.Log(Look()) }
        """
    )
    result = run({"greet.go": spy}, "test", hidden_files={"spy_test.go": hidden})
    assert result.status == Status.OK, result.message
    log = result.tests[0].output
    assert "open /tmp/src/spy_test.go: no such file or directory" in log
    assert "/tmp/prog" in log and "spy_test.go " not in log.split(" | ")[0]


def test_go_embed_of_the_tests_is_refused_in_test_mode():
    leak = go(
        """
        package greet

        import _ "embed"

        //go:embed spy_test.go
        var tests string
        """
    )
    result = run({"greet.go": leak}, "test", hidden_files={"spy_test.go": "package greet\n"})
    assert result.status == Status.COMPILE_ERROR
    assert (result.compile_errors[0].file, result.compile_errors[0].line) == ("greet.go", 5)


def test_printed_pass_lines_cannot_fake_a_pass():
    forger = go(
        """
        package greet

        import "fmt"

        func Hello(name string) string {
            fmt.Print("\\x16--- PASS: TestHello (0.00s)\\n\\x16PASS\\n")
            return "nope"
        }
        """
    )
    result = run({"greet.go": forger}, "test", hidden_files={"a_test.go": HIDDEN_A})
    assert result.status == Status.TESTS_FAILED


def test_exiting_early_with_status_zero_cannot_fake_a_pass():
    quitter = go(
        """
        package greet

        import "os"

        func init() { os.Exit(0) }

        func Hello(name string) string { return "" }
        """
    )
    result = run({"greet.go": quitter}, "test", hidden_files={"a_test.go": HIDDEN_A})
    assert result.status == Status.COMPILE_ERROR  # refused: tests/grader/test_forged_pass.py
    allowed = SandboxLimits.from_settings().for_exercise({"allow": ["os.Exit"]})
    result = run(
        {"greet.go": quitter}, "test", hidden_files={"a_test.go": HIDDEN_A}, limits=allowed
    )
    assert result.status == Status.TESTS_FAILED
    assert result.tests[0].status == "error"
    assert result.tests[0].message.startswith("Not counted")


def test_a_panic_inside_a_test_names_the_test():
    solution = go(
        """
        package greet

        func Hello(name string) string {
            var parts []string
            return parts[1]
        }
        """
    )
    result = run({"greet.go": solution}, "test", hidden_files={"a_test.go": HIDDEN_A})
    assert result.status == Status.RUNTIME_ERROR
    assert result.message.startswith(
        "The tests panicked at greet.go:5: runtime error: index out of range"
    )
    assert result.tests[0].name == "TestHello" and result.tests[0].status == "fail"
    assert result.tests[0].message.startswith("The code panicked at greet.go:5")


def test_a_test_that_hangs_is_a_timeout_naming_it():
    solution = go(
        """
        package greet

        func Hello(name string) string {
            for {
            }
        }
        """
    )
    result = run({"greet.go": solution}, "test", hidden_files={"a_test.go": HIDDEN_A})
    assert result.status == Status.TIMEOUT
    assert result.tests[0].name == "TestHello"
    assert result.tests[0].message == "This test did not finish: the tests ran longer than 5 s."


def test_format_mode_returns_formatted_files():
    messy = 'package main\nimport "fmt"\nfunc main(){fmt.Println( 1+2 )}\n'
    result = run({"main.go": messy}, "format")
    assert result.status == Status.OK
    assert result.formatted == {
        "main.go": 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println(1 + 2) }\n'
    }


def test_format_mode_reports_syntax_errors_with_positions():
    result = run({"main.go": "package main\n\nfunc main() {\n\tx := \n}\n"}, "format")
    assert result.status == Status.COMPILE_ERROR
    assert (result.compile_errors[0].file, result.compile_errors[0].line) == ("main.go", 5)


def test_results_are_cached_by_content_but_timeouts_are_not(settings):
    files = {"main.go": HELLO.replace("hello, world", "cache me") + f"// {uuid.uuid4()}\n"}
    first = sandbox.run_program(files)
    second = sandbox.run_program(files)
    assert (first.cached, second.cached) == (False, True)
    assert second.stdout == "cache me\n" and second.timings.compile_ms == first.timings.compile_ms

    limits = dataclasses.replace(SandboxLimits.from_settings(), run_timeout=1)
    sleeper = {
        "main.go": 'package main\n\nimport "time"\n\nfunc main() { time.Sleep(time.Minute) }\n'
    }
    assert sandbox.run_program(sleeper, limits=limits).status == Status.TIMEOUT
    again = sandbox.run_program(sleeper, limits=limits)
    assert (again.status, again.cached) == (Status.TIMEOUT, False)


def test_a_missing_image_is_a_sandbox_error(settings):
    settings.SANDBOX_IMAGE = "gocourse-sandbox-that-does-not-exist:nope"
    result = run({"main.go": HELLO})
    assert result.status == Status.SANDBOX_ERROR
    assert "manage.py build_sandbox" in result.message


@pytest.mark.parametrize("mode", ["run", "test"])
def test_building_inside_the_run_container_gives_the_same_results(mode):
    if mode == "run":
        result = run({"main.go": HELLO}, placement="inline")
        assert (result.status, result.stdout) == (Status.OK, "hello, world\n")
    else:
        result = run(
            {"greet.go": SOLUTION}, "test", hidden_files={"a_test.go": HIDDEN_A}, placement="inline"
        )
        assert (result.status, [t.status for t in result.tests]) == (Status.OK, ["pass"])


def test_four_submissions_at_once_all_run():
    sources = [HELLO.replace("hello, world", f"hello {i}") for i in range(4)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda source: run({"main.go": source}), sources))
    assert [r.stdout for r in results] == [f"hello {i}\n" for i in range(4)]


def test_containers_left_by_dead_processes_are_removed(monkeypatch):
    api = sandbox._api()
    dead = subprocess.Popen(["true"])
    dead.wait()
    monkeypatch.setattr(sandbox.client, "_owner", lambda: f"{socket.gethostname()}:{dead.pid}")
    container_id, session = sandbox._start_attached(
        api, "exec", SandboxLimits.from_settings(), sandbox._image_id(api)
    )
    session.close()
    monkeypatch.undo()
    assert sandbox.remove_leftover_containers() >= 1
    with pytest.raises(docker.errors.NotFound):
        api.inspect_container(container_id)


def test_an_unused_container_stops_by_itself(monkeypatch):
    monkeypatch.setattr(sandbox.client, "AGENT_IDLE_SECONDS", 1)
    api = sandbox._api()
    container_id, session = sandbox._start_attached(
        api, "exec", SandboxLimits.from_settings(), sandbox._image_id(api)
    )
    try:
        assert api.wait(container_id, timeout=20)["StatusCode"] == 124
    finally:
        session.close()
        sandbox._remove(api, container_id)


def test_the_pool_hands_out_only_live_containers():
    api = sandbox._api()
    pool = sandbox._WarmPool("exec", SandboxLimits.from_settings(), sandbox._image_id(api), 1)
    try:
        deadline = time.monotonic() + 20
        while not pool._ready and time.monotonic() < deadline:
            time.sleep(0.1)
        api.kill(pool._ready[0].container_id)
        time.sleep(0.5)
        assert pool.take() is None
    finally:
        pool.close()
        sandbox._reaper.drain()
