import subprocess
from pathlib import Path

import pytest

from grader.build_constraints import (
    RELEASE_TAGS,
    TOOL_TAGS,
    ConstraintSyntaxError,
    files_in_build,
    included_in_build,
    matches_file_name,
    matches_tag,
    parse_expression,
    without_constraints,
)
from grader.gotest import declared_tests
from grader.sandbox import image as sandbox_image

EXPRESSIONS = [
    "linux",
    "!linux",
    "amd64",
    "arm64",
    "linux && amd64",
    "linux && !cgo",
    "cgo",
    "ignore",
    "OMIT",
    "first",
    "unix",
    "windows || darwin",
    "(linux || windows) && !386",
    "linux||windows&&arm",
    "!(linux && amd64)",
    "gc",
    "gccgo",
    "go1.1",
    "go1.21",
    "go1.27",
    "go1.28",
    "!go1.28",
    "amd64.v1",
    "amd64.v2",
    "goexperiment.jsonv2",
    "goexperiment.boringcrypto",
    "boringcrypto",
    "android",
    "race",
    "purego",
]
PLUS_BUILD = [
    "linux",
    "!linux",
    "linux,amd64 windows",
    "windows,amd64 darwin",
    "ignore",
    "!",
    "!!linux",
    "linux,!cgo",
    "linux,!",
    "",
]
FILE_NAMES = [
    "x_windows.go",
    "x_linux.go",
    "x_linux_amd64.go",
    "x_linux_arm64.go",
    "x_windows_amd64.go",
    "x_amd64.go",
    "x_386.go",
    "x_unix.go",
    "linux.go",
    "windows.go",
    "x_amd64_test.go",
    "x_windows_test.go",
    "x_linux_test.go",
    "x_test.go",
    "_hidden.go",
    "a.b_windows.go",
    "x_windows.y.go",
]


def _go_list(work: Path, template: str) -> str:
    env = sandbox_image.go_env() | {"GOOS": "linux", "GOARCH": "amd64", "GOFLAGS": "-mod=mod"}
    return subprocess.run(
        [str(sandbox_image.go_binary()), "list", "-e", "-f", template, "."],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout


def _corpus() -> dict[str, str]:
    files = {"go.mod": "module x\n\ngo 1.27\n", "base.go": "package x\n"}
    for index, expression in enumerate(EXPRESSIONS):
        files[f"expr{index}.go"] = f"//go:build {expression}\n\npackage x\n"
    for index, expression in enumerate(PLUS_BUILD):
        files[f"plus{index}.go"] = f"// +build {expression}\n\npackage x\n"
    for name in FILE_NAMES:
        files[name] = "package x\n"
    files |= {
        # // +build counts only when a blank line follows the comment block.
        "plus_no_blank.go": "// +build windows\npackage x\n",
        "plus_in_block.go": "// Copyright\n// +build windows\n\n// Package x.\npackage x\n",
        # //go:build wins over // +build lines.
        "both.go": "//go:build linux\n// +build windows\n\npackage x\n",
        "after_comments.go": "// Copyright 2026.\n\n/* block */\n//go:build windows\n\npackage x\n",
        "in_block.go": "/*\n//go:build windows\n*/\n\npackage x\n",
        "after_package.go": "package x\n\n//go:build windows\n",
        "crlf.go": "//go:build windows\r\n\r\npackage x\r\n",
    }
    return files


def test_it_includes_exactly_the_files_go_list_includes(tmp_path: Path):
    files = _corpus()
    for name, text in files.items():
        (tmp_path / name).write_text(text, newline="")
    listed = _go_list(
        tmp_path, "{{range .GoFiles}}{{.}} {{end}}{{range .TestGoFiles}}{{.}} {{end}}"
    )
    assert set(files_in_build(files)) == set(listed.split())


def test_the_tags_are_those_of_the_toolchain(tmp_path: Path):
    (tmp_path / "go.mod").write_text("module x\n\ngo 1.27\n")
    (tmp_path / "x.go").write_text("package x\n")
    tags = _go_list(tmp_path, '{{join context.ToolTags " "}} {{join context.ReleaseTags " "}}')
    assert set(tags.split()) == TOOL_TAGS | RELEASE_TAGS


def test_tags_of_the_sandbox_target():
    assert all(matches_tag(tag) for tag in ["linux", "amd64", "unix", "gc", "go1.1", "go1.27"])
    assert not any(matches_tag(tag) for tag in ["cgo", "ignore", "windows", "go1.28", "gccgo"])


def test_the_expression_grammar():
    assert parse_expression("linux && (windows || !cgo)")(matches_tag)
    assert not parse_expression("!linux || (amd64 && ignore)")(matches_tag)
    # && binds tighter than ||.
    assert parse_expression("linux || windows && arm")(matches_tag)


@pytest.mark.parametrize("text", ["", "linux &&", "(linux", "!!linux", "linux & amd64", "a b", ")"])
def test_malformed_expressions_are_refused(text: str):
    with pytest.raises(ConstraintSyntaxError):
        parse_expression(text)


def test_a_file_with_a_malformed_constraint_is_left_to_the_build_to_report():
    assert included_in_build("x.go", "//go:build linux &&\n\npackage x\n")


def test_file_name_suffixes():
    assert matches_file_name("x_linux_amd64_test.go")
    assert not matches_file_name("x_windows_test.go")
    assert matches_file_name("windows.go")  # the suffix needs a prefix
    assert not matches_file_name("_x.go") and not matches_file_name(".x.go")


def test_declared_tests_skip_files_the_build_leaves_out():
    test = 'package x\n\nimport "testing"\n\nfunc {}(t *testing.T) {{}}\n'
    files = {
        "a_test.go": "//go:build first\n\n" + test.format("TestFirst"),
        "b_test.go": test.format("TestB"),
        "c_windows_test.go": test.format("TestWindows"),
        "d_test.go": "//go:build linux && !cgo\n\n" + test.format("TestLinux"),
    }
    assert declared_tests(files) == ["TestB", "TestLinux"]


def test_go_run_ignores_constraints_keeping_line_numbers():
    source = "// Example.\n//go:build OMIT\n// +build OMIT\n\npackage main\n\nfunc main() {}\n"
    stripped = without_constraints(source)
    assert stripped == "// Example.\n//\n//\n\npackage main\n\nfunc main() {}\n"
    assert included_in_build("main.go", stripped)
    assert without_constraints("package main\n") == "package main\n"
    malformed = "//go:build (OMIT\n\npackage main\n"
    assert without_constraints(malformed) == malformed
