import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("sandbox_image")]

HELLO = 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hi from the cli")\n}\n'


def command(name: str, *args: str) -> str:
    out = io.StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue()


def sandbox_run(*args: str) -> str:
    return command("sandbox_run", *args)


def test_sandbox_run_prints_json(tmp_path: Path):
    (tmp_path / "main.go").write_text(HELLO)
    result = json.loads(sandbox_run(str(tmp_path / "main.go"), "--json", "--no-cache"))
    assert result["status"] == "ok"
    assert result["stdout"] == "hi from the cli\n"
    assert set(result) >= {"message", "compile_errors", "vet", "tests", "timings", "cached"}


def test_sandbox_run_treats_test_files_as_the_hidden_tests(tmp_path: Path):
    (tmp_path / "add.go").write_text("package add\n\nfunc Add(a, b int) int { return a * b }\n")
    (tmp_path / "add_test.go").write_text(
        'package add\n\nimport "testing"\n\n'
        'func TestAdd(t *testing.T) {\n\tif Add(2, 3) != 5 {\n\t\tt.Error("2+3")\n\t}\n}\n'
    )
    text = sandbox_run(str(tmp_path / "add.go"), str(tmp_path / "add_test.go"), "--test")
    assert text.splitlines()[0] == "tests_failed: 1 of 1 test failed: TestAdd."
    assert "FAIL  TestAdd" in text and "add_test.go:7: 2+3" in text


def test_a_bad_verdict_is_not_a_command_error(tmp_path: Path):
    (tmp_path / "main.go").write_text("package main\n\nfunc main() { undefined() }\n")
    text = sandbox_run(str(tmp_path / "main.go"), "--no-cache")
    assert text.startswith("compile_error: ")
    assert "main.go:3:15: undefined: undefined" in text


def test_usage_errors_are_command_errors(tmp_path: Path):
    with pytest.raises(CommandError, match="Cannot read"):
        sandbox_run(str(tmp_path / "missing.go"))
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(CommandError, match="not allowed"):
        sandbox_run(str(tmp_path / "notes.txt"))


def test_build_sandbox_skips_an_up_to_date_image():
    assert "is up to date with its inputs" in command("build_sandbox")


def run_json(*args: str) -> tuple[str, bool]:
    """What `sandbox_run --json` printed, and whether it exited with an error."""
    out = io.StringIO()
    try:
        call_command("sandbox_run", *args, "--json", stdout=out)
    except CommandError:
        return out.getvalue(), True
    return out.getvalue(), False


def test_with_json_what_cannot_be_run_is_json_too(tmp_path: Path):
    (tmp_path / "notes.txt").write_text("hello")
    (tmp_path / "add.go").write_text("package add\n")
    for args, status, message in [
        ([str(tmp_path / "notes.txt")], "compile_error", "File name 'notes.txt' is not allowed"),
        ([str(tmp_path / "missing.go")], "usage_error", "Cannot read"),
        ([str(tmp_path / "add.go"), "--test"], "compile_error", "Test mode needs"),
    ]:
        text, failed = run_json(*args)
        result = json.loads(text)
        assert failed and result["status"] == status and result["message"].startswith(message)


def test_a_directory_is_its_go_files(tmp_path: Path):
    (tmp_path / "main.go").write_text(HELLO)
    (tmp_path / "README.md").write_text("not Go")
    text, failed = run_json(str(tmp_path), "--no-cache")
    assert not failed and json.loads(text)["stdout"] == "hi from the cli\n"


def test_each_argument_is_a_program_of_its_own_with_one_json_line_each(tmp_path: Path):
    for name in ("one", "two"):
        (tmp_path / f"{name}.go").write_text(HELLO.replace("hi from the cli", name))
    exercise = tmp_path / "exercise"
    exercise.mkdir()
    (exercise / "add.go").write_text("package add\n\nfunc Add(a, b int) int { return a + b }\n")
    (exercise / "add_test.go").write_text(
        'package add\n\nimport "testing"\n\nfunc TestAdd(t *testing.T) {\n'
        '\tfor _, n := range []int{1, 2} {\n\t\tt.Run("sum", func(t *testing.T) {\n'
        "\t\t\tif Add(n, n) != 2*n {\n\t\t\t\tt.Fatal(n)\n\t\t\t}\n\t\t})\n\t}\n}\n"
    )
    text, failed = run_json(str(tmp_path / "one.go"), str(tmp_path / "two.go"), "--each")
    lines = [json.loads(line) for line in text.splitlines()]
    assert not failed
    assert [(line["path"], line["stdout"]) for line in lines] == [
        (str(tmp_path / "one.go"), "one\n"),
        (str(tmp_path / "two.go"), "two\n"),
    ]
    text, failed = run_json(str(exercise), str(tmp_path / "missing"), "--each", "--test")
    tested, missing = (json.loads(line) for line in text.splitlines())
    assert failed and missing["status"] == "usage_error"
    assert tested["message"] == "All 1 test passed."
    assert sum(test["parent"] == "" for test in tested["tests"]) == 1


def test_subtests_are_printed_under_their_test(tmp_path: Path):
    (tmp_path / "add.go").write_text("package add\n\nfunc Add(a, b int) int { return a + b }\n")
    (tmp_path / "add_test.go").write_text(
        'package add\n\nimport "testing"\n\nfunc TestAdd(t *testing.T) {\n'
        '\tt.Run("zero", func(t *testing.T) {})\n}\n'
    )
    text = sandbox_run(str(tmp_path), "--test")
    assert "  PASS  TestAdd\n    PASS  zero\n" in text


def test_an_exercise_limit_can_be_given_and_is_bounded(tmp_path: Path, settings):
    (tmp_path / "main.go").write_text(HELLO)
    settings.SANDBOX_MAX_RUN_TIMEOUT = 20
    with pytest.raises(CommandError, match="run_timeout' must be a number from 1 to 20"):
        sandbox_run(str(tmp_path / "main.go"), "--run-timeout", "60")
    assert sandbox_run(str(tmp_path / "main.go"), "--memory-mb", "512").startswith("ok: ")


def test_virtual_time_marks_the_lines_written_after_a_sleep(tmp_path: Path):
    (tmp_path / "main.go").write_text(
        'package main\n\nimport (\n\t"fmt"\n\t"time"\n)\n\nfunc main() {\n'
        '\tfmt.Println("now")\n\ttime.Sleep(90 * time.Minute)\n\tfmt.Println("later")\n}\n'
    )
    text = sandbox_run(str(tmp_path / "main.go"), "--virtual-time", "--no-cache")
    assert "--- stdout\nnow\n[after 1h30m] later\n" in text
