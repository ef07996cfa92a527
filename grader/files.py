"""Check the files of a submission before anything runs them."""

import re
from collections.abc import Mapping

from grader.build_constraints import without_constraints

MAX_FILES = 20
MAX_TOTAL_BYTES = 64 * 1024
GO_MOD = "go.mod"
DEFAULT_GO_MOD = "module sandbox\n\ngo 1.27\n"

# Go file names as go tools accept them (`exported-names.go`), never a path: letters,
# digits, `_`, `-` and `.`, not starting with `-` or `.`, no `..`. The agent in
# deploy/sandbox/agent/build.go checks the same.
_GO_FILE = re.compile(r"(?!.*\.\.)[A-Za-z0-9_][A-Za-z0-9_.-]*\.go")
# What a learner's submission or an exercise in content/ may name a file: stricter than
# the sandbox above (a length bound), and both must agree, since an exercise's starter
# files come back as submissions.
SOURCE_FILE_NAME = re.compile(r"^(?!.*\.\.)[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}\.go$")
FILE_NAME_RULE = "letters, digits, _, - and . (- and . not first), ending in .go"
_EMBED_DIRECTIVE = re.compile(r"//go:embed\b")


class InvalidFiles(ValueError):
    """The submission cannot be run as given; the message says why, for a person."""


def check_files(files: Mapping[str, str], *, what: str = "files") -> None:
    """Names like `main.go` (plus an optional go.mod), at most 20 files and 64 KiB in all."""
    if not isinstance(files, Mapping) or not files:
        raise InvalidFiles(f"No {what} to run.")
    if len(files) > MAX_FILES:
        raise InvalidFiles(f"Too many {what}: {len(files)} (at most {MAX_FILES}).")
    total = 0
    for name, text in files.items():
        if not isinstance(name, str) or not (name == GO_MOD or _GO_FILE.fullmatch(name)):
            raise InvalidFiles(
                f"File name {name!r} is not allowed: use {FILE_NAME_RULE} (or go.mod)."
            )
        if not isinstance(text, str):
            raise InvalidFiles(f"{name} must be text.")
        total += len(text.encode())
    if total > MAX_TOTAL_BYTES:
        raise InvalidFiles(f"The {what} are too large: {total} bytes (at most {MAX_TOTAL_BYTES}).")
    if not any(name.endswith(".go") for name in files):
        raise InvalidFiles(f"The {what} contain no .go file.")


def prepare_sources(
    files: Mapping[str, str], hidden_files: Mapping[str, str] | None = None, *, mode: str = "run"
) -> dict[str, str]:
    """The files to build: the learner's, the hidden tests, and a go.mod if none was given.

    In test mode the hidden `*_test.go` files are the tests: the learner's files may not
    contain tests of their own, nor share a name with a hidden file. In run mode the
    learner's build constraints are emptied, as `go run file.go` ignores them.
    """
    check_files(files)
    sources = dict(files)
    if mode == "run":
        sources = {
            name: without_constraints(text) if name.endswith(".go") else text
            for name, text in sources.items()
        }
    if mode == "test":
        if not hidden_files:
            raise InvalidFiles("Test mode needs the exercise's test files.")
        check_files(hidden_files, what="test files")
        for name in hidden_files:
            if not name.endswith("_test.go"):
                raise InvalidFiles(f"Test file {name} must be named *_test.go.")
        for name in files:
            if name.endswith("_test.go"):
                raise InvalidFiles(f"{name}: test files come with the exercise, not the solution.")
        sources.update(hidden_files)
    elif hidden_files:
        raise InvalidFiles("Test files are only used in test mode.")
    sources.setdefault(GO_MOD, DEFAULT_GO_MOD)
    return sources


def find_embed_directive(files: Mapping[str, str]) -> tuple[str, int, int] | None:
    """(file, line, column) of the first //go:embed, which could read hidden test files."""
    for name in sorted(files):
        for number, line in enumerate(files[name].splitlines(), start=1):
            if match := _EMBED_DIRECTIVE.search(line):
                return name, number, match.start() + 1
    return None
