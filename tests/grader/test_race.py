"""Runs with the race detector: built in the race image, run in the plain one."""

import uuid

import docker
import pytest
from django.test import override_settings

from grader import sandbox
from grader.run_options import RunOptions
from grader.sandbox.race_image import race_image_name

pytestmark = pytest.mark.usefixtures("race_image")

RACE = RunOptions(race=True)
GO_MOD = "module example.com/prog\n\ngo 1.27\n"

RACY = """package main

import (
	"fmt"
	"sync"
)

func main() {
	count := 0
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			count++
		}()
	}
	wg.Wait()
	fmt.Println(count)
}
"""

LOCKED = RACY.replace("\tcount := 0\n", "\tcount := 0\n\tvar mu sync.Mutex\n").replace(
    "\t\t\tcount++\n", "\t\t\tmu.Lock()\n\t\t\tcount++\n\t\t\tmu.Unlock()\n"
)


def run(source: str, mode="run", **kwargs):
    return sandbox.run_program(
        {"main.go": source, "go.mod": GO_MOD}, mode, use_cache=False, options=RACE, **kwargs
    )


def test_a_racy_counter_is_reported_with_both_accesses():
    result = run(RACY)
    assert result.status == "data_race"
    assert result.stdout == "2\n"  # the output was right: the race still fails the run
    (race,) = result.races
    assert [(site.file, site.line) for site in race.accesses] == [("main.go", 15)] * 2
    kinds = sorted(site.what.split(" by ")[0] for site in race.accesses)
    assert kinds in (
        ["Previous write", "Read"],
        ["Previous read", "Write"],
        ["Previous write", "Write"],
    )
    assert [(site.file, site.line) for site in race.created] == [("main.go", 13)] * 2
    assert "main.go:15" in result.message and "WARNING: DATA RACE" in race.report


def test_the_same_program_without_race_runs_fine():
    result = sandbox.run_program({"main.go": RACY, "go.mod": GO_MOD}, use_cache=False)
    assert result.status == "ok" and not result.races


def test_the_mutex_version_runs_clean():
    result = run(LOCKED)
    assert result.status == "ok", result.stderr
    assert result.stdout == "2\n" and not result.races


def test_race_runs_in_a_container_without_a_compiler():
    """The binary is static and the run container is the plain image: no gcc, no libc."""
    api = docker.from_env(version="auto").api
    race_config = api.inspect_image(race_image_name())["Config"]
    assert "CGO_ENABLED=1" in race_config["Env"]
    source = RACY.replace(
        "\tfmt.Println(count)\n",
        '\t_, err := os.Stat("/usr/bin/gcc")\n\tfmt.Println(count, os.IsNotExist(err))\n',
    ).replace('"fmt"', '"fmt"\n\t"os"')
    result = run(source)
    assert result.stdout == "2 true\n"


def test_cgo_stays_refused():
    source = 'package main\n\n// #include <stdio.h>\nimport "C"\n\nfunc main() {}\n'
    result = run(source)
    assert result.status == "compile_error"
    assert "cgo" in result.message


def test_a_racy_program_that_floods_its_output_is_still_stopped():
    source = RACY.replace("\tfmt.Println(count)\n", "\tfor {\n\t\tfmt.Println(count)\n\t}\n")
    result = run(source)
    assert result.status == "output_limit"


@override_settings(SANDBOX_RUN_TIMEOUT=2)
def test_a_racy_program_that_loops_forever_is_still_stopped():
    source = RACY.replace("\twg.Wait()\n", "\twg.Wait()\n\tfor count >= 0 {\n\t\tcount++\n\t}\n")
    result = run(source)
    assert result.status == "timeout"


def test_a_test_run_that_races_fails_and_says_so():
    code = (
        "package main\n\nfunc Count(n int) int {\n\tcount := 0\n\tdone := make(chan bool)\n"
        "\tfor i := 0; i < n; i++ {\n\t\tgo func() { count++; done <- true }()\n\t}\n"
        "\tfor i := 0; i < n; i++ {\n\t\t<-done\n\t}\n\treturn count\n}\n\nfunc main() {}\n"
    )
    tests = (
        'package main\n\nimport "testing"\n\nfunc TestCount(t *testing.T) {\n'
        '\tif Count(10) < 1 {\n\t\tt.Fatal("no count")\n\t}\n}\n'
    )
    result = sandbox.run_program(
        {"main.go": code, "go.mod": GO_MOD},
        "test",
        hidden_files={"main_test.go": tests},
        use_cache=False,
        options=RACE,
    )
    assert result.status == "tests_failed"
    assert result.races and result.races[0].accesses[0].file == "main.go"
    assert result.message.startswith("Data race detected")


def test_a_class_running_the_same_example_with_race_shares_one_build():
    # Unique to this run: a binary kept by an earlier run of the suite is not found.
    files = {"main.go": f"{RACY}\n// {uuid.uuid4()}\n", "go.mod": GO_MOD}
    first = sandbox.run_program(files, "run", options=RACE)
    second = sandbox.run_program(files, "run", options=RACE)
    assert first.status == second.status == "data_race"
    assert first.timings.compile_ms > 0
    assert second.timings.compile_ms == 0, "the second learner's run was not built again"
    assert not second.cached and second.races, "it ran afresh, with its own report"
    assert second.vet == first.vet and second.vet_skipped == first.vet_skipped


def test_a_race_build_is_not_shared_by_a_run_that_does_not_use_the_cache():
    files = {"main.go": f"{RACY}\n// {uuid.uuid4()}\n", "go.mod": GO_MOD}
    sandbox.run_program(files, "run", options=RACE)
    again = sandbox.run_program(files, "run", options=RACE, use_cache=False)
    assert again.timings.compile_ms > 0
