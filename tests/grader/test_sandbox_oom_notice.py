"""The engine can record a container's exit before the kernel's OOM notice and then leave
OOMKilled false (CI saw it under gVisor, one run in five): the sandbox still calls such
a death a memory limit, and only such a death."""

import subprocess
import sys
from pathlib import Path

import docker
import pytest

from grader import sandbox
from tests.conftest import MEMORY_BOMB, write

pytestmark = [pytest.mark.docker]

QUIET = "package main\n\nfunc main() {}\n"
# What inspect shows when the exit was recorded first: killed, and no OOM flag.
EXIT_BEFORE_NOTICE = {"Running": False, "ExitCode": sandbox.SIGKILL_EXIT, "OOMKilled": False}


@pytest.fixture(scope="module")
def programs(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("programs")
    folder.chmod(0o755)  # the image's user is not root
    for name, source in {"bomb": MEMORY_BOMB, "quiet": QUIET}.items():
        write(folder / name / "main.go", source)
        write(folder / name / "go.mod", "module example.com/program\n\ngo 1.24\n")
        subprocess.run(
            [Path(sys.executable).parent / "go", "build", "-o", folder / f"{name}.bin", "."],
            cwd=folder / name,
            env={"CGO_ENABLED": "0", "HOME": str(folder), "PATH": "/usr/bin:/bin"},
            check=True,
        )
    return folder


def finished_container(api: docker.APIClient, image: str, folder: Path, name: str) -> str:
    host_config = api.create_host_config(
        network_mode="none",
        mem_limit="64m",
        memswap_limit="64m",
        binds={str(folder): {"bind": "/programs", "mode": "ro"}},
    )
    container = api.create_container(
        image, entrypoint=[f"/programs/{name}.bin"], host_config=host_config
    )["Id"]
    api.start(container)
    api.wait(container, timeout=60)
    return container


@pytest.mark.parametrize(("name", "killed_by_memory"), [("bomb", True), ("quiet", False)])
def test_a_sigkill_without_the_oom_flag_is_matched_with_the_engines_oom_event(
    sandbox_image, programs, name, killed_by_memory
):
    api = docker.from_env(version="auto").api
    container = finished_container(api, sandbox_image.image_id, programs, name)
    try:
        assert sandbox._out_of_memory(api, container, EXIT_BEFORE_NOTICE) is killed_by_memory
    finally:
        api.remove_container(container, force=True)
