"""`check_content --changed-since REF` checks what a pull request changed, and
`--format github` reports it as annotations GitHub shows on the pull request."""

import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from content_pipeline import sandbox_checks
from content_pipeline.annotations import github_annotation
from content_pipeline.errors import ContentError
from tests.conftest import COURSE_YAML, LESSON_ONE, LESSON_TWO, write

BROKEN_MINUTES = LESSON_TWO.replace("minutes: 12", "minutes: lots")


def git(repository: Path, *args: str) -> str:
    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.com"]
    done = subprocess.run(
        ["git", *identity, "-c", "commit.gpgsign=false", *args],
        cwd=repository,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.fixture
def repository(content_dir: Path) -> Path:
    """A course repository: the small test course under content/, committed on main."""
    root = content_dir.parent
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "A small course")
    return root


def check(content_dir: Path, capsys, ref: str = "HEAD") -> str:
    """check_content --changed-since ref, format only, when it passes: its stdout."""
    call_command("check_content", content_dir=content_dir, no_sandbox=True, changed_since=ref)
    return capsys.readouterr().out


def failing_check(content_dir: Path, capsys, ref: str = "HEAD") -> str:
    """The same when it fails: all it printed, and why it failed."""
    with pytest.raises(CommandError) as failure:
        call_command("check_content", content_dir=content_dir, no_sandbox=True, changed_since=ref)
    out, err = capsys.readouterr()
    return f"{out}{err}{failure.value}"


def test_only_the_changed_lesson_is_checked(repository, content_dir, capsys):
    # Already broken on main: not this pull request's business.
    write(content_dir / "go/lessons/x1-extra/lesson.md", "no front matter\n")
    git(repository, "commit", "-q", "-am", "Break the extra lesson")
    write(content_dir / "go/lessons/02-second/lesson.md", BROKEN_MINUTES)

    report = failing_check(content_dir, capsys, "main")

    assert "Checking what changed since main: 1 of 4 lessons, 0 of 1 course outlines" in report
    assert "go/lessons/02-second/lesson.md:5: 'minutes' must be a whole number" in report
    assert "x1-extra" not in report
    assert "1 problem(s)" in report


def test_a_pull_request_that_keeps_its_lesson_valid_passes(repository, content_dir, capsys):
    git(repository, "switch", "-q", "-c", "better-loops")
    write(content_dir / "go/lessons/02-second/lesson.md", LESSON_TWO + "\nMore words.\n")
    git(repository, "commit", "-q", "-am", "Better loops")

    out = check(content_dir, capsys, "main")

    assert "Checking what changed since main: 1 of 4 lessons, 0 of 1 course outlines" in out
    assert "Format OK: 1 course(s), 1 lessons (1 written), 0 exercises" in out
    assert "Content OK" in out


def test_a_changed_quiz_means_its_lesson(repository, content_dir, capsys):
    write(content_dir / "go/lessons/01-first/quiz.md", "## A question without attributes\n")

    report = failing_check(content_dir, capsys)

    assert "1 of 4 lessons" in report
    assert "go/lessons/01-first/quiz.md:1: " in report


def test_a_changed_course_file_checks_the_outline(repository, content_dir, capsys):
    # The extra track goes, but its lesson folder stays: that folder is now unlisted.
    write(content_dir / "go/course.yaml", COURSE_YAML.split("tracks:")[0])

    report = failing_check(content_dir, capsys)

    assert "0 of 3 lessons, 1 of 1 course outlines" in report
    assert "go/lessons/x1-extra: lesson folder is not listed in go/course.yaml" in report


def test_a_new_untracked_lesson_is_checked(repository, content_dir, capsys):
    outline = "  - slug: 04-fourth\n    title: Fourth\n    goal: More.\ntracks:"
    write(content_dir / "go/course.yaml", COURSE_YAML.replace("tracks:", outline))
    write(content_dir / "go/lessons/04-fourth/lesson.md", LESSON_ONE)

    out = check(content_dir, capsys)

    assert "1 of 5 lessons, 1 of 1 course outlines" in out
    assert "Format OK: 1 course(s), 1 lessons (1 written)" in out


def test_the_sandbox_runs_only_the_changed_lessons_programs(
    repository, content_dir, capsys, monkeypatch
):
    ran = []

    def fake_sandbox(files, mode, **options):
        ran.append(files["main.go"])
        return {"status": "ok", "stdout": "0\n1\n2\n"}

    monkeypatch.setattr(sandbox_checks, "run_submission_files", fake_sandbox)
    write(content_dir / "go/lessons/02-second/lesson.md", LESSON_TWO + "\nMore words.\n")

    call_command("check_content", content_dir=content_dir, changed_since="HEAD")

    assert len(ran) == 1 and "range 3" in ran[0]
    assert "examples          1/1    ok" in capsys.readouterr().out


def test_github_format_prints_exact_annotations(repository, content_dir, capsys):
    write(content_dir / "go/lessons/02-second/lesson.md", BROKEN_MINUTES)

    with pytest.raises(CommandError):
        call_command(
            "check_content",
            content_dir=content_dir,
            no_sandbox=True,
            changed_since="HEAD",
            output_format="github",
        )

    out = capsys.readouterr().out.splitlines()
    assert out[1:] == [
        "::error file=content/go/lessons/02-second/lesson.md,line=5::"
        "'minutes' must be a whole number from 1 to 600"
    ]


def test_github_format_reports_sandbox_problems_at_their_line(
    repository, content_dir, capsys, monkeypatch
):
    monkeypatch.setattr(
        sandbox_checks,
        "run_submission_files",
        lambda files, mode, **options: {"status": "ok", "stdout": "hello, second\n"},
    )
    write(content_dir / "go/lessons/01-first/lesson.md", LESSON_ONE + "\nMore.\n")

    with pytest.raises(CommandError, match="1 problem"):
        call_command(
            "check_content", content_dir=content_dir, changed_since="HEAD", output_format="github"
        )

    out = capsys.readouterr().out
    assert (
        "::error file=content/go/lessons/01-first/lesson.md,line=12::example prints "
        "'hello, second\\n', but its output block says 'hello, first\\n'\n"
    ) in out


def test_annotations_escape_what_github_would_misread():
    error = ContentError("go/a.md", 3, "100% sure\r\nreally: yes, no")
    assert github_annotation(error, "my,content:dir/go/a.md") == (
        "::error file=my%2Ccontent%3Adir/go/a.md,line=3::100%25 sure%0D%0Areally: yes, no"
    )
    whole_file = ContentError("go/course.yaml", 0, "missing course.yaml")
    assert github_annotation(whole_file, "content/go/course.yaml") == (
        "::error file=content/go/course.yaml::missing course.yaml"
    )


def test_the_default_format_is_unchanged(repository, content_dir, capsys):
    write(content_dir / "go/lessons/02-second/lesson.md", BROKEN_MINUTES)
    with pytest.raises(CommandError):
        call_command("check_content", content_dir=content_dir, no_sandbox=True)
    err = capsys.readouterr().err
    assert "go/lessons/02-second/lesson.md:5: 'minutes' must be a whole number" in err
    assert "::error" not in err


def test_an_unknown_ref_is_a_clear_error(repository, content_dir, capsys):
    with pytest.raises(CommandError, match="'origin/main' is not a commit"):
        call_command(
            "check_content", content_dir=content_dir, no_sandbox=True, changed_since="origin/main"
        )


def test_content_outside_a_repository_is_a_clear_error(tmp_path, capsys):
    content = tmp_path / "content"
    write(content / "go/course.yaml", COURSE_YAML)
    with pytest.raises(CommandError, match="not in a git repository"):
        call_command("check_content", content_dir=content, no_sandbox=True, changed_since="HEAD")
