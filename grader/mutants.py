"""Grade a learner's tests (an exercise with `kind: tests`): against the correct
implementation they must pass, against each mutant (a copy with one bug) they must fail.

Each is one ordinary sandbox test run, one after the other, under the exercise's limits.
The learner's `*_test.go` files do not go in as test files: the sandbox agent checks only
non-test files for what exercise code may not use (os.Exit, syscall, unsafe...), and
counts as tests only the hidden ones. So each learner file is sent renamed
(`pages_test.go` → `pages_tests.go`), its `func TestXxx(t *testing.T)` renamed
`learnerTestXxx`, and a generated hidden `*_test.go` declares `TestXxx` calling it. The
learner's code is then checked like any exercise code (the exercise allows `testing`),
and a pass needs the agent's completion line as usual: a test that calls os.Exit is
refused, one that panics or stops early fails.

Their tests must also pass on each of the exercise's rewrites (the correct code written
differently). Without them, a test that recognised the implementation by its machine
code (read from the test binary) would "catch" every mutant without testing anything;
a rewrite has other machine code, so such a test fails on it. Its messages are not
shown: they would hand over the rewrite's fingerprint.

A mutant counts as caught only when the run ends as `tests_failed`: a test of theirs ran
and failed. A timeout, a memory kill or any other end is not a catch (their tests passed
on the correct code, so the difference must show as a failing test).
"""

import re
from collections.abc import Mapping
from typing import Any

from grader import verdicts
from grader.results import Status
from grader.sandbox import Cancel, run_submission_files

WRAPPER_FILE = "zz_learner_wrapper_test.go"
_TEST_FUNC = re.compile(
    r"^([ \t]*func\s+)(Test(?:[^a-z\W]\w*)?)(\s*\(\s*\w+\s+\*\w+\.T\s*\))", re.M
)
_PACKAGE = re.compile(r"^package\s+([A-Za-z_][A-Za-z0-9_]*)", re.M)
RENAMED_PREFIX = "learner"
REWRITE_FAILED = (
    "Your tests fail on a correct implementation written differently: they must check "
    "what the code does, not how it is written."
)


def sent_name(name: str) -> str:
    """The name a learner's test file is sent under: not a *_test.go file."""
    return name.removesuffix("_test.go") + "_tests.go"


def learner_files(files: Mapping[str, str]) -> tuple[dict[str, str], str | None, str | None]:
    """(renamed files, generated wrapper, problem): the learner's tests as sandbox input."""
    renamed: dict[str, str] = {}
    names: list[str] = []
    package = None
    for name, source in sorted(files.items()):
        if not name.endswith("_test.go"):
            return {}, None, f"{name}: this exercise takes test files only"
        found = _PACKAGE.search(source)
        if found and package is None:
            package = found.group(1)
        for match in _TEST_FUNC.finditer(source):
            if match.group(2) not in names:
                names.append(match.group(2))
        renamed[sent_name(name)] = _TEST_FUNC.sub(
            lambda match: f"{match.group(1)}{RENAMED_PREFIX}{match.group(2)}{match.group(3)}",
            source,
        )
    if package is None:
        return {}, None, "your test file has no package clause"
    if package.endswith("_test"):
        return (
            {},
            None,
            f"write your tests in package {package.removesuffix('_test')}, the package of "
            f"the code they test, not {package}",
        )
    if not names:
        return (
            {},
            None,
            "your file declares no tests: write at least one func TestXxx(t *testing.T)",
        )
    wrapper = [f'package {package}\n\nimport "testing"\n']
    for test in names:
        wrapper.append(f"\nfunc {test}(t *testing.T) {{ {RENAMED_PREFIX}{test}(t) }}\n")
    return renamed, "".join(wrapper), None


def grade_tests(
    files: Mapping[str, str],
    implementation: Mapping[str, str],
    mutants: list[Mapping[str, Any]],
    rewrites: Mapping[str, Mapping[str, str]],
    *,
    limits: Mapping[str, Any] | None = None,
    cancel: Cancel | None = None,
) -> dict[str, Any]:
    """The verdict on a learner's tests, as the JSON dict a submission stores; `mutants`
    are the exercise's ({"name", "description", "files"}). The result's `mutants` lists
    each bug's description and whether it was caught, never its code."""
    renamed, wrapper, problem = learner_files(files)
    if problem is not None or wrapper is None:
        return verdicts.files_refused(problem or "no tests").to_dict()
    hidden = {WRAPPER_FILE: wrapper}

    def run(code: Mapping[str, str]) -> dict[str, Any]:
        return run_submission_files(
            {**code, **renamed}, "test", hidden_files=hidden, limits=limits, cancel=cancel
        )

    correct = _with_learner_names(run(implementation))
    if correct["status"] != Status.OK:
        if correct["status"] == Status.TESTS_FAILED:
            correct["message"] = (
                "Your tests fail on the correct implementation: a test must pass when the "
                "code is right, before it can catch a bug."
            )
        return correct
    total_ms = correct["timings"]["total_ms"]
    for rewrite in rewrites.values():
        result = run(rewrite)
        total_ms += (result.get("timings") or {}).get("total_ms", 0)
        if result["status"] in (Status.SANDBOX_ERROR, Status.STOPPED):
            return result
        if result["status"] != Status.OK:
            correct.update(
                status=str(Status.TESTS_FAILED),
                message=REWRITE_FAILED,
                tests=[],
                stdout="",
                stderr="",
                cached=False,
            )
            return correct
    outcomes = []
    for mutant in mutants:
        result = run(mutant["files"])
        total_ms += (result.get("timings") or {}).get("total_ms", 0)
        if result["status"] in (Status.SANDBOX_ERROR, Status.STOPPED):
            return result
        outcomes.append(
            {
                "description": mutant["description"],
                "caught": result["status"] == Status.TESTS_FAILED,
            }
        )
    caught = sum(outcome["caught"] for outcome in outcomes)
    every = caught == len(outcomes)
    bugs = "bug" if len(outcomes) == 1 else "bugs"
    correct.update(
        status=str(Status.OK if every else Status.TESTS_FAILED),
        message=f"Your tests caught {caught} of {len(outcomes)} {bugs}"
        + (" and pass on the correct code." if every else "."),
        mutants=outcomes,
        cached=False,
    )
    correct["timings"]["total_ms"] = total_ms
    return correct


def _with_learner_names(result: dict[str, Any]) -> dict[str, Any]:
    """Compile errors name the files as the learner wrote them."""
    back = {}
    for error in result.get("compile_errors") or []:
        name = error.get("file") or ""
        if name.endswith("_tests.go"):
            back[name] = name.removesuffix("_tests.go") + "_test.go"
            error["file"] = back[name]
    for key in ("message", "stderr"):
        for sent, original in back.items():
            result[key] = (result.get(key) or "").replace(sent, original)
    return result
