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
