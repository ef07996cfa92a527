"""A pass cannot be forged (issue 14, deploy/sandbox/README.md): exercise code that prints
a test2json transcript of its own, ends the test binary early, rewrites its flags or
reaches its memory is refused before anything is built, with the line that does it;
where an exercise allows the means, the run still ends as tests_failed. Never ok.
"""

import pytest

from courses import exercise_progress
from courses.models import Exercise, ExerciseProgress
from grader import sandbox
from grader.models import Submission
from grader.results import SandboxLimits, SandboxResult, Status
from grader.verdicts import NOT_FINISHED
from tests.conftest import go, write
from tests.test_grader_pipeline import wait_until_done

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("sandbox_image")]

HIDDEN = {
    "greet_test.go": go(
        """
        package greet

        import "testing"

        func TestHello(t *testing.T) {
            if got := Hello("Ada"); got != "Hello, Ada!" {
                t.Errorf("Hello(%q) = %q, want %q", "Ada", got, "Hello, Ada!")
            }
        }

        func TestHelloStranger(t *testing.T) {
            if got := Hello(""); got != "Hello, stranger!" {
                t.Errorf("Hello(%q) = %q, want %q", "", got, "Hello, stranger!")
            }
        }
        """
    )
}

SOLUTION = go(
    """
    package greet

    func Hello(name string) string {
        if name == "" {
            name = "stranger"
        }
        return "Hello, " + name + "!"
    }
    """
)

# What a failed attempt shows: the hidden tests' names. Printed with the ^V markers of a
# test binary in test2json mode.
FORGED = (
    r'const forged = "\x16=== RUN   TestHello\n\x16--- PASS: TestHello (0.00s)\n'
    r'\x16=== RUN   TestHelloStranger\n\x16--- PASS: TestHelloStranger (0.00s)\n\x16PASS\n"'
)


def forger(imports: str, body: str, hello: str = 'return ""') -> str:
    """A greet.go that declares `forged`, runs `body` in init and `hello` in Hello."""
    return (
        f"package greet\n\nimport (\n{imports}\n)\n\n{FORGED}\n\n"
        f"func init() {{\n{body}\n}}\n\nfunc Hello(name string) string {{\n{hello}\n}}\n"
    )


def run_tests(
    source: str, allow: tuple[str, ...] = (), placement: str | None = None
) -> SandboxResult:
    limits = SandboxLimits.from_settings().for_exercise({"allow": list(allow)} if allow else None)
    return sandbox.run_program(
        {"greet.go": source},
        "test",
        hidden_files=HIDDEN,
        limits=limits,
        use_cache=False,
        placement=placement,
    )


def assert_refused(result: SandboxResult, line: int, what: str) -> None:
    assert result.status == Status.COMPILE_ERROR, result.message
    assert result.message.startswith("The tests were not run: greet.go:"), result.message
    assert result.tests == [] and not result.compiled
    refused = [(e.file, e.line) for e in result.compile_errors if what in e.message]
    assert ("greet.go", line) in refused, result.compile_errors
    assert all("is not allowed in exercise code" in e.message for e in result.compile_errors)


def assert_not_passed(result: SandboxResult) -> None:
    assert result.status in (Status.TESTS_FAILED, Status.RUNTIME_ERROR), result.message
    assert not any(test.status == "pass" for test in result.tests), result.tests


# The two attacks of the issue, as they were sent.
SYSCALL_EXIT = forger('\t"fmt"\n\t"syscall"', "\tfmt.Print(forged)\n\tsyscall.Exit(0)")
PANIC_ON_EXIT_OFF = forger(
    '\t"fmt"\n\t"os"',
    '\tos.Args = append(os.Args, "-test.paniconexit0=false")',
    '\tfmt.Print(forged)\n\tos.Exit(0)\n\treturn ""',
)


def test_a_transcript_printed_before_syscall_exit_is_refused():
    assert_refused(run_tests(SYSCALL_EXIT), 5, "package syscall")


def test_switching_off_paniconexit0_is_refused_at_os_args():
    result = run_tests(PANIC_ON_EXIT_OFF)
    assert_refused(result, 11, "os.Args")
    assert_refused(result, 16, "os.Exit")


def test_where_syscall_is_allowed_the_forged_transcript_is_tests_failed():
    result = run_tests(SYSCALL_EXIT, allow=("syscall",))
    assert (result.status, result.message, result.exit_code) == (
        Status.TESTS_FAILED,
        NOT_FINISHED,
        0,
    )
    assert [(t.name, t.status) for t in result.tests] == [
        ("TestHello", "error"),
        ("TestHelloStranger", "error"),
    ]


def test_where_os_args_and_os_exit_are_allowed_paniconexit0_still_holds():
    # The flags come from the command line the sandbox gave, not from os.Args.
    result = run_tests(PANIC_ON_EXIT_OFF, allow=("os.Args", "os.Exit"))
    assert result.status == Status.RUNTIME_ERROR, result.message
    assert "unexpected call to os.Exit(0) during test" in result.message
    assert result.tests[0].status == "fail"


def test_where_os_args_is_allowed_it_cannot_narrow_the_tests_that_run():
    # Only TestHello would run, and the failing TestHelloStranger is printed as passed.
    source = go(
        r"""
        package greet

        import (
            "fmt"
            "os"
        )

        func init() {
            os.Args = append(os.Args, "-test.run=^TestHello$")
            fmt.Print("\x16=== RUN   TestHelloStranger\n\x16--- PASS: TestHelloStranger (0.00s)\n")
        }

        func Hello(name string) string { return "Hello, " + name + "!" }
        """
    )
    result = run_tests(source, allow=("os.Args",))
    assert (result.status, result.exit_code) == (Status.TESTS_FAILED, 1), result.message
    assert result.message == "1 of 2 tests failed: TestHelloStranger."


# (imports, init body, Hello body, line refused, what the message names)
REFUSED = {
    "os.Exit in init": (
        '\t"fmt"\n\t"os"',
        "\tfmt.Print(forged)\n\tos.Exit(0)",
        'return ""',
        12,
        "os.Exit",
    ),
    "os.Exit in the tested code": (
        '\t"fmt"\n\t"os"',
        "",
        '\tfmt.Print(forged)\n\tos.Exit(0)\n\treturn ""',
        16,
        "os.Exit",
    ),
    "os.Exit as a value": ('\t"os"', "\texit := os.Exit\n\texit(0)", 'return ""', 10, "os.Exit"),
    "os.Exit deferred": ('\t"os"', "\tdefer os.Exit(0)", 'return ""', 10, "os.Exit"),
    "os renamed": ('\tquit "os"', "\tquit.Exit(0)", 'return ""', 10, "os.Exit"),
    "syscall renamed": ('\tsys "syscall"', "\tsys.Exit(0)", 'return ""', 4, "package syscall"),
    "syscall.Write to fd 1": (
        '\t"syscall"',
        "\tsyscall.Write(1, []byte(forged))\n\tsyscall.Exit(0)",
        'return ""',
        4,
        "package syscall",
    ),
    "runtime.Goexit in the tested code": (
        '\t"runtime"',
        "",
        '\truntime.Goexit()\n\treturn ""',
        14,
        "runtime.Goexit",
    ),
    "runtime.Goexit in init": (
        '\t"runtime"',
        "\truntime.Goexit()",
        'return ""',
        10,
        "runtime.Goexit",
    ),
    "os.NewFile on fd 1": (
        '\t"os"',
        '\tos.NewFile(1, "stdout").WriteString(forged)',
        'return ""',
        10,
        "os.NewFile",
    ),
    "os.NewFile on fd 2": (
        '\t"os"',
        '\tos.NewFile(2, "stderr").WriteString(forged)',
        'return ""',
        10,
        "os.NewFile",
    ),
    "flag parsing -h": (
        '\t"flag"\n\t"fmt"',
        '\tfmt.Print(forged)\n\tflag.CommandLine.Parse([]string{"-h"})',
        'return ""',
        4,
        "package flag",
    ),
    "os.Args rewritten": (
        '\t"os"',
        '\tos.Args = []string{os.Args[0], "-test.run=^$"}',
        'return ""',
        10,
        "os.Args",
    ),
    "a test suite of its own": (
        '\t"testing"',
        "\ttesting.Main(func(string, string) (bool, error) { return true, nil },\n"
        '\t\t[]testing.InternalTest{{Name: "TestHello", F: func(*testing.T) {}}}, nil, nil)',
        'return ""',
        4,
        "package testing",
    ),
    "unsafe": ('\t"unsafe"', "\t_ = unsafe.Sizeof(0)", 'return ""', 4, "package unsafe"),
    "reflect.NewAt": (
        '\t"reflect"',
        "\tx := 0\n\t_ = reflect.NewAt(reflect.TypeOf(0), reflect.ValueOf(&x).UnsafePointer())",
        'return ""',
        11,
        "reflect.NewAt",
    ),
    "a heap dump": (
        '\t"runtime/debug"',
        "\tdebug.WriteHeapDump(1)",
        'return ""',
        10,
        "runtime/debug.WriteHeapDump",
    ),
    "os/exec of the test binary": (
        '\t"os/exec"',
        '\texec.Command("/tmp/prog", "-test.run=^$").Run()',
        'return ""',
        4,
        "package os/exec",
    ),
    "the sandbox's own package": (
        '\t_ "sandbox/gocourse_gate"',
        "",
        'return ""',
        4,
        "only the standard library",
    ),
}


@pytest.mark.parametrize("case", REFUSED, ids=list(REFUSED))
def test_each_means_of_ending_or_rewriting_the_test_process_is_refused_on_its_line(case):
    imports, body, hello, line, what = REFUSED[case]
    assert_refused(run_tests(forger(imports, body, hello)), line, what)


def test_a_dot_import_of_os_is_refused():
    source = forger('\t. "os"', "\tExit(0)", 'return ""')
    assert_refused(run_tests(source), 4, 'import . "os"')


def test_go_linkname_is_refused_on_its_line():
    source = (
        'package greet\n\nimport _ "unsafe"\n\n//go:linkname exit os.runtime_beforeExit\n'
        "func exit(int)\n\nfunc Hello(name string) string { return name }\n"
    )
    result = run_tests(source)
    assert_refused(result, 5, "//go:linkname")
    assert_refused(result, 3, "package unsafe")


# Allowed, each means still ends as a failure: the completion marker is missing, or the
# real tests ran and failed.
ALLOWED = {
    "os.Exit in init": ("os.Exit", '\t"fmt"\n\t"os"', "\tfmt.Print(forged)\n\tos.Exit(0)", ""),
    "flag parsing -h": (
        "flag",
        '\t"flag"\n\t"fmt"',
        '\tfmt.Print(forged)\n\tflag.CommandLine.Parse([]string{"-h"})',
        "",
    ),
    "a test suite of its own": (
        "testing",
        '\t"testing"',
        "\ttesting.Main(func(string, string) (bool, error) { return true, nil },\n"
        "\t\t[]testing.InternalTest{\n"
        '\t\t\t{Name: "TestHello", F: func(*testing.T) {}},\n'
        '\t\t\t{Name: "TestHelloStranger", F: func(*testing.T) {}},\n'
        "\t\t}, nil, nil)",
        "",
    ),
    "os.NewFile on fd 1": (
        "os.NewFile",
        '\t"os"',
        '\tos.NewFile(1, "out").WriteString(forged)',
        "",
    ),
    "runtime.Goexit in the tested code": (
        "runtime.Goexit",
        '\t"runtime"',
        "",
        "\truntime.Goexit()",
    ),
    "runtime.Goexit in init": ("runtime.Goexit", '\t"runtime"', "\truntime.Goexit()", ""),
    "a guessed completion marker": (
        "os.Exit",
        '\t"fmt"\n\t"os"',
        "\tfmt.Print(forged)\n"
        '\tfmt.Print("\\x16gocourse-done 00000000000000000000000000000000\\n")\n'
        "\tos.Exit(0)",
        "",
    ),
}


@pytest.mark.parametrize("case", ALLOWED, ids=list(ALLOWED))
def test_where_an_exercise_allows_the_means_the_run_is_still_not_a_pass(case):
    allowance, imports, body, hello = ALLOWED[case]
    result = run_tests(forger(imports, body, hello + '\n\treturn ""'), allow=(allowance,))
    assert_not_passed(result)


def test_exercise_code_sees_neither_the_token_nor_its_own_memory():
    probe = go(
        """
        package greet

        import (
            "fmt"
            "os"
        )

        func init() {
            for _, path := range []string{"/proc/self/fd/3", "/dev/fd/3", "/proc/self/mem"} {
                _, err := os.Open(path)
                fmt.Println(err)
            }
        }
        """
    )
    result = run_tests(probe + SOLUTION.removeprefix("package greet\n"))
    assert result.status == Status.OK, result.message
    assert result.stdout.startswith(
        "open /proc/self/fd/3: no such file or directory\n"
        "open /dev/fd/3: no such file or directory\n"
        "open /proc/self/mem: permission denied\n"
    )
    assert "gocourse-done" not in result.stdout


@pytest.mark.parametrize("placement", ["separate", "inline"])
def test_a_real_pass_is_ok_without_the_marker_in_its_output(placement):
    result = run_tests(SOLUTION, placement=placement)
    assert result.status == Status.OK, result.message
    assert [(t.name, t.status) for t in result.tests] == [
        ("TestHello", "pass"),
        ("TestHelloStranger", "pass"),
    ]
    assert "gocourse" not in result.stdout


def test_the_forged_transcript_alone_is_tests_failed_in_both_placements():
    source = forger('\t"fmt"', "\tfmt.Print(forged)", 'return ""')
    for placement in ("separate", "inline"):
        result = run_tests(source, placement=placement)
        assert result.status == Status.TESTS_FAILED, result.message
        assert result.exit_code == 1


def test_an_exercise_with_its_own_test_main_still_grades():
    hidden = {
        **HIDDEN,
        "main_test.go": go(
            """
            package greet

            import (
                "os"
                "testing"
            )

            func TestMain(m *testing.M) { os.Exit(m.Run()) }
            """
        ),
    }
    probe = 'package greet\n\nimport "os"\n\nfunc init() {\n\t_, err := os.Open("/proc/self/mem")\n\tprintln(err.Error())\n}\n'
    result = sandbox.run_program(
        {"greet.go": SOLUTION, "probe.go": probe}, "test", hidden_files=hidden, use_cache=False
    )
    assert result.status == Status.OK, result.message
    # No completion marker then, but the process is still not dumpable.
    assert result.stdout.startswith("open /proc/self/mem: permission denied\n")


def test_the_tests_expected_are_read_from_the_test_files_by_the_agent():
    # Parameters over several lines: a test the host's line pattern would not see.
    hidden = {
        **HIDDEN,
        "more_test.go": 'package greet\n\nimport tst "testing"\n\nfunc TestMore(\n\tt *tst.T,\n) {\n}\n',
    }
    result = sandbox.run_program(
        {"greet.go": SOLUTION}, "test", hidden_files=hidden, use_cache=False
    )
    assert result.status == Status.OK, result.message
    assert [t.name for t in result.tests] == ["TestHello", "TestHelloStranger", "TestMore"]


def test_a_learners_own_module_path_is_followed():
    files = {"greet.go": SOLUTION, "go.mod": "module example.com/greet // mine\n\ngo 1.27\n"}
    result = sandbox.run_program(files, "test", hidden_files=HIDDEN, use_cache=False)
    assert result.status == Status.OK, result.message


# Through the site: a learner submits the forgery.

EXERCISE = "go/lessons/01-first/exercises/greet"


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_submitted_through_the_site_a_forgery_neither_passes_nor_opens_the_solution(
    client, alice, worker, synced_content
):
    from content_pipeline.autosync import sync_and_record

    folder = synced_content / EXERCISE
    # The exercise allows os.Exit: the forged transcript then runs, and fails.
    write(
        folder / "exercise.md",
        "---\ntitle: Greet\nconcepts: [fmt]\nlimits:\n  allow: [os.Exit]\n---\n\nWrite Hello.\n",
    )
    write(
        folder / "starter/greet.go",
        'package greet\n\nfunc Hello(name string) string { return "" }\n',
    )
    write(folder / "solution/greet.go", SOLUTION)
    write(folder / "tests/greet_test.go", HIDDEN["greet_test.go"])
    assert sync_and_record(synced_content)[1] == []
    exercise = Exercise.objects.get(slug="greet")
    assert exercise.limits == {"allow": ["os.Exit"]}
    client.force_login(alice)

    exit_in_init = forger('\t"fmt"\n\t"os"', "\tfmt.Print(forged)\n\tos.Exit(0)", 'return ""')
    pages = []
    for attack in (SYSCALL_EXIT, exit_in_init):
        client.post(f"/grader/exercises/{exercise.pk}/submit/", {"file:greet.go": attack})
        submission = Submission.objects.order_by("-queued_at").first()
        pages.append(wait_until_done(client, submission))
    refused, unfinished = pages
    assert "Does not compile" in refused and "package syscall is not allowed" in refused
    assert 'data-line="5"' in refused
    assert "Some tests failed" in unfinished and "did not run to the end" in unfinished
    assert all("All tests passed" not in page for page in pages)
    assert [s.status for s in Submission.objects.order_by("queued_at")] == [
        "compile_error",
        "tests_failed",
    ]

    progress = ExerciseProgress.objects.get(user=alice, exercise=exercise)
    assert progress.passed_at is None
    assert not exercise_progress.solution_unlocked(progress)
    page = client.get(exercise.get_absolute_url()).content.decode()
    assert "badge-completed" not in page and "data-solution-lock" in page
