"""The race image: the sandbox image plus a C toolchain, for builds with -race.

The race runtime needs cgo, and cgo a C compiler and linker. They come from this
machine's Debian packages (gcc, binutils, glibc's static libraries and headers): their
files as `dpkg -L` lists them, and the shared libraries those programs load as `ldd`
finds them, copied into the context as `ctool/`. That takes no network and a few
seconds, where a Debian root filesystem made with debootstrap would need the mirror and
minutes. The image is built FROM the plain one and only ever runs build containers;
deploy/sandbox/race/Dockerfile says the rest.
"""

import hashlib
import re
import shutil
import subprocess
import tarfile
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from docker.utils import parse_repository_tag

from grader.sandbox.image import (
    ImageBuild,
    ImageBuildError,
    _add_bytes,
    ensure_image,
    sandbox_dir,
)

# The packages of the C toolchain that are the same on every Debian release; the
# versioned ones (gcc-12, cpp-12, libgcc-12-dev, binutils-x86-64-linux-gnu) are found
# from the programs gcc runs. scripts/services.sh installs `gcc` and `libc6-dev`.
_PACKAGES = ("gcc", "binutils", "libc6-dev", "linux-libc-dev")
_APT_HINT = "install it with apt-get install gcc libc6-dev"

# Not needed to compile runtime/cgo or to link: documentation, link-time optimisation,
# coverage tools.
_SKIPPED = re.compile(r"^/usr/share/|/(lto1|lto-dump|gcov[^/]*|lto-wrapper)$")

# Debian's merged /usr: /lib is usr/lib and so on, in the image as on the host.
_MERGED = ("bin", "lib", "lib64", "sbin")


def race_image_name() -> str:
    """`gocourse-sandbox:latest` → `gocourse-sandbox-race:latest`."""
    repository, tag = parse_repository_tag(settings.SANDBOX_IMAGE)
    return f"{repository}-race:{tag or 'latest'}"


def _run(args: list[str]) -> str:
    try:
        return subprocess.run(args, capture_output=True, text=True, check=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError) as error:
        raise ImageBuildError(f"{' '.join(args)} failed ({error}): {_APT_HINT}") from None


def _owning_packages(paths: Iterable[str]) -> set[str]:
    packages = set()
    for line in _run(["dpkg-query", "-S", *paths]).splitlines():
        names, _, _ = line.partition(": ")
        packages.update(name.split(":")[0] for name in names.split(", "))
    return packages


def _toolchain_packages() -> set[str]:
    gcc = shutil.which("gcc")
    assembler = shutil.which("as")
    if not gcc or not assembler:
        raise ImageBuildError(f"gcc is missing: {_APT_HINT}")
    programs = [
        gcc,
        assembler,
        _run([gcc, "-print-prog-name=cc1"]).strip(),
        _run([gcc, "-print-libgcc-file-name"]).strip(),
    ]
    return _owning_packages(str(Path(path).resolve()) for path in programs) | set(_PACKAGES)


def _in_image(path: str) -> str:
    """The path without the merged-/usr alias: /lib/x → usr/lib/x."""
    top, _, rest = path.lstrip("/").partition("/")
    return f"usr/{top}/{rest}" if top in _MERGED else path.lstrip("/")


@cache
def toolchain_files() -> tuple[str, ...]:
    """Every host path the race image copies, sorted."""
    paths: set[str] = set()
    for package in sorted(_toolchain_packages()):
        for line in _run(["dpkg-query", "-L", package]).splitlines():
            path = Path(line)
            if not _SKIPPED.search(line) and (path.is_symlink() or path.is_file()):
                paths.add(line)
    paths |= _shared_libraries(paths)
    return tuple(sorted(paths))


def _shared_libraries(paths: Iterable[str]) -> set[str]:
    """The shared libraries that the ELF programs and plugins among `paths` load."""
    elves = [
        path
        for path in paths
        if not Path(path).is_symlink()
        and (path.endswith(".so") or Path(path).stat().st_mode & 0o111)
        and Path(path).read_bytes()[:4] == b"\x7fELF"
    ]
    found: set[str] = set()
    for elf in elves:
        listing = subprocess.run(["ldd", elf], capture_output=True, text=True, timeout=60).stdout
        for match in re.finditer(r"(?:=>\s*)?(/\S+)\s+\(0x", listing):
            library = Path(match.group(1))
            found.add(str(library))
            if library.is_symlink():  # the file the name points to as well
                found.add(str(library.resolve()))
    return found


def race_inputs(plain_digest: str) -> str:
    """A hash of what the race image is built from: the plain image's inputs, its
    Dockerfile and the toolchain files (by name, size and modification time: a package
    upgrade changes them)."""
    digest = hashlib.sha256(f"race 1\n{plain_digest}\n".encode())
    digest.update((sandbox_dir() / "race" / "Dockerfile").read_bytes())
    for path in toolchain_files():
        info = Path(path).lstat()
        digest.update(f"{path} {info.st_size} {info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def write_race_context(out: BinaryIO) -> None:
    with tarfile.open(fileobj=out, mode="w") as tar:
        _add_bytes(tar, "Dockerfile", (sandbox_dir() / "race" / "Dockerfile").read_bytes())
        for top in _MERGED:
            link = tarfile.TarInfo(f"ctool/{top}")
            link.type, link.linkname = tarfile.SYMTYPE, f"usr/{top}"
            tar.addfile(link)
        added = set()
        for path in toolchain_files():
            name = f"ctool/{_in_image(path)}"
            if name in added:
                continue
            added.add(name)
            info = tar.gettarinfo(path, arcname=name)
            info.uid = info.gid = 0
            info.uname = info.gname = "root"
            if info.isreg():
                with open(path, "rb") as data:
                    tar.addfile(info, data)
            else:
                tar.addfile(info)


def build_race_image(
    plain: ImageBuild, *, force: bool = False, progress: Callable[[str], None] | None = None
) -> ImageBuild:
    """Build the race image FROM `plain`, unless one with the same inputs exists."""
    say = progress or (lambda line: None)

    def write(out: BinaryIO) -> None:
        say(f"Copying the C toolchain ({len(toolchain_files())} files) into the context...")
        write_race_context(out)

    return ensure_image(
        race_image_name(),
        race_inputs(plain.inputs),
        write,
        force=force,
        say=say,
        buildargs={"BASE": plain.image},
    )
