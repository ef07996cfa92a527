"""Which content files changed since a git ref, asked of the repository that holds the
content directory: what `git diff --name-only REF` lists (committed, staged and unstaged
changes) and the untracked files git does not ignore.

Paths come back relative to the content directory, like ContentError paths.
"""

import os
import subprocess
from pathlib import Path, PurePosixPath

GIT_TIMEOUT = 60  # seconds; a diff of a course repository takes well under one


class GitError(Exception):
    """git could not answer: not a repository, an unknown ref, no git at all."""


def _git(content_dir: Path, *args: str) -> str:
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=content_dir,
            capture_output=True,
            text=True,
            timeout=GIT_TIMEOUT,
        )
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} took longer than {GIT_TIMEOUT} s") from None
    if done.returncode != 0:
        raise GitError(done.stderr.strip() or f"git {args[0]} failed")
    return done.stdout


def repository_root(content_dir: Path) -> Path:
    if not content_dir.is_dir():
        raise GitError(f"{content_dir} is not a directory")
    try:
        return Path(_git(content_dir, "rev-parse", "--show-toplevel").strip()).resolve()
    except GitError as error:
        raise GitError(f"{content_dir} is not in a git repository ({error})") from None


def content_prefix(content_dir: Path) -> str:
    """The content directory as a path from the repository root, with a trailing slash
    ("content/"), or "" when it is the root itself."""
    relative = content_dir.resolve().relative_to(repository_root(content_dir)).as_posix()
    return "" if relative == "." else f"{relative}/"


def annotation_prefix(content_dir: Path) -> str:
    """Like content_prefix; outside a repository, the content directory as a path from
    the current directory, which is where CI runs the check from."""
    try:
        return content_prefix(content_dir)
    except GitError:
        relative = Path(os.path.relpath(content_dir.resolve(), Path.cwd())).as_posix()
        return "" if relative == "." else f"{relative}/"


def resolve_commit(content_dir: Path, ref: str) -> str:
    # A ref is never an option: "--output=..." must not reach git as one.
    if not ref or ref.startswith("-"):
        raise GitError(f"'{ref}' is not a git ref")
    try:
        return _git(content_dir, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").strip()
    except GitError:
        raise GitError(
            f"'{ref}' is not a commit of the repository of {content_dir}"
            " (in CI, fetch the base branch first, e.g. git fetch origin main)"
        ) from None


def changed_paths(content_dir: Path, ref: str) -> set[str]:
    """The files under the content directory that differ from ``ref`` or are untracked
    (deleted ones included), relative to the content directory."""
    prefix = content_prefix(content_dir)
    commit = resolve_commit(content_dir, ref)
    # -z: paths as they are, never quoted; --no-renames: a move counts at both ends.
    diffed = _git(content_dir, "diff", "--name-only", "--no-renames", "-z", commit, "--", ".")
    untracked = _git(
        content_dir, "ls-files", "--others", "--exclude-standard", "--full-name", "-z", "--", "."
    )
    paths = set()
    for path in (diffed + untracked).split("\0"):
        if path and path.startswith(prefix):
            paths.add(PurePosixPath(path[len(prefix) :]).as_posix())
    return paths
