"""Read one exercise folder: statement with hints, starter, reference solution, hidden tests.

exercises/<name>/
  exercise.md      front matter (title, concepts, difficulty, limits, visible_tests)
                   + statement + hints
  starter/*.go     what the learner starts from
  solution/*.go    the reference solution (same file names as starter/)
  tests/*_test.go  hidden tests, run with `go test` against the learner's files

An exercise with `kind: tests` turns this around: the learner writes the tests.

  implementation/*.go      the correct code, shown to the learner
  mutants/<name>/*.go      buggy versions of it (same file names), each described in the
                           front matter's `mutants:` (name → what a learner is told)
  rewrites/<name>/*.go     at least one correct version written differently: the
                           learner's tests must pass on it too, so that tests which tell
                           the implementation apart by its machine code rather than by
                           what it does never pass
  starter/*_test.go        the test file the learner starts from
  solution/*_test.go       the reference tests: they pass on implementation/ and every
                           rewrite, and fail on every mutant
"""

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from content_pipeline.errors import ContentError
from content_pipeline.front_matter import read_front_matter
from content_pipeline.yaml_lines import LocatedYaml
from grader.files import FILE_NAME_RULE, SOURCE_FILE_NAME
from grader.gotest import declared_tests, test_function_source
from grader.results import exercise_limit_problems
from grader.run_options import RunOptions

EXERCISE_FILE = "exercise.md"
PACKAGE_RE = re.compile(r"^package\s+([A-Za-z_][A-Za-z0-9_]*)", re.M)
TEST_FUNC_RE = re.compile(r"^func\s+(Test[A-Za-z0-9_]*)\s*\(\s*\w+\s+\*testing\.T\s*\)", re.M)
CONCEPT_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
HINT_OPEN_RE = re.compile(r"^:::\s*hint\s*$")
FENCE_RE = re.compile(r"^(`{3,}|~{3,})")
MAX_EXERCISE_BYTES = 64 * 1024
MAX_HINTS = 5
FRONT_MATTER_KEYS = {
    "title",
    "concepts",
    "difficulty",
    "limits",
    "visible_tests",
    "kind",
    "mutants",
    "race",
    "virtual_time",
}
KINDS = ("code", "tests")
MUTANT_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


@dataclass
class MutantSource:
    name: str
    description: str  # what the learner is told the bug is; the code never reaches them
    files: dict[str, str] = field(default_factory=dict)


@dataclass
class ExerciseSource:
    slug: str
    title: str = ""
    concepts: list[str] = field(default_factory=list)
    difficulty: int = 2
    statement: str = ""
    statement_line_offset: int = 0
    hints: list[str] = field(default_factory=list)
    starter: dict[str, str] = field(default_factory=dict)
    solution: dict[str, str] = field(default_factory=dict)
    tests: dict[str, str] = field(default_factory=dict)
    test_names: list[str] = field(default_factory=list)
    limits: dict[str, float] = field(default_factory=dict)  # the sandbox's, if not the site's
    visible_test_names: list[str] = field(default_factory=list)  # as the front matter lists them
    visible_tests_line: int = 0
    visible_tests: dict[str, str] = field(default_factory=dict)  # name → source, shown
    source_path: str = ""
    source_hash: str = ""
    kind: str = "code"  # "tests": the learner writes tests, graded against mutants
    options: dict[str, bool] = field(default_factory=dict)  # RunOptions.to_dict()
    implementation: dict[str, str] = field(default_factory=dict)
    mutants: list[MutantSource] = field(default_factory=list)
    mutants_line: int = 0
    rewrites: dict[str, dict[str, str]] = field(default_factory=dict)  # name → files


def load_exercise(root: Path, folder: Path, errors: list[ContentError]) -> ExerciseSource | None:
    rel_folder = folder.relative_to(root).as_posix()
    exercise = ExerciseSource(slug=folder.name, source_path=rel_folder)
    before = len(errors)
    statement_file = folder / EXERCISE_FILE
    if not statement_file.is_file():
        errors.append(ContentError(f"{rel_folder}/{EXERCISE_FILE}", 0, "missing exercise.md"))
    else:
        _parse_statement(
            statement_file.read_text(), f"{rel_folder}/{EXERCISE_FILE}", exercise, errors
        )
    writes_tests = exercise.kind == "tests"
    exercise.starter = _go_files(root, folder / "starter", errors, tests=writes_tests)
    exercise.solution = _go_files(root, folder / "solution", errors, tests=writes_tests)
    if writes_tests:
        _load_mutation_parts(root, folder, exercise, errors)
    else:
        exercise.tests = _go_files(root, folder / "tests", errors, tests=True)
    _check_consistency(rel_folder, exercise, errors)
    if len(errors) > before:
        return None
    digest = hashlib.sha256()
    for part in ("starter", "solution", "tests"):
        for name, source in sorted(getattr(exercise, part).items()):
            digest.update(f"{part}/{name}\0{source}\0".encode())
    for name, source in sorted(exercise.implementation.items()):
        digest.update(f"implementation/{name}\0{source}\0".encode())
    for mutant in exercise.mutants:
        for name, source in sorted(mutant.files.items()):
            digest.update(f"mutants/{mutant.name}/{name}\0{source}\0".encode())
    for rewrite, files in sorted(exercise.rewrites.items()):
        for name, source in sorted(files.items()):
            digest.update(f"rewrites/{rewrite}/{name}\0{source}\0".encode())
    digest.update(statement_file.read_bytes())
    exercise.source_hash = digest.hexdigest()
    return exercise


def _parse_statement(
    text: str, rel: str, exercise: ExerciseSource, errors: list[ContentError]
) -> None:
    front = read_front_matter(text, rel, errors, expected="title, concepts")
    if front is None:
        return
    if front.fields is not None:
        _read_statement_fields(front.fields, rel, exercise, errors)
    statement, hints = _split_hints(front.body, rel, front.body_line_offset, errors)
    if not statement.strip():
        errors.append(
            ContentError(rel, front.body_line_offset + 1, "the exercise has no statement")
        )
    if len(hints) > MAX_HINTS:
        errors.append(ContentError(rel, 0, f"at most {MAX_HINTS} hints, found {len(hints)}"))
    exercise.statement = statement
    exercise.statement_line_offset = front.body_line_offset
    exercise.hints = hints


def _read_statement_fields(
    doc: LocatedYaml, rel: str, exercise: ExerciseSource, errors: list[ContentError]
) -> None:
    data = doc.data
    for key in data:
        if key not in FRONT_MATTER_KEYS:
            allowed = ", ".join(sorted(FRONT_MATTER_KEYS))
            errors.append(
                ContentError(
                    rel, doc.line_of(key) + 1, f"unknown key '{key}' (expected: {allowed})"
                )
            )
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        errors.append(ContentError(rel, doc.line_of("title") + 1, "'title' is missing"))
    else:
        exercise.title = title.strip()
    concepts = data.get("concepts")
    if (
        not isinstance(concepts, list)
        or not concepts
        or not all(isinstance(c, str) and CONCEPT_RE.match(c) for c in concepts)
    ):
        errors.append(
            ContentError(
                rel, doc.line_of("concepts") + 1, "'concepts' must be a list of kebab-case slugs"
            )
        )
    else:
        exercise.concepts = concepts
    difficulty = data.get("difficulty", 2)
    if not isinstance(difficulty, int) or isinstance(difficulty, bool) or not 1 <= difficulty <= 5:
        errors.append(
            ContentError(rel, doc.line_of("difficulty") + 1, "'difficulty' must be 1 to 5")
        )
    else:
        exercise.difficulty = difficulty
    if "limits" in data:
        problems = exercise_limit_problems(data["limits"])
        for key, problem in problems:
            line = doc.line_of("limits", key) if key is not None else doc.line_of("limits")
            errors.append(ContentError(rel, line + 1, problem))
        if not problems:
            exercise.limits = dict(data["limits"])
    kind = data.get("kind", "code")
    if kind not in KINDS:
        errors.append(
            ContentError(rel, doc.line_of("kind") + 1, "'kind' must be code (the default) or tests")
        )
    else:
        exercise.kind = kind
    _read_run_options(doc, data, rel, exercise, errors)
    if "mutants" in data or exercise.kind == "tests":
        _read_mutant_descriptions(doc, rel, exercise, errors)
    if "visible_tests" in data:
        names = data["visible_tests"]
        exercise.visible_tests_line = doc.line_of("visible_tests") + 1
        if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
            errors.append(
                ContentError(
                    rel,
                    exercise.visible_tests_line,
                    "'visible_tests' must be a list of test function names, such as [TestHello]",
                )
            )
        else:
            exercise.visible_test_names = names


def _read_run_options(
    doc: LocatedYaml, data: dict, rel: str, exercise: "ExerciseSource", errors: list[ContentError]
) -> None:
    """`race: true` grades with the race detector; `virtual_time: true` runs the tests on
    the virtual clock (grader.run_options). Both are off unless the exercise asks."""
    for key in ("race", "virtual_time"):
        if key in data and not isinstance(data[key], bool):
            errors.append(ContentError(rel, doc.line_of(key) + 1, f"'{key}' must be true or false"))
    exercise.options = RunOptions.from_dict(data).to_dict()


def _split_hints(
    body: str, rel: str, offset: int, errors: list[ContentError]
) -> tuple[str, list[str]]:
    """Take the `::: hint` blocks out of the statement, in order."""
    statement: list[str] = []
    hints: list[str] = []
    current: list[str] | None = None
    opened_at = 0
    fence: str | None = None
    for number, line in enumerate(body.splitlines(keepends=True), start=1):
        stripped = line.strip()
        fence_match = FENCE_RE.match(stripped)
        if fence_match and (fence is None or stripped.startswith(fence)):
            fence = None if fence else fence_match.group(1)
        if fence is None and current is None and HINT_OPEN_RE.match(stripped):
            current, opened_at = [], number
            continue
        if fence is None and current is not None and stripped == ":::":
            if not "".join(current).strip():
                errors.append(ContentError(rel, opened_at + offset, "empty hint"))
            hints.append("".join(current).strip() + "\n")
            current = None
            continue
        (current if current is not None else statement).append(line)
    if current is not None:
        errors.append(ContentError(rel, opened_at + offset, "hint is never closed with ':::'"))
    return "".join(statement), hints


def _go_files(
    root: Path, folder: Path, errors: list[ContentError], *, tests: bool
) -> dict[str, str]:
    rel = folder.relative_to(root).as_posix()
    if not folder.is_dir():
        errors.append(ContentError(rel, 0, f"missing folder {folder.name}/ with .go files"))
        return {}
    files = {}
    for path in sorted(folder.iterdir()):
        name = path.name
        if not path.is_file() or not SOURCE_FILE_NAME.match(name):
            errors.append(
                ContentError(f"{rel}/{name}", 0, f"only .go files named with {FILE_NAME_RULE}")
            )
            continue
        if name.endswith("_test.go") != tests:
            expected = "must end in _test.go" if tests else "must not be a _test.go file"
            errors.append(ContentError(f"{rel}/{name}", 0, f"files in {folder.name}/ {expected}"))
            continue
        try:
            files[name] = path.read_text()
        except UnicodeDecodeError:
            errors.append(ContentError(f"{rel}/{name}", 0, "file is not valid UTF-8"))
    if not files and not any(e.path.startswith(rel) for e in errors):
        errors.append(ContentError(rel, 0, f"{folder.name}/ has no .go files"))
    return files


def _package_of(source: str) -> str | None:
    match = PACKAGE_RE.search(source)
    return match.group(1) if match else None


def _check_consistency(rel: str, exercise: ExerciseSource, errors: list[ContentError]) -> None:
    if exercise.starter and exercise.solution and set(exercise.starter) != set(exercise.solution):
        errors.append(
            ContentError(
                f"{rel}/solution",
                0,
                "solution/ must hold the same file names as starter/ "
                f"(starter: {', '.join(sorted(exercise.starter))})",
            )
        )
    packages = {}
    parts = [(part, getattr(exercise, part)) for part in ("starter", "solution", "tests")]
    parts.append(("implementation", exercise.implementation))
    parts += [(f"mutants/{mutant.name}", mutant.files) for mutant in exercise.mutants]
    parts += [(f"rewrites/{name}", files) for name, files in exercise.rewrites.items()]
    for part, files in parts:
        for name, source in files.items():
            package = _package_of(source)
            if package is None:
                errors.append(ContentError(f"{rel}/{part}/{name}", 1, "no package clause"))
            else:
                packages.setdefault(package.removesuffix("_test"), f"{part}/{name}")
    if len(packages) > 1:
        errors.append(
            ContentError(
                rel, 0, f"all files must be in one package, found {', '.join(sorted(packages))}"
            )
        )
    for name, source in exercise.tests.items():
        if not TEST_FUNC_RE.search(source):
            errors.append(
                ContentError(f"{rel}/tests/{name}", 0, "no func TestXxx(t *testing.T) found")
            )
    exercise.test_names = declared_tests(exercise.tests)  # what the grader expects to run
    _read_visible_tests(rel, exercise, errors)
    size = sum(len(s.encode()) for s in exercise.solution.values()) + sum(
        len(s.encode()) for s in exercise.tests.values()
    )
    if size > MAX_EXERCISE_BYTES:
        errors.append(
            ContentError(rel, 0, f"exercise files exceed {MAX_EXERCISE_BYTES // 1024} KiB")
        )


def _read_visible_tests(rel: str, exercise: ExerciseSource, errors: list[ContentError]) -> None:
    """The sources of the tests learners may see: each must be a declared test."""
    where = f"{rel}/{EXERCISE_FILE}"
    for name in exercise.visible_test_names:
        if name not in exercise.test_names:
            declared = ", ".join(exercise.test_names) or "none"
            errors.append(
                ContentError(
                    where,
                    exercise.visible_tests_line,
                    f"visible test '{name}' is not a test function in tests/ "
                    f"(declared: {declared})",
                )
            )
            continue
        source = test_function_source(exercise.tests, name)
        if source is None:
            errors.append(
                ContentError(
                    where,
                    exercise.visible_tests_line,
                    f"visible test '{name}' has no closing '}}' in column one (run gofmt)",
                )
            )
            continue
        exercise.visible_tests[name] = source


def _read_mutant_descriptions(
    doc: LocatedYaml, rel: str, exercise: ExerciseSource, errors: list[ContentError]
) -> None:
    line = doc.line_of("mutants") + 1
    exercise.mutants_line = line
    mutants = doc.data.get("mutants")
    if exercise.kind != "tests":
        errors.append(ContentError(rel, line, "'mutants' needs 'kind: tests'"))
        return
    if (
        not isinstance(mutants, dict)
        or not mutants
        or not all(
            isinstance(name, str)
            and MUTANT_NAME_RE.match(name)
            and isinstance(description, str)
            and description.strip()
            for name, description in mutants.items()
        )
    ):
        errors.append(
            ContentError(
                rel,
                line,
                "'mutants' must map each folder of mutants/ (a kebab-case name) to what the "
                "learner is told about its bug",
            )
        )
        return
    exercise.mutants = [
        MutantSource(name, description.strip()) for name, description in mutants.items()
    ]


def _load_mutation_parts(
    root: Path, folder: Path, exercise: ExerciseSource, errors: list[ContentError]
) -> None:
    """implementation/, mutants/<name>/ and rewrites/<name>/ of a `kind: tests` exercise."""
    rel = folder.relative_to(root).as_posix()
    exercise.implementation = _go_files(root, folder / "implementation", errors, tests=False)
    mutants_dir = folder / "mutants"
    on_disk = _subfolders(mutants_dir)
    described = [mutant.name for mutant in exercise.mutants]
    where = f"{rel}/{EXERCISE_FILE}"
    for name in on_disk:
        if name not in described:
            errors.append(
                ContentError(
                    where, exercise.mutants_line, f"mutants/{name}/ is not described in 'mutants'"
                )
            )
    for mutant in exercise.mutants:
        if mutant.name not in on_disk:
            errors.append(
                ContentError(where, exercise.mutants_line, f"no folder mutants/{mutant.name}/")
            )
            continue
        mutant.files = _go_files(root, mutants_dir / mutant.name, errors, tests=False)
        _check_variant(f"{rel}/mutants/{mutant.name}", "mutant", mutant.files, exercise, errors)
    _load_rewrites(root, folder, exercise, errors)


def _load_rewrites(
    root: Path, folder: Path, exercise: ExerciseSource, errors: list[ContentError]
) -> None:
    rel = folder.relative_to(root).as_posix()
    rewrites_dir = folder / "rewrites"
    names = _subfolders(rewrites_dir)
    if not names:
        errors.append(
            ContentError(
                f"{rel}/rewrites",
                0,
                "a test-writing exercise needs at least one rewrites/<name>/: the correct code "
                "written differently, which the learner's tests must pass too (otherwise tests "
                "that recognise implementation/ by its machine code would catch every mutant)",
            )
        )
    for name in names:
        where = f"{rel}/rewrites/{name}"
        if not MUTANT_NAME_RE.match(name):
            errors.append(ContentError(where, 0, "a rewrite's folder name must be kebab-case"))
            continue
        files = _go_files(root, rewrites_dir / name, errors, tests=False)
        _check_variant(where, "rewrite", files, exercise, errors)
        exercise.rewrites[name] = files


def _subfolders(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


def _check_variant(
    where: str,
    what: str,
    files: dict[str, str],
    exercise: ExerciseSource,
    errors: list[ContentError],
) -> None:
    """A mutant or a rewrite replaces implementation/ file for file, and differs from it."""
    if exercise.implementation and files and set(files) != set(exercise.implementation):
        errors.append(
            ContentError(
                where,
                0,
                f"a {what} must hold the same file names as implementation/ "
                f"({', '.join(sorted(exercise.implementation))})",
            )
        )
    elif files == exercise.implementation:
        errors.append(ContentError(where, 0, f"this {what} is the implementation itself"))
