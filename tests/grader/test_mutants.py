"""An exercise where the learner writes the tests (`kind: tests`): graded by running them
against the correct implementation (they must pass) and against each mutant (they must
fail). The result says how many bugs they caught, with each bug's description and never
its code; only an ordinary failing test counts as a catch.
"""

import re
import shutil
from pathlib import Path

import pytest

from content_pipeline.errors import ContentError
from content_pipeline.exercises import load_exercise
from content_pipeline.sandbox_checks import exercise_checks, run_check
from courses.models import Exercise
from grader.models import Submission
from grader.mutants import grade_tests
from tests.conftest import go, write
from tests.test_grader_pipeline import wait_until_done

EXERCISE = (
    Path(__file__).resolve().parents[2]
    / "content/go/lessons/08-packages-modules-testing/exercises/page-range-tests"
)
LIMITS = {"allow": ["testing"]}


def _exercise():
    errors: list[ContentError] = []
    source = load_exercise(EXERCISE.parent, EXERCISE, errors)
    assert errors == [] and source is not None
    mutants = [
        {"name": m.name, "description": m.description, "files": m.files} for m in source.mutants
    ]
    return source, mutants


def _grade(test_source: str, limits=LIMITS) -> dict:
    source, mutants = _exercise()
    return grade_tests(
        {"pages_test.go": test_source},
        source.implementation,
        mutants,
        source.rewrites,
        limits=limits,
    )


def _tests(body: str, imports: str = '"testing"') -> str:
    return f"package pages\n\nimport ({imports})\n\n{go(body)}"


WEAK = _tests(
    """
    func TestEnds(t *testing.T) {
        if first, last, err := Parse("10", 10); err != nil || first != 10 || last != 10 {
            t.Errorf("Parse(10) = %d, %d, %v", first, last, err)
        }
        if first, last, err := Parse("3-7", 10); err != nil || first != 3 || last != 7 {
            t.Errorf("Parse(3-7) = %d, %d, %v", first, last, err)
        }
    }
    """
)


def test_the_exercise_loads_with_its_mutants():
    source, mutants = _exercise()
    assert source.kind == "tests"
    assert set(source.implementation) == {"pages.go"}
    assert len(mutants) == 5
    assert set(source.starter) == set(source.solution) == {"pages_test.go"}
    assert source.tests == {}
    assert list(source.rewrites) == ["split-and-switch"]
    assert source.rewrites["split-and-switch"]["pages.go"] != source.implementation["pages.go"]


def test_a_test_writing_exercise_without_a_rewrite_is_a_content_error(tmp_path):
    folder = tmp_path / "page-range-tests"
    shutil.copytree(EXERCISE, folder)
    shutil.rmtree(folder / "rewrites")
    errors: list[ContentError] = []
    assert load_exercise(tmp_path, folder, errors) is None
    assert errors[0].path.endswith("page-range-tests/rewrites")
    assert "needs at least one rewrites/<name>/" in errors[0].message


def test_a_rewrite_that_is_the_implementation_is_a_content_error(tmp_path):
    folder = tmp_path / "page-range-tests"
    shutil.copytree(EXERCISE, folder)
    shutil.copy(folder / "implementation/pages.go", folder / "rewrites/split-and-switch")
    errors: list[ContentError] = []
    assert load_exercise(tmp_path, folder, errors) is None
    assert [error.message for error in errors] == ["this rewrite is the implementation itself"]


def test_a_mutant_folder_without_a_description_is_a_content_error(tmp_path):
    folder = tmp_path / "page-range-tests"
    shutil.copytree(EXERCISE, folder)
    (folder / "mutants/off-by-two").mkdir()
    shutil.copy(folder / "mutants/last-page-refused/pages.go", folder / "mutants/off-by-two")
    shutil.rmtree(folder / "mutants/page-zero-accepted")
    errors: list[ContentError] = []
    assert load_exercise(tmp_path, folder, errors) is None
    messages = [error.message for error in errors]
    assert "mutants/off-by-two/ is not described in 'mutants'" in messages
    assert "no folder mutants/page-zero-accepted/" in messages


def test_mutants_need_kind_tests(tmp_path):
    folder = tmp_path / "x"
    write(folder / "exercise.md", "---\ntitle: X\nconcepts: [x]\nmutants: {a: b}\n---\n\nDo.\n")
    errors: list[ContentError] = []
    load_exercise(tmp_path, folder, errors)
    assert "'mutants' needs 'kind: tests'" in [error.message for error in errors]


@pytest.mark.docker
@pytest.mark.usefixtures("sandbox_image")
def test_tests_that_catch_every_bug_are_ok():
    result = _grade((EXERCISE / "solution/pages_test.go").read_text())
    assert result["status"] == "ok"
    assert result["message"] == "Your tests caught 5 of 5 bugs and pass on the correct code."
    assert all(mutant["caught"] for mutant in result["mutants"])
    assert [t["name"] for t in result["tests"]] == [
        "TestParseAccepts",
        "TestParseRefusesOutOfRange",
        "TestParseRefusesText",
    ]


@pytest.mark.docker
@pytest.mark.usefixtures("sandbox_image")
def test_weak_tests_are_told_how_many_bugs_they_caught():
    result = _grade(WEAK)
    assert result["status"] == "tests_failed"
    assert result["message"] == "Your tests caught 2 of 5 bugs."
    caught = {m["description"]: m["caught"] for m in result["mutants"]}
    assert caught == {
        "the last page of the document is refused": True,
        "page 0 is accepted": False,
        "a range that ends before it starts is accepted": False,
        'a single page such as "5" is refused': True,
        "the out-of-range error cannot be recognised with errors.Is": False,
    }
    assert "files" not in str(result["mutants"]) and "last >= total" not in str(result)


@pytest.mark.docker
@pytest.mark.usefixtures("sandbox_image")
def test_tests_that_fail_on_the_correct_code_are_told_so():
    result = _grade(
        _tests(
            """
            func TestWrong(t *testing.T) {
                if _, last, _ := Parse("3-7", 10); last != 8 {
                    t.Errorf("last = %d, want 8", last)
                }
            }
            """
        )
    )
    assert result["status"] == "tests_failed"
    assert result["message"].startswith("Your tests fail on the correct implementation")
    assert "mutants" not in result


@pytest.mark.docker
@pytest.mark.usefixtures("sandbox_image")
def test_a_test_that_exits_is_refused_and_catches_nothing():
    result = _grade(
        _tests(
            """
            func TestExit(t *testing.T) {
                if _, _, err := Parse("3-7", 10); err == nil {
                    os.Exit(0)
                }
            }
            """,
            '"os"; "testing"',
        )
    )
    assert result["status"] == "compile_error"
    assert "os.Exit is not allowed" in str(result["compile_errors"])
    assert result["compile_errors"][0]["file"] == "pages_test.go"
    assert "mutants" not in result


@pytest.mark.docker
@pytest.mark.usefixtures("sandbox_image")
def test_a_test_that_panics_does_not_pass_on_the_correct_code():
    result = _grade(_tests('func TestPanic(t *testing.T) { panic("boom") }'))
    assert result["status"] != "ok"
    assert "mutants" not in result


@pytest.mark.docker
@pytest.mark.usefixtures("sandbox_image")
def test_a_mutant_that_only_times_out_is_not_caught():
    # Spins only when Parse refuses the last page: that mutant times out, uncaught.
    spinning = _tests(
        """
        func TestSpin(t *testing.T) {
            for {
                if _, _, err := Parse("10", 10); err == nil {
                    return
                }
            }
        }
        """
    )
    result = _grade(spinning, limits={**LIMITS, "run_timeout": 2})
    assert result["status"] == "tests_failed"
    caught = {m["description"]: m["caught"] for m in result["mutants"]}
    assert caught["the last page of the document is refused"] is False


def test_a_file_without_tests_is_refused_before_running():
    result = _grade(_tests("func helper() {}"))
    assert result["status"] == "compile_error"
    assert "declares no tests" in result["message"]


@pytest.mark.docker
@pytest.mark.redis
@pytest.mark.usefixtures("sandbox_image")
@pytest.mark.django_db(transaction=True)
def test_submitted_through_the_site_the_page_lists_caught_and_missed_bugs(
    client, alice, worker, synced_content
):
    from content_pipeline.autosync import sync_and_record

    shutil.copytree(EXERCISE, synced_content / "go/lessons/01-first/exercises/page-range-tests")
    assert sync_and_record(synced_content)[1] == []
    exercise = Exercise.objects.get(slug="page-range-tests")
    assert exercise.kind == "tests" and len(exercise.mutants) == 5
    client.force_login(alice)

    page = client.get(exercise.get_absolute_url()).content.decode()
    assert "the code your tests run against" in page and "ErrOutOfRange" in page
    assert "last &gt;= total" not in page and "last >= total" not in page

    response = client.post(f"/grader/exercises/{exercise.pk}/submit/", {"file:pages_test.go": WEAK})
    assert response.status_code in (200, 202, 302)
    page = wait_until_done(client, Submission.objects.get())
    assert "Your tests caught 2 of 5 bugs." in page
    assert 'class="mutant-caught"' in page and 'class="mutant-missed"' in page
    assert "page 0 is accepted" in page
    assert "last &gt;= total" not in page and "first &lt; 0" not in page
    assert Submission.objects.get().status == "tests_failed"


def test_tests_in_an_external_test_package_are_refused_with_the_package_to_use():
    result = _grade('package pages_test\n\nimport "testing"\n\nfunc TestX(t *testing.T) {}\n')
    assert result["status"] == "compile_error"
    assert "write your tests in package pages" in result["message"]


# Tests that tell the correct code from a mutant by its machine code, not by what it
# does: Parse's bytes read from the test binary and hashed. A first submission fails on
# the correct code and shows the hash; a second one expects that hash.
FINGERPRINT = """
func fingerprint(t *testing.T) string {
    entry, _ := strconv.ParseUint(fmt.Sprintf("%p", Parse)[2:], 16, 64)
    end := entry
    for f := runtime.FuncForPC(uintptr(end)); f != nil && f.Entry() == uintptr(entry); f = runtime.FuncForPC(uintptr(end)) {
        end++
    }
    path, err := os.Executable()
    if err != nil {
        t.Fatal(err)
    }
    file, err := elf.Open(path)
    if err != nil {
        t.Fatal(err)
    }
    for _, prog := range file.Progs {
        if prog.Type == elf.PT_LOAD && entry >= prog.Vaddr && end <= prog.Vaddr+prog.Filesz {
            code := make([]byte, end-entry)
            if _, err := prog.ReadAt(code, int64(entry-prog.Vaddr)); err != nil {
                t.Fatal(err)
            }
            return fmt.Sprintf("%x", sha256.Sum256(code))
        }
    }
    t.Fatal("Parse is in no segment")
    return ""
}

func TestParse(t *testing.T) {
    if got := fingerprint(t); got != "WANT" {
        t.Fatalf("fingerprint %s", got)
    }
}
"""
FINGERPRINT_IMPORTS = '"crypto/sha256"; "debug/elf"; "fmt"; "os"; "runtime"; "strconv"; "testing"'


@pytest.mark.docker
@pytest.mark.usefixtures("sandbox_image")
def test_tests_that_recognise_the_correct_code_by_its_machine_code_do_not_pass():
    # The expected hash has the length of a real one, so that the binary keeps its layout.
    learning = _grade(_tests(FINGERPRINT.replace("WANT", "0" * 64), FINGERPRINT_IMPORTS))
    assert learning["status"] == "tests_failed"
    found = re.search(r"fingerprint ([0-9a-f]{64})", str(learning))
    assert found is not None, learning

    result = _grade(_tests(FINGERPRINT.replace("WANT", found.group(1)), FINGERPRINT_IMPORTS))
    assert result["status"] == "tests_failed"
    assert result["message"] == (
        "Your tests fail on a correct implementation written differently: they must check "
        "what the code does, not how it is written."
    )
    assert "mutants" not in result and result["tests"] == []
    assert "fingerprint" not in str(result), "nothing about the rewrite's code is shown"


@pytest.mark.docker
@pytest.mark.usefixtures("sandbox_image")
def test_check_content_reports_a_rewrite_that_is_not_correct(tmp_path):
    folder = tmp_path / "page-range-tests"
    shutil.copytree(EXERCISE, folder)
    rewrite = folder / "rewrites/split-and-switch/pages.go"
    rewrite.write_text(rewrite.read_text().replace("last > total,", "last >= total,"))
    errors: list[ContentError] = []
    source = load_exercise(tmp_path, folder, errors)
    assert errors == [] and source is not None
    problems = [run_check(check)[2] for check in exercise_checks(source)]
    assert [str(p.message) for p in problems if p is not None] == [
        "the solution tests do not pass on rewrite 'split-and-switch' "
        "(tests_failed: 1 of 3 tests failed: TestParseAccepts.)"
    ]
