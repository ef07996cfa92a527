import io
import subprocess
import tarfile
from pathlib import Path

import pytest

from grader.sandbox import image as sandbox_image


@pytest.fixture
def small_goroot(tmp_path: Path, monkeypatch) -> Path:
    root = tmp_path / "go"
    (root / "bin").mkdir(parents=True)
    (root / "bin" / "go").write_text("binary")
    (root / "VERSION").write_text("go1.27.3\ntime 2026-10-19T22:20:36Z\n")
    (root / "__init__.py").write_text("def main(): ...\n")
    (root / "__pycache__").mkdir()
    (root / "__pycache__" / "x.pyc").write_bytes(b"\0")
    monkeypatch.setattr(sandbox_image, "goroot", lambda: root)
    monkeypatch.setattr(sandbox_image, "standard_packages", lambda: ("fmt", "testing"))
    return root


def test_the_context_holds_the_dockerfile_agent_toolchain_and_warm_package(small_goroot):
    out = io.BytesIO()
    sandbox_image.write_context(out)
    out.seek(0)
    with tarfile.open(fileobj=out) as tar:
        members = {member.name: member for member in tar.getmembers()}
    assert {"Dockerfile", "agent/main.go", "agent/exec.go", "rootfs/etc/passwd"} <= set(members)
    assert {"go/bin/go", "go/VERSION", "warm/warm.go", "warm/warm_test.go"} <= set(members)
    assert not [name for name in members if name.endswith((".py", ".pyc"))]
    assert members["rootfs/tmp"].isdir() and members["rootfs/tmp"].mode == 0o1777
    assert members["go/bin/go"].uid == 0


def test_the_warm_package_imports_the_standard_library(small_goroot):
    warm = sandbox_image.warm_files()["warm.go"]
    assert '\t_ "fmt"\n\t_ "testing"\n' in warm


def test_the_inputs_hash_changes_with_the_go_version(small_goroot):
    first = sandbox_image.context_inputs()
    assert first == sandbox_image.context_inputs()
    (small_goroot / "VERSION").write_text("go1.27.4\n")
    second = sandbox_image.context_inputs()
    assert (first.go_version, second.go_version) == ("go1.27.3", "go1.27.4")
    assert first.digest != second.digest


def test_the_standard_package_list_leaves_out_internal_and_cgo_packages():
    packages = sandbox_image.standard_packages()
    assert {"fmt", "testing", "net/http", "os/exec"} <= set(packages)
    assert not [p for p in packages if "internal" in p.split("/") or "vendor" in p.split("/")]
    assert "runtime/cgo" not in packages and "plugin" not in packages


def test_the_dockerfile_has_no_shell_and_runs_as_a_numeric_user():
    dockerfile = (sandbox_image.sandbox_dir() / "Dockerfile").read_text()
    assert (
        dockerfile.splitlines()[
            next(i for i, line in enumerate(dockerfile.splitlines()) if line.startswith("FROM"))
        ]
        == "FROM scratch"
    )
    run_lines = [line for line in dockerfile.splitlines() if line.startswith("RUN")]
    assert run_lines and all(line.startswith('RUN ["') for line in run_lines)
    assert f"USER {sandbox_image.SANDBOX_USER}" in dockerfile


def test_the_agent_source_is_gofmt_clean_and_vets():
    agent = sandbox_image.sandbox_dir() / "agent"
    gofmt = sandbox_image.goroot() / "bin" / "gofmt"
    unformatted = subprocess.run(
        [str(gofmt), "-l", "."], cwd=agent, capture_output=True, text=True, check=True
    ).stdout
    assert unformatted == ""
    vet = subprocess.run(
        [str(sandbox_image.go_binary()), "vet", "."],
        cwd=agent,
        env=sandbox_image.go_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert vet.returncode == 0, vet.stderr
