"""The agent compiles and links a standard-library program itself, skipping the go
command's own work (deploy/sandbox/agent/fastbuild.go). Whatever a learner can see must
be what go build gives: the same verdicts, output, error positions, panic traces and
build information. A go.mod with a toolchain line sends the same program through go
build, for comparison."""

import uuid

import pytest

from grader import sandbox
from grader.run_options import PLAIN, RunOptions
from tests.conftest import go

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("sandbox_image")]

FAST_MOD = "module sandbox\n\ngo 1.27\n"
GO_BUILD_MOD = FAST_MOD + "\ntoolchain go1.27.3\n"

PROGRAMS = {
    "hello": 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hello, world")\n}\n',
    "unused variable": "package main\n\nfunc main() {\n\tx := 1\n}\n",
    "several errors": "package main\n\nfunc main() {\n\tundefined()\n\tvar s string = 1\n}\n",
    "panic": "package main\n\nfunc main() {\n\tvar s []int\n\tprintln(s[3])\n}\n",
    "no main": "package main\n\nfunc helper() {}\n",
    "build info": go(
        """
        package main

        import (
            "fmt"
            "runtime"
            "runtime/debug"
        )

        func main() {
            info, ok := debug.ReadBuildInfo()
            fmt.Println(ok, info.Path, info.Main.Path, runtime.GOROOT() == "")
            for _, setting := range info.Settings {
                fmt.Println(setting.Key, setting.Value)
            }
        }
        """
    ),
    "two files": "package main\n\nfunc main() { greet() }\n",
}
SECOND_FILE = 'package main\n\nimport "fmt"\n\nfunc greet() { fmt.Println("from b.go") }\n'


def seen_by_learner(source: str, go_mod: str, name: str, options: RunOptions = PLAIN) -> dict:
    files = {"main.go": source + f"// {uuid.uuid4()}\n", "go.mod": go_mod}
    if name == "two files":
        files["b.go"] = SECOND_FILE
    result = sandbox.run_program(
        files, placement="inline", use_cache=False, options=options
    ).to_dict()
    for volatile in ("timings", "vet", "vet_pending", "vet_skipped", "cached"):
        result.pop(volatile)
    return result


@pytest.mark.parametrize("options", [PLAIN, RunOptions(virtual_time=True)], ids=["real", "virtual"])
@pytest.mark.parametrize("name", PROGRAMS)
def test_the_fast_build_gives_what_go_build_gives(name, options):
    fast = seen_by_learner(PROGRAMS[name], FAST_MOD, name, options)
    assert fast == seen_by_learner(PROGRAMS[name], GO_BUILD_MOD, name, options)
    assert fast["status"] in {"ok", "compile_error", "runtime_error"}
