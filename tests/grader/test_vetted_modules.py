"""Learners' code can import golang.org/x/sync's errgroup, semaphore and singleflight
(pinned, from the image's module cache, with GOPROXY=off) and nothing else outside the
standard library: another module is a compile error that says what can be imported."""

import uuid

import pytest

from grader import sandbox
from grader.results import SandboxLimits, Status
from grader.sandbox import image
from tests.conftest import go

ERRGROUP = go(
    """
    package main

    import (
        "context"
        "errors"
        "fmt"

        "golang.org/x/sync/errgroup"
    )

    func main() {
        g, ctx := errgroup.WithContext(context.Background())
        squares := make([]int, 4)
        for i := range squares {
            g.Go(func() error {
                squares[i] = i * i
                return nil
            })
        }
        fmt.Println(g.Wait(), squares)

        g, ctx = errgroup.WithContext(context.Background())
        g.Go(func() error { return errors.New("disk full") })
        g.Go(func() error {
            <-ctx.Done() // the first error cancels the group's context
            return ctx.Err()
        })
        fmt.Println(g.Wait())
    }
    """
)

SEMAPHORE_AND_SINGLEFLIGHT = go(
    """
    package main

    import (
        "context"
        "fmt"

        "golang.org/x/sync/semaphore"
        "golang.org/x/sync/singleflight"
    )

    func main() {
        sem := semaphore.NewWeighted(2)
        fmt.Println(sem.TryAcquire(2), sem.TryAcquire(1))
        sem.Release(2)
        fmt.Println(sem.Acquire(context.Background(), 1))

        var group singleflight.Group
        v, err, shared := group.Do("key", func() (any, error) { return 42, nil })
        fmt.Println(v, err, shared)
    }
    """
)

NOT_VETTED = go(
    """
    package main

    import (
        "fmt"

        "github.com/pkg/errors"
    )

    func main() {
        fmt.Println(errors.New("boom"))
    }
    """
)

HIDDEN_TESTS = {
    "sum_test.go": go(
        """
        package sum

        import "testing"

        func TestSquares(t *testing.T) {
            if got := SumOfSquares([]int{1, 2, 3}); got != 14 {
                t.Errorf("SumOfSquares = %d, want 14", got)
            }
        }
        """
    )
}

EXERCISE_WITH_ERRGROUP = go(
    """
    package sum

    import (
        "sync/atomic"

        "golang.org/x/sync/errgroup"
    )

    func SumOfSquares(numbers []int) int {
        var total atomic.Int64
        var g errgroup.Group
        for _, n := range numbers {
            g.Go(func() error {
                total.Add(int64(n * n))
                return nil
            })
        }
        g.Wait()
        return int(total.Load())
    }
    """
)


def run(source: str, placement: str | None = None):
    # A comment that changes nothing but the cache key: every run really builds.
    files = {"main.go": source + f"// {uuid.uuid4()}\n"}
    return sandbox.run_program(files, use_cache=False, placement=placement)


def test_go_sum_hashes_are_the_go_commands():
    """The go.mod hash of x/sync v0.1.0 is the one every go.sum in the world has."""
    if not (image.VETTED_MODULES[0].source / "go.mod").is_file():
        pytest.skip("golang-golang-x-sync-dev is not installed")
    assert (
        "golang.org/x/sync v0.1.0/go.mod h1:RxMgew5VJxzue5/jJTE5uejpjVlOe/izrB70Jof72aM=\n"
        in image.vetted_go_sum()
    )


@pytest.mark.docker
@pytest.mark.usefixtures("sandbox_image")
@pytest.mark.parametrize("placement", ["inline", "separate"])
def test_an_errgroup_program_runs(placement):
    result = run(ERRGROUP, placement)
    assert result.status == Status.OK, result.message
    assert result.stdout == "<nil> [0 1 4 9]\ndisk full\n"
    assert result.compile_errors == []


@pytest.mark.docker
@pytest.mark.usefixtures("sandbox_image")
def test_semaphore_and_singleflight_can_be_imported_too():
    result = run(SEMAPHORE_AND_SINGLEFLIGHT)
    assert result.status == Status.OK, result.message
    assert result.stdout == "true false\n<nil>\n42 <nil> false\n"


@pytest.mark.docker
@pytest.mark.usefixtures("sandbox_image")
def test_a_module_that_is_not_vetted_is_a_compile_error_that_says_what_can_be_imported():
    result = run(NOT_VETTED)
    assert result.status == Status.COMPILE_ERROR
    [error] = result.compile_errors
    assert (error.file, error.line, error.column) == ("main.go", 6, 2)
    assert error.message == (
        "package github.com/pkg/errors is not available in the sandbox: code can import "
        "the standard library and golang.org/x/sync/errgroup, golang.org/x/sync/semaphore, "
        "golang.org/x/sync/singleflight"
    )


@pytest.mark.docker
@pytest.mark.usefixtures("sandbox_image")
def test_exercise_code_may_use_errgroup_but_no_other_module():
    limits = SandboxLimits.from_settings()
    passed = sandbox.run_program(
        {"sum.go": EXERCISE_WITH_ERRGROUP},
        "test",
        hidden_files=HIDDEN_TESTS,
        limits=limits,
        use_cache=False,
    )
    assert passed.status == Status.OK, passed.message
    assert [(test.name, test.status) for test in passed.tests] == [("TestSquares", "pass")]

    refused = sandbox.run_program(
        {
            "sum.go": EXERCISE_WITH_ERRGROUP.replace(
                "golang.org/x/sync/errgroup", "example.com/errgroup"
            )
        },
        "test",
        hidden_files=HIDDEN_TESTS,
        limits=limits,
        use_cache=False,
    )
    assert refused.status == Status.COMPILE_ERROR
    [error] = refused.compile_errors
    assert error.line == 6
    assert "can import only the standard library and golang.org/x/sync/errgroup" in error.message
