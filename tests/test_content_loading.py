from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from content_pipeline.loader import load_content
from content_pipeline.sync import sync_content
from courses.models import Lesson, LessonProgress
from tests.conftest import LESSON_ONE, write


def errors_of(root: Path) -> list[str]:
    return [str(error) for error in load_content(root).errors]


def test_good_content_loads_courses_tracks_and_lessons(content_dir):
    tree = load_content(content_dir)
    assert tree.errors == []
    (course,) = tree.courses
    assert course.title == "Test Go"
    assert [t.slug for t in course.tracks] == ["main", "extra"]
    first, second, planned = course.tracks[0].lessons
    assert first.title == "First steps"
    assert first.concepts == ["main-function", "fmt"]
    assert first.minutes == 10
    assert first.written and second.written
    assert not planned.written
    assert planned.goal == "Not written yet."


def test_sync_is_idempotent(content_dir, db):
    first = sync_content(content_dir)
    assert len(first.added) == 4
    second = sync_content(content_dir)
    assert (second.added, second.changed, second.removed) == ([], [], [])
    assert second.unchanged == 4
    assert Lesson.objects.listed().count() == 4


def test_sync_renders_markdown_with_editor_and_toc(content_dir, db):
    sync_content(content_dir)
    lesson = Lesson.objects.get(slug="01-first")
    assert 'class="go-editor"' in lesson.html
    assert "<strong>bold</strong>" in lesson.html
    assert [entry["text"] for entry in lesson.toc] == ["Printing", "Next"]


def test_sync_reports_changed_and_removed_lessons(content_dir, db, alice):
    sync_content(content_dir)
    lesson = Lesson.objects.get(slug="02-second")
    LessonProgress.objects.create(user=alice, lesson=lesson)

    write(content_dir / "go/lessons/01-first/lesson.md", LESSON_ONE.replace("bold", "brave"))
    course_yaml = content_dir / "go/course.yaml"
    text = course_yaml.read_text()
    course_yaml.write_text(
        text.replace(
            "  - slug: 02-second\n    title: Second steps\n    goal: Loop over things.\n", ""
        )
    )
    (content_dir / "go/lessons/02-second/lesson.md").unlink()
    (content_dir / "go/lessons/02-second").rmdir()

    report = sync_content(content_dir)
    assert report.changed[0] == "go/01-first"
    assert report.removed == ["go/02-second"]
    assert "brave" in Lesson.objects.get(slug="01-first").html
    # A removed lesson disappears from the course but learners' history is kept.
    assert not Lesson.objects.listed().filter(slug="02-second").exists()
    assert LessonProgress.objects.filter(user=alice, lesson=lesson).exists()


def test_sync_with_errors_writes_nothing(content_dir, db):
    sync_content(content_dir)
    write(content_dir / "go/lessons/01-first/lesson.md", LESSON_ONE.replace("bold", "brave"))
    write(content_dir / "go/lessons/02-second/lesson.md", "no front matter\n")
    with pytest.raises(Exception, match="02-second/lesson.md:1"):
        sync_content(content_dir)
    assert "bold" in Lesson.objects.get(slug="01-first").html


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        (
            "go/course.yaml",
            "title: T\nlessons:\n  - slug: a\n    title: [unclosed\n",
            "go/course.yaml:4: invalid YAML",
        ),
        (
            "go/course.yaml",
            "title: T\ncolour: blue\nlessons:\n  - slug: 01-first\n    title: A\n",
            "go/course.yaml:2: unknown key 'colour'",
        ),
        (
            "go/course.yaml",
            "lessons:\n  - slug: 01-first\n    title: A\n",
            "go/course.yaml:1: 'title' is missing",
        ),
        (
            "go/course.yaml",
            "title: T\nlessons:\n  - slug: 01-first\n    title: A\n    goal: G\n  - slug: 01-first\n    title: B\n    goal: G\n",
            "go/course.yaml:6: lesson '01-first' is listed twice (first on line 3)",
        ),
        (
            "go/course.yaml",
            "title: T\nlessons:\n  - slug: Bad Slug\n    title: A\n",
            "go/course.yaml:3: 'slug' 'Bad Slug' is not a valid slug",
        ),
        (
            "go/lessons/01-first/lesson.md",
            "# Just a heading\n",
            "go/lessons/01-first/lesson.md:1: lesson.md must start with front matter",
        ),
        (
            "go/lessons/01-first/lesson.md",
            "---\ntitle: A\n\n# no closing fence\n",
            "go/lessons/01-first/lesson.md:1: front matter starts with '---' on line 1 but is never closed",
        ),
        (
            "go/lessons/01-first/lesson.md",
            "---\ntitle: A\nsummary: [oops\nminutes: 3\n---\nBody\n",
            "go/lessons/01-first/lesson.md:3: front matter: invalid YAML",
        ),
        (
            "go/lessons/01-first/lesson.md",
            "---\ntitle: A\nconcepts: [a]\nminutes: 3\n---\nBody\n",
            "go/lessons/01-first/lesson.md:2: 'summary' is missing",
        ),
        (
            "go/lessons/01-first/lesson.md",
            "---\ntitle: A\nsummary: S\nconcepts: [Not A Slug]\nminutes: 3\n---\nBody\n",
            "go/lessons/01-first/lesson.md:4: concept 'Not A Slug' must be a kebab-case slug",
        ),
        (
            "go/lessons/01-first/lesson.md",
            "---\ntitle: A\nsummary: S\nconcepts: [a]\nminutes: lots\n---\nBody\n",
            "go/lessons/01-first/lesson.md:5: 'minutes' must be a whole number from 1 to 600",
        ),
        (
            "go/lessons/01-first/lesson.md",
            "---\ntitle: A\nsummary: S\nconcepts: [a]\nminutes: 3\nvideo: javascript:alert(1)\n---\nBody\n",
            "go/lessons/01-first/lesson.md:6: 'video' must be an http(s) URL",
        ),
        (
            "go/lessons/01-first/lesson.md",
            "---\ntitle: A\nsummary: S\nconcepts: [a]\nminutes: 3\nauthor: me\n---\nBody\n",
            "go/lessons/01-first/lesson.md:6: unknown key 'author'",
        ),
        (
            "go/lessons/01-first/lesson.md",
            "---\ntitle: A\nsummary: S\nconcepts: [a]\nminutes: 3\n---\n\n# A\n",
            "go/lessons/01-first/lesson.md:8: use '##' for sections",
        ),
        (
            "go/lessons/99-stray/lesson.md",
            LESSON_ONE,
            "go/lessons/99-stray: lesson folder is not listed in go/course.yaml",
        ),
    ],
)
def test_each_bad_file_is_reported_with_file_and_line(content_dir, path, text, expected):
    write(content_dir / path, text)
    errors = errors_of(content_dir)
    assert any(error.startswith(expected) for error in errors), errors


def test_a_malformed_quiz_is_reported_with_file_and_line(content_dir):
    quiz = content_dir / "go/lessons/01-first/quiz.md"
    write(quiz, "## A question without attributes\n\nWhat?\n")
    errors = errors_of(content_dir)
    assert errors, "a quiz question without id, type or answer must be an error"
    assert all(e.startswith("go/lessons/01-first/quiz.md:") for e in errors), errors
    assert any(e.startswith("go/lessons/01-first/quiz.md:1: ") for e in errors), errors


def test_non_utf8_file_is_reported(content_dir):
    (content_dir / "go/lessons/02-second/lesson.md").write_bytes(b"---\ntitle: \xff\n---\n")
    assert "go/lessons/02-second/lesson.md:2: file is not valid UTF-8" in errors_of(content_dir)


def test_check_content_prints_every_problem_and_fails(content_dir, capsys):
    write(content_dir / "go/lessons/01-first/lesson.md", "no front matter\n")
    write(content_dir / "go/lessons/02-second/lesson.md", "---\ntitle: A\n---\nBody\n")
    with pytest.raises(CommandError, match="problem"):
        call_command("check_content", content_dir=content_dir, no_sandbox=True)
    err = capsys.readouterr().err
    assert "go/lessons/01-first/lesson.md:1:" in err
    assert "go/lessons/02-second/lesson.md:2: 'summary' is missing" in err


def test_check_content_passes_on_good_content(content_dir, capsys):
    call_command("check_content", content_dir=content_dir, no_sandbox=True)
    out = capsys.readouterr().out
    assert "Format OK: 1 course(s), 4 lessons (3 written), 0 exercises" in out
    assert "Content OK" in out


def test_sync_content_command_keeps_last_good_version_on_error(content_dir, db, capsys):
    call_command("sync_content", content_dir=content_dir)
    write(content_dir / "go/course.yaml", "title: [broken\n")
    with pytest.raises(CommandError, match="last good version keeps serving"):
        call_command("sync_content", content_dir=content_dir)
    assert Lesson.objects.listed().count() == 4


def test_the_real_course_content_is_valid(real_content_copy):
    root = real_content_copy()
    tree = load_content(root)
    assert [str(e) for e in tree.errors] == []
    (course,) = tree.courses
    main = course.tracks[0]
    assert len(main.lessons) == 13
    assert main.lessons[0].written and main.lessons[1].written


@pytest.mark.parametrize("bad_line", [2, 3, 4, 5])
def test_a_front_matter_yaml_error_is_reported_at_its_line(content_dir, bad_line):
    # A key without its colon: PyYAML notices on the next line, or at the closing '---'
    # when it is the last field; the error names the line to fix.
    fields = ["title: A", "summary: S", "concepts: [a]", "minutes: 3"]
    fields[bad_line - 2] = fields[bad_line - 2].replace(":", "", 1)
    text = "---\n" + "\n".join(fields) + "\n---\n\n## Body\n\nText.\n"
    write(content_dir / "go/lessons/01-first/lesson.md", text)
    errors = [e for e in errors_of(content_dir) if "01-first" in e]
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"go/lessons/01-first/lesson.md:{bad_line}: front matter: ")
    assert "invalid YAML" in errors[0]


def test_an_unclosed_bracket_is_reported_where_it_opens(content_dir):
    text = "---\ntitle: A\nsummary: S\nminutes: 3\nconcepts: [a, b\n---\n\n## Body\n"
    write(content_dir / "go/lessons/01-first/lesson.md", text)
    assert any(
        e.startswith("go/lessons/01-first/lesson.md:5: front matter: invalid YAML")
        for e in errors_of(content_dir)
    ), errors_of(content_dir)


def test_every_problem_of_a_lesson_file_is_listed(content_dir):
    text = "---\ntitle: A\nsummary: S\nconcepts: [a]\nminutes: lots\nauthor: me\n---\n\n# Big\n"
    write(content_dir / "go/lessons/01-first/lesson.md", text)
    errors = [e for e in errors_of(content_dir) if "01-first" in e]
    assert [e.split(": ", 1)[0] for e in errors] == [
        "go/lessons/01-first/lesson.md:5",
        "go/lessons/01-first/lesson.md:6",
        "go/lessons/01-first/lesson.md:9",
    ], errors


def test_a_yaml_error_does_not_hide_the_problems_of_the_body(content_dir):
    text = "---\ntitle: A\nsummary: [oops\nconcepts: [a]\nminutes: 3\n---\n\n# Big\n"
    write(content_dir / "go/lessons/01-first/lesson.md", text)
    errors = [e for e in errors_of(content_dir) if "01-first" in e]
    assert len(errors) == 2, errors
    assert errors[0].startswith("go/lessons/01-first/lesson.md:3: front matter: invalid YAML")
    assert errors[1].startswith("go/lessons/01-first/lesson.md:8: use '##' for sections")


def test_an_empty_lesson_body_is_reported_at_its_first_line(content_dir):
    write(content_dir / "go/lessons/01-first/lesson.md", LESSON_ONE.split("## Printing")[0])
    errors = errors_of(content_dir)
    assert "go/lessons/01-first/lesson.md:7: the lesson has no text" in errors, errors


def test_a_yaml_error_in_an_exercise_does_not_hide_its_other_problems(content_dir):
    folder = content_dir / "go/lessons/01-first/exercises/solver"
    write(folder / "exercise.md", "---\ntitle: Solver\nconcepts: [fmt\n---\n\n")
    write(folder / "starter/solver.go", "package solver\n\nfunc Solve() int { return 0 }\n")
    write(folder / "solution/solver.go", "package solver\n\nfunc Solve() int { return 1 }\n")
    write(
        folder / "tests/solver_test.go",
        'package solver\n\nimport "testing"\n\nfunc TestSolve(t *testing.T) {}\n',
    )
    errors = [e for e in errors_of(content_dir) if "solver" in e]
    path = "go/lessons/01-first/exercises/solver/exercise.md"
    assert errors[0].startswith(f"{path}:3: front matter: invalid YAML"), errors
    assert f"{path}:5: the exercise has no statement" in errors, errors
