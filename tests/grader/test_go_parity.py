"""The sandbox gives the verdict `go run` and `go test` give, against the real engine."""

import uuid

import pytest

from grader import sandbox
from grader.results import Status
from grader.verdicts import NO_TESTS
from tests.conftest import go

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("sandbox_image")]

ADD = "package add\n\nfunc Add(a, b int) int { return a + b }\n"
ADD_TEST = go(
    """
    package add

    import "testing"

    func TestAdd(t *testing.T) {
        for _, sum := range []int{2, 4} {
            t.Run("half", func(t *testing.T) {
                if Add(sum/2, sum/2) != sum {
                    t.Fatal("wrong sum")
                }
            })
        }
    }
    """
)


def run(files: dict[str, str], mode="run", **options) -> sandbox.SandboxResult:
    options.setdefault("use_cache", False)
    return sandbox.run_program(files, mode, **options)


def test_a_test_file_the_build_leaves_out_is_not_expected_to_run():
    first = "//go:build first\n\n" + ADD_TEST.replace("TestAdd", "TestFirst")
    result = run(
        {"add.go": ADD}, "test", hidden_files={"add_test.go": ADD_TEST, "first_test.go": first}
    )
    assert result.status == Status.OK, result.message
    assert result.message == "All 1 test passed."
    assert [test.name for test in result.tests] == ["TestAdd", "TestAdd/half", "TestAdd/half#01"]
    # The list says which entries the message counts.
    assert [item["parent"] for item in result.to_dict()["tests"]] == ["", "TestAdd", "TestAdd"]


def test_test_files_without_tests_never_pass():
    result = run({"add.go": ADD}, "test", hidden_files={"add_test.go": "package add\n"})
    assert (result.status, result.message) == (Status.TESTS_FAILED, NO_TESTS)


def test_a_program_with_a_build_constraint_runs_as_go_run_runs_it():
    source = go(
        """
        //go:build OMIT

        package main

        import "fmt"

        func main() {
            fmt.Println("ran")
            var unused int
        }
        """
    )
    result = run({"main.go": source})
    assert result.status == Status.COMPILE_ERROR
    # Lines keep their numbers, and nothing is reported at 0:0.
    assert [(error.file, error.line) for error in result.compile_errors] == [("main.go", 9)]
    fixed = run({"main.go": source.replace("\tvar unused int\n", "")})
    assert (fixed.status, fixed.stdout) == (Status.OK, "ran\n")


def test_go_file_names_may_hold_hyphens():
    result = run({"exported-names.go": 'package main\n\nfunc main() { println("x") }\n'})
    assert (result.status, result.stderr) == (Status.OK, "x\n")
    tested = run({"add-numbers.go": ADD}, "test", hidden_files={"add-numbers_test.go": ADD_TEST})
    assert tested.status == Status.OK, tested.message


HUNGRY_TEST = go(
    """
    package hungry

    import "testing"

    // NONCE

    func TestTable(t *testing.T) {
        table := make([]byte, 400<<20)
        for i := range table {
            table[i] = byte(i)
        }
        if Sum(table) == 0 {
            t.Fatal("empty")
        }
    }
    """
)
HUNGRY = go(
    """
    package hungry

    func Sum(table []byte) (sum int) {
        for _, b := range table {
            sum += int(b)
        }
        return sum
    }
    """
)


def test_an_exercise_may_ask_for_more_memory_and_the_verdict_names_the_limit():
    hidden = {"hungry_test.go": HUNGRY_TEST.replace("NONCE", uuid.uuid4().hex)}
    site = sandbox.run_submission_files({"hungry.go": HUNGRY}, "test", hidden_files=hidden)
    assert site["status"] == "memory_limit"
    assert site["message"] == "The tests used more than 256 MiB of memory and were stopped."
    roomy = sandbox.run_submission_files(
        {"hungry.go": HUNGRY}, "test", hidden_files=hidden, limits={"memory_mb": 768}
    )
    assert roomy["status"] == "ok", roomy["message"]


def test_an_exercise_may_ask_for_less_time_and_the_verdict_names_the_limit():
    slow = ADD_TEST.replace('import "testing"', 'import (\n\t"testing"\n\t"time"\n)').replace(
        "for _, sum", "time.Sleep(3 * time.Second)\n\tfor _, sum"
    )
    result = sandbox.run_submission_files(
        {"add.go": ADD}, "test", hidden_files={"add_test.go": slow}, limits={"run_timeout": 1}
    )
    assert result["status"] == "timeout"
    assert result["message"] == "The tests ran longer than 1 s and were stopped."
