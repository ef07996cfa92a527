"""What a reviewer would otherwise check by hand, run through the real sandbox.

Every runnable lesson example runs (and prints its expected output when the lesson gives
one), every exercise's reference solution passes its hidden tests, every starter compiles
and fails at least one, and every predict-the-output quiz program prints what the quiz
says.
"""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from content_pipeline.errors import ContentError
from content_pipeline.loader import ContentTree
from courses.markdown import render_markdown
from grader.diagnostics import Diagnostic
from grader.mutants import WRAPPER_FILE, learner_files
from grader.sandbox import run_submission_files
from quizzes.questions import normalise_output

EXAMPLE, SOLUTION, STARTER, QUIZ = "examples", "solutions", "starters", "quiz programs"
# Of `kind: tests` exercises: the reference tests catch each mutant, pass on each rewrite.
MUTANTS = "mutants"
KINDS = (EXAMPLE, SOLUTION, STARTER, MUTANTS, QUIZ)

# Returns a problem description, or None when the result is what the content promises.
Expectation = Callable[[dict], str | None]


@dataclass(frozen=True)
class SandboxCheck:
    kind: str
    path: str
    line: int
    files: dict[str, str]
    mode: str
    expect: Expectation
    hidden_files: dict[str, str] | None = None
    limits: dict[str, float] | None = None  # an exercise's own sandbox limits
    options: dict[str, bool] | None = None  # RunOptions.to_dict(): -race, the clock


@dataclass
class CheckSummary:
    passed: dict[str, int]
    failed: dict[str, int]
    errors: list[ContentError]


def collect_checks(tree: ContentTree) -> list[SandboxCheck]:
    checks: list[SandboxCheck] = []
    for course in tree.courses:
        for lesson in course.lessons:
            if not lesson.written:
                continue
            checks.extend(example_checks(lesson.source_path, lesson.body, lesson.body_line_offset))
            for exercise in lesson.exercises:
                checks.extend(exercise_checks(exercise))
            if lesson.quiz is not None:
                quiz_path = lesson.source_path.rsplit("/", 1)[0] + "/quiz.md"
                checks.extend(_quiz_checks(quiz_path, lesson.quiz.questions))
    return checks


def run_checks(
    checks: list[SandboxCheck],
    *,
    jobs: int = 2,
    progress: Callable[[int, int], None] | None = None,
) -> CheckSummary:
    summary = CheckSummary(
        passed=dict.fromkeys(KINDS, 0),
        failed=dict.fromkeys(KINDS, 0),
        errors=[],
    )

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        for done, (check, _, problem) in enumerate(pool.map(run_check, checks), start=1):
            if problem is None:
                summary.passed[check.kind] += 1
            else:
                summary.failed[check.kind] += 1
                summary.errors.append(problem)
            if progress is not None:
                progress(done, len(checks))
    summary.errors.sort()
    return summary


def run_check(check: SandboxCheck) -> tuple[SandboxCheck, dict, ContentError | None]:
    """Run one check in the sandbox: the result, and the problem or None when the content
    keeps its promise (a sandbox_error result is a problem too)."""
    result = run_submission_files(
        check.files,
        check.mode,
        hidden_files=check.hidden_files,
        limits=check.limits,
        options=check.options,
    )
    problem = check.expect(result)
    if problem is None:
        return check, result, None
    return check, result, ContentError(check.path, _problem_line(check, result), problem)


def _problem_line(check: SandboxCheck, result: dict) -> int:
    """For an example that does not compile, the file line of the first error."""
    errors = result.get("compile_errors") or []
    if check.kind == EXAMPLE and check.line and errors:
        first = errors[0]
        if first.get("file") == "main.go" and first.get("line"):
            return check.line + first["line"]  # main.go line 1 follows the opening fence
    return check.line


def _describe(result: dict) -> str:
    status = result.get("status", "?")
    message = result.get("message") or ""
    errors = result.get("compile_errors") or []
    if errors:
        message = Diagnostic(**errors[0]).describe()
    return f"{status}: {message}".rstrip(": ")


def example_checks(path: str, body: str, offset: int) -> list[SandboxCheck]:
    """One check per runnable ```go block of a lesson body whose line 1 is file line
    offset + 1; each check's line is its opening fence's."""
    checks = []
    for block in render_markdown(body, line_offset=offset).code_blocks:
        if block.runnable:
            checks.append(
                SandboxCheck(
                    EXAMPLE,
                    path,
                    block.line,
                    {"main.go": block.source + "\n"},
                    "run",
                    _runs_and_prints(block.expected_output, race=block.race),
                    options={"race": block.race, "virtual_time": not block.realtime},
                )
            )
    return checks


def _runs_and_prints(expected: str | None, *, race: bool = False) -> Expectation:
    """A ```go race example may show a race (data_race) or its fix (ok), so either passes;
    its output still has to match its output block."""
    clean = ("ok", "data_race") if race else ("ok",)

    def expect(result: dict) -> str | None:
        if result.get("status") not in clean:
            errors = result.get("compile_errors") or []
            if result.get("status") == "compile_error" and errors:
                return f"example does not compile: {Diagnostic(**errors[0]).describe()}"
            return f"example does not run cleanly ({_describe(result)})"
        got = result.get("stdout", "")
        if expected is not None and got.rstrip("\n") != expected.rstrip("\n"):
            return f"example prints {got!r}, but its output block says {expected!r}"
        return None

    return expect


def exercise_checks(exercise) -> list[SandboxCheck]:
    statement = f"{exercise.source_path}/exercise.md"
    if exercise.kind == "tests":
        return _test_writing_checks(exercise, statement)
    return [
        SandboxCheck(
            kind,
            statement,
            0,
            files,
            "test",
            expect,
            exercise.tests,
            exercise.limits or None,
            exercise.options or None,
        )
        for kind, files, expect in (
            (SOLUTION, exercise.solution, _solution_passes),
            (STARTER, exercise.starter, _starter_fails),
        )
    ]


def _test_writing_checks(exercise, statement: str) -> list[SandboxCheck]:
    """The reference tests pass on the implementation and every rewrite and fail on every
    mutant; the starter's tests compile and pass on the implementation."""
    limits = exercise.limits or None
    checks = []
    for kind, tests in ((SOLUTION, exercise.solution), (STARTER, exercise.starter)):
        renamed, wrapper, problem = learner_files(tests)
        if problem is not None or wrapper is None:
            checks.append(SandboxCheck(kind, statement, 0, {}, "test", _refused(kind, problem)))
            continue
        hidden = {WRAPPER_FILE: wrapper}
        checks.append(
            SandboxCheck(
                kind,
                statement,
                0,
                {**exercise.implementation, **renamed},
                "test",
                _tests_pass_on(kind, "implementation/"),
                hidden,
                limits,
            )
        )
        if kind == SOLUTION:
            checks += [
                SandboxCheck(
                    MUTANTS,
                    statement,
                    exercise.mutants_line,
                    {**mutant.files, **renamed},
                    "test",
                    _mutant_caught(mutant.name),
                    hidden,
                    limits,
                )
                for mutant in exercise.mutants
            ]
            checks += [
                SandboxCheck(
                    MUTANTS,
                    statement,
                    0,
                    {**files, **renamed},
                    "test",
                    _tests_pass_on(SOLUTION, f"rewrite '{name}'"),
                    hidden,
                    limits,
                )
                for name, files in exercise.rewrites.items()
            ]
    return checks


def _refused(kind: str, problem: str | None) -> Expectation:
    return lambda result: f"the {kind[:-1]} tests cannot be run: {problem}"


def _tests_pass_on(kind: str, code: str) -> Expectation:
    def expect(result: dict) -> str | None:
        if result.get("status") == "ok":
            return None
        return f"the {kind[:-1]} tests do not pass on {code} ({_describe(result)})"

    return expect


def _mutant_caught(name: str) -> Expectation:
    def expect(result: dict) -> str | None:
        if result.get("status") == "tests_failed":
            return None
        return f"the reference tests do not catch mutant '{name}' ({_describe(result)})"

    return expect


def _solution_passes(result: dict) -> str | None:
    if result.get("status") == "ok":
        return None
    failing = [t["name"] for t in result.get("tests", []) if t.get("status") != "pass"]
    if failing:
        return f"the reference solution fails {', '.join(failing)}"
    return f"the reference solution does not pass its tests ({_describe(result)})"


def _starter_fails(result: dict) -> str | None:
    status = result.get("status")
    if status == "tests_failed":
        return None
    if status == "ok":
        return "the starter passes every test: it must fail at least one"
    return f"the starter must compile and fail a test ({_describe(result)})"


def _quiz_checks(path: str, questions) -> list[SandboxCheck]:
    return [
        SandboxCheck(
            QUIZ,
            path,
            question.code_line or question.line,
            {"main.go": question.code + ("" if question.code.endswith("\n") else "\n")},
            "run",
            _quiz_output_matches(question.id, question.expected_output),
        )
        for question in questions
        if question.type == "output" and question.is_full_program
    ]


def _quiz_output_matches(question_id: str, expected: str) -> Expectation:
    def expect(result: dict) -> str | None:
        got = result.get("stdout", "")
        if result.get("status") not in ("ok", "runtime_error"):
            return f"question {question_id}: the program does not run ({_describe(result)})"
        if normalise_output(got) != normalise_output(expected):
            return f"question {question_id}: the program prints {got!r}, not {expected!r}"
        return None

    return expect
