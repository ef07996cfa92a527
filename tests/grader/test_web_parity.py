"""The web side accepts what go accepts and shows positions and tests as go means them."""

import pytest

from content_pipeline.loader import load_content
from grader import admission
from grader.models import Submission
from tests.conftest import write

pytestmark = pytest.mark.django_db

HELLO = 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hi") }\n'


def finished(alice, result: dict) -> Submission:
    return Submission.objects.create(
        owner=alice,
        files={"main.go": HELLO},
        kind=result.pop("kind", "run"),
        state="done",
        status=result["status"],
        result=result,
    )


def test_an_error_without_a_position_is_shown_without_one(client, alice):
    message = "package sandbox: build constraints exclude all Go files in ."
    submission = finished(
        alice,
        {
            "status": "compile_error",
            "message": message,
            "compile_errors": [
                {"file": "", "line": 0, "column": 0, "message": message},
                {"file": "go.mod", "line": 3, "column": 0, "message": "unknown directive"},
            ],
        },
    )
    client.force_login(alice)
    page = client.get(f"/grader/submissions/{submission.public_id}/").content.decode()
    assert message in page
    assert "<code>:0</code>" not in page and ":0:0" not in page
    assert "<code>go.mod:3</code> unknown directive" in page


def test_subtests_are_listed_under_their_test(client, alice):
    submission = finished(
        alice,
        {
            "kind": "test",
            "status": "ok",
            "message": "All 1 test passed.",
            "tests": [
                {"name": "TestAdd", "status": "pass", "message": "", "output": ""},
                {"name": "TestAdd/one", "status": "pass", "message": "", "output": ""},
            ],
        },
    )
    client.force_login(alice)
    page = client.get(f"/grader/submissions/{submission.public_id}/").content.decode()
    assert '<li class="test-pass">' in page
    assert '<li class="test-pass test-sub">' in page


def test_go_file_names_with_hyphens_are_accepted(alice):
    admission.validate_files({"exported-names.go": HELLO})
    with pytest.raises(admission.SubmissionRejected, match="not an allowed file name"):
        admission.validate_files({"-x.go": HELLO})


def test_exercise_files_may_have_hyphens_in_their_names(content_dir):
    folder = content_dir / "go/lessons/01-first/exercises/names"
    write(folder / "exercise.md", "---\ntitle: Names\nconcepts: [fmt]\n---\n\nName it.\n")
    write(folder / "starter/exported-names.go", "package names\n\nfunc N() int { return 0 }\n")
    write(folder / "solution/exported-names.go", "package names\n\nfunc N() int { return 1 }\n")
    write(
        folder / "tests/exported-names_test.go",
        'package names\n\nimport "testing"\n\nfunc TestN(t *testing.T) {}\n',
    )
    tree = load_content(content_dir)
    assert tree.errors == []
