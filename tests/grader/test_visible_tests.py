"""Tests an exercise marks visible show their source on a failure; the others stay hidden."""

from pathlib import Path

import pytest

from content_pipeline.loader import load_content
from courses.models import Exercise
from grader.gotest import test_function_source as function_source
from grader.models import Submission
from tests.conftest import write

TESTS = (
    'package double\n\nimport "testing"\n\n'
    "// The first case.\n"
    "func TestDoubleOfTwo(t *testing.T) {\n\tif got := Double(2); got != 4 {\n"
    '\t\tt.Errorf("Double(2) = %d, want 4", got)\n\t}\n}\n\n'
    "func TestDoubleOfSecret(t *testing.T) {\n\tif got := Double(21); got != 42 {\n"
    '\t\tt.Errorf("Double(21) = %d, want 42", got)\n\t}\n}\n'
)


def add_exercise(root: Path, front: str) -> None:
    folder = root / "go/lessons/01-first/exercises/double"
    write(folder / "exercise.md", f"---\ntitle: Double\nconcepts: [fmt]\n{front}---\n\nWrite it.\n")
    write(folder / "starter/double.go", "package double\n\nfunc Double(n int) int { return 0 }\n")
    write(
        folder / "solution/double.go", "package double\n\nfunc Double(n int) int { return 2 * n }\n"
    )
    write(folder / "tests/double_test.go", TESTS)


def test_a_function_is_read_with_its_comment_up_to_its_closing_brace():
    source = function_source({"double_test.go": TESTS}, "TestDoubleOfTwo")
    assert source.startswith("// The first case.\nfunc TestDoubleOfTwo(")
    assert source.endswith("\t}\n}\n") and "Secret" not in source
    assert function_source({"double_test.go": TESTS}, "TestMissing") is None


def test_visible_tests_are_loaded_with_their_source(content_dir):
    add_exercise(content_dir, "visible_tests: [TestDoubleOfTwo]\n")
    tree = load_content(content_dir)
    assert tree.errors == []
    (exercise,) = [e for lesson in tree.courses[0].tracks[0].lessons for e in lesson.exercises]
    assert list(exercise.visible_tests) == ["TestDoubleOfTwo"]


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("visible_tests: [TestNope]\n", "exercise.md:4: visible test 'TestNope' is not a test"),
        ("visible_tests: TestDoubleOfTwo\n", "exercise.md:4: 'visible_tests' must be a list"),
    ],
)
def test_a_wrong_visible_test_is_reported_at_its_line(content_dir, front, message):
    add_exercise(content_dir, front)
    errors = [str(error) for error in load_content(content_dir).errors]
    assert any(message in error for error in errors), errors


def test_only_visible_sources_reach_the_page(client, alice, synced_content):
    from content_pipeline.autosync import sync_and_record

    add_exercise(synced_content, "visible_tests: [TestDoubleOfTwo]\n")
    assert sync_and_record(synced_content)[1] == []
    exercise = Exercise.objects.get(slug="double")
    submission = Submission.objects.create(
        owner=alice,
        files=exercise.starter_files,
        kind="test",
        exercise=exercise,
        state="done",
        status="tests_failed",
        result={
            "status": "tests_failed",
            "message": "2 of 2 tests failed: TestDoubleOfTwo, TestDoubleOfSecret.",
            "tests": [
                {"name": "TestDoubleOfTwo", "status": "fail", "message": "Double(2) = 0, want 4"},
                {
                    "name": "TestDoubleOfSecret",
                    "status": "fail",
                    "message": "Double(21) = 0, want 42",
                },
            ],
        },
    )
    client.force_login(alice)
    page = client.get(f"/grader/submissions/{submission.public_id}/").content.decode()
    assert 'class="test-source"' in page and "The first case." in page
    assert page.count('class="test-source"') == 1
    assert "Double(21); got != 42" not in page and "21" in page
    assert "<del>0</del>" in page and "<ins>4</ins>" in page
