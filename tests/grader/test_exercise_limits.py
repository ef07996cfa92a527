"""An exercise's own sandbox limits: declared in exercise.md, checked, stored, applied."""

import re
from pathlib import Path

import pytest

from content_pipeline.autosync import sync_and_record
from content_pipeline.loader import load_content
from courses.models import Exercise
from grader import submissions
from grader.models import Submission
from grader.results import EXERCISE_ALLOWANCES, SandboxLimits, exercise_limit_problems
from tests.conftest import write

EXERCISE = "go/lessons/01-first/exercises/solver"
STATEMENT = "---\ntitle: Solver\nconcepts: [fmt]\n{limits}---\n\nSolve it.\n"


def add_exercise(root: Path, limits: str) -> None:
    folder = root / EXERCISE
    write(folder / "exercise.md", STATEMENT.format(limits=limits))
    write(folder / "starter/solver.go", "package solver\n\nfunc Solve() int { return 0 }\n")
    write(folder / "solution/solver.go", "package solver\n\nfunc Solve() int { return 1 }\n")
    write(
        folder / "tests/solver_test.go",
        'package solver\n\nimport "testing"\n\n'
        'func TestSolve(t *testing.T) {\n\tif Solve() != 1 {\n\t\tt.Error("no")\n\t}\n}\n',
    )


def test_an_exercise_asks_for_more_within_the_site_maximum(settings):
    settings.SANDBOX_MAX_MEMORY_MB, settings.SANDBOX_MAX_RUN_TIMEOUT = 1024, 20
    site = SandboxLimits.from_settings()
    limits = site.for_exercise({"memory_mb": 768, "run_timeout": 10})
    assert (limits.memory_mb, limits.run_timeout) == (768, 10.0)
    assert limits.pids == site.pids and limits.output_limit == site.output_limit
    assert site.for_exercise({}) == site and site.for_exercise(None) == site
    # A value stored when the maximum was higher never goes past today's maximum.
    assert site.for_exercise({"memory_mb": 4096}).memory_mb == 1024


@pytest.mark.parametrize(
    ("limits", "problem"),
    [
        ({"memory_mb": 4096}, "'limits.memory_mb' must be a whole number from 128 to 1024"),
        ({"memory_mb": 512.5}, "'limits.memory_mb' must be a whole number"),
        ({"run_timeout": 0}, "'limits.run_timeout' must be a number from 1 to 20"),
        ({"run_timeout": True}, "'limits.run_timeout' must be a number"),
        ({"cpus": 4}, "unknown limit 'cpus' (expected: memory_mb, run_timeout, allow)"),
        ([512], "'limits' must be a mapping"),
        ({"allow": "os.Exit"}, "'limits.allow' must be a list of names from: flag, go:linkname"),
        ({"allow": ["os.Exit", "os.Getenv"]}, "'limits.allow' cannot allow 'os.Getenv'"),
    ],
)
def test_limits_out_of_bounds_are_problems(settings, limits, problem):
    settings.SANDBOX_MAX_MEMORY_MB, settings.SANDBOX_MAX_RUN_TIMEOUT = 1024, 20
    assert any(message.startswith(problem) for _, message in exercise_limit_problems(limits))
    assert exercise_limit_problems({"memory_mb": 768, "run_timeout": 2.5}) == []
    assert exercise_limit_problems({"allow": ["os.Args", "syscall"]}) == []


def test_what_an_exercise_allows_is_part_of_its_limits():
    site = SandboxLimits.from_settings()
    assert site.allow == ()
    assert site.for_exercise({"allow": ["syscall", "os.Args"]}).allow == ("os.Args", "syscall")


def test_the_allowances_are_the_names_the_sandbox_agent_refuses(settings):
    # deploy/sandbox/agent/guard.go: refusedImports, refusedNames and //go:linkname.
    guard = (Path(settings.BASE_DIR) / "deploy/sandbox/agent/guard.go").read_text()
    imports = guard.split("var refusedImports")[1].split("\n}")[0]
    names = guard.split("var refusedNames")[1].split("\n}\n")[0]
    refused = set(re.findall(r'^\t"([\w/]+)":', imports, re.M)) | {"go:linkname"}
    for block in re.finditer(r'^\t"([\w/]+)": \{(.*?)^\t\}', names, re.M | re.S):
        refused |= {f"{block[1]}.{name}" for name in re.findall(r'^\t\t"(\w+)":', block[2], re.M)}
    assert refused == set(EXERCISE_ALLOWANCES)


def test_check_content_points_at_the_bad_limit(content_dir, settings):
    settings.SANDBOX_MAX_MEMORY_MB = 1024
    add_exercise(content_dir, "limits:\n  run_timeout: 10\n  memory_mb: 2048\n")
    errors = [str(error) for error in load_content(content_dir).errors]
    assert errors == [
        f"{EXERCISE}/exercise.md:6: 'limits.memory_mb' must be a whole number from 128 to "
        "1024 (SANDBOX_MAX_MEMORY_MB)"
    ]


def test_sync_stores_the_limits_on_the_exercise(content_dir, settings, db):
    add_exercise(content_dir, "limits: {memory_mb: 768, run_timeout: 10}\n")
    assert sync_and_record(content_dir)[1] == []
    assert Exercise.objects.get(slug="solver").limits == {"memory_mb": 768, "run_timeout": 10}


def test_sync_stores_what_an_exercise_allows(content_dir, settings, db):
    add_exercise(content_dir, "limits:\n  allow: [os.Args]\n")
    assert sync_and_record(content_dir)[1] == []
    assert Exercise.objects.get(slug="solver").limits == {"allow": ["os.Args"]}


def test_check_content_points_at_an_unknown_allowance(content_dir):
    add_exercise(content_dir, "limits:\n  allow: [os.Exit, os.Chdir]\n")
    errors = [str(error) for error in load_content(content_dir).errors]
    assert len(errors) == 1
    assert errors[0].startswith(f"{EXERCISE}/exercise.md:5: 'limits.allow' cannot allow 'os.Chdir'")


def test_an_exercise_without_limits_uses_the_sites(content_dir, db):
    add_exercise(content_dir, "")
    assert sync_and_record(content_dir)[1] == []
    assert Exercise.objects.get(slug="solver").limits == {}


def test_grading_runs_with_the_exercises_limits(content_dir, db, alice, monkeypatch):
    from grader import sandbox

    add_exercise(content_dir, "limits: {memory_mb: 768}\n")
    assert sync_and_record(content_dir)[1] == []
    exercise = Exercise.objects.get(slug="solver")
    calls = []

    def fake_run(files, mode, **kwargs):
        calls.append(kwargs)
        return {"status": "ok", "message": "All 1 test passed."}

    monkeypatch.setattr(sandbox, "run_submission_files", fake_run)
    for kind, exercise_id in (("test", exercise.pk), ("run", None)):
        submission = Submission.objects.create(
            owner=alice, files=exercise.solution_files, kind=kind, exercise_id=exercise_id
        )
        submissions.execute_submission(submission.pk)
    assert [call["limits"] for call in calls] == [{"memory_mb": 768}, None]
