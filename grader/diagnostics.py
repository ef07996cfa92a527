"""Read what the Go toolchain and the Go runtime print: positions, panics, crashes.

Pure functions over text, used by grader.sandbox on the output of `go build`,
`go test -c`, `go vet` and of the learner's program.
"""

import re
from dataclasses import asdict, dataclass

# Where the sandbox writes the sources; the toolchain may print absolute paths in it.
SOURCE_DIR = "/tmp/src/"

_POSITION = re.compile(
    r"^(?P<file>[^\s:][^:]*?\.go|go\.mod):(?P<line>\d+)(?::(?P<column>\d+))?:\s?(?P<message>.*)$"
)

# Lines that only frame the real messages.
_NOISE = re.compile(r"^(#|\[output truncated\]$|exit status \d+$)")


@dataclass(frozen=True)
class Diagnostic:
    file: str
    line: int
    column: int
    message: str

    def to_dict(self) -> dict[str, str | int]:
        return asdict(self)

    def location(self) -> str:
        """`file:line:column` with what is known: no `:0`, and "" without a file."""
        if not self.file:
            return ""
        if not self.line:
            return self.file
        column = f":{self.column}" if self.column else ""
        return f"{self.file}:{self.line}{column}"

    def describe(self) -> str:
        """`location: message`, or the message alone when it has no position."""
        where = self.location()
        return f"{where}: {self.message}" if where else self.message


def _clean_path(path: str) -> str:
    return path.removeprefix(SOURCE_DIR).removeprefix("./")


def parse_diagnostics(output: str) -> list[Diagnostic]:
    """Errors from `go build`, `go test -c` or `go vet` output, in the order printed.

    `./main.go:5:2: undefined: x` gives file main.go, line 5, column 2; positions
    without a column get column 0; lines without a position (`go: ...`) get file "".
    Indented lines continue the previous message (`have (int)` / `want (string)`).
    """
    found: list[Diagnostic] = []
    for raw in output.splitlines():
        if not raw.strip() or _NOISE.match(raw):
            continue
        if raw[0] in " \t" and found:
            last = found[-1]
            extra = _clean_path(raw.strip())
            found[-1] = Diagnostic(last.file, last.line, last.column, f"{last.message}\n{extra}")
            continue
        line = _clean_path(raw.strip().removeprefix("vet: "))
        match = _POSITION.match(line)
        if match:
            found.append(
                Diagnostic(
                    file=match["file"],
                    line=int(match["line"]),
                    column=int(match["column"] or 0),
                    message=match["message"].strip(),
                )
            )
        else:
            message = line.replace(SOURCE_DIR, "").replace(SOURCE_DIR.rstrip("/"), ".")
            found.append(Diagnostic(file="", line=0, column=0, message=message))
    return found


@dataclass(frozen=True)
class Crash:
    """A Go panic or fatal error, as the runtime printed it on the way out."""

    kind: str  # "panic" or "fatal error"
    message: str  # e.g. "runtime error: index out of range [5] with length 3"
    file: str = ""  # the learner's file of the innermost frame in their code, if any
    line: int = 0
    function: str = ""

    def summary(self) -> str:
        where = f" at {self.file}:{self.line}" if self.file else ""
        what = "panicked" if self.kind == "panic" else "crashed"
        return f"The program {what}{where}: {self.message}"


_CRASH_START = re.compile(r"^(panic|fatal error): (.*)$")
_FRAME_FUNCTION = re.compile(r"^(?P<function>\S+)\(.*\)$")
_FRAME_POSITION = re.compile(r"^\t(?P<path>\S+\.go):(?P<line>\d+)(?: \+0x[0-9a-f]+)?$")


def parse_crash(output: str, file_names: set[str] | frozenset[str] = frozenset()) -> Crash | None:
    """The first panic or fatal error in `output`, located in one of `file_names`.

    The location is the innermost frame of the crashing goroutine whose file is one
    of the submitted files (module path stripped), so that runtime and testing
    frames are skipped.
    """
    lines = output.splitlines()
    for index, line in enumerate(lines):
        start = _CRASH_START.match(line)
        if not start:
            continue
        message_lines = [start.group(2)]
        rest = lines[index + 1 :]
        position = 0
        while (
            position < len(rest)
            and rest[position].strip()
            and not rest[position].startswith("goroutine ")
        ):
            text = rest[position].strip()
            if not text.startswith("[signal "):
                message_lines.append(text)
            position += 1
        crash = Crash(kind=start.group(1), message="\n".join(message_lines))
        return _locate(crash, rest[position:], file_names)
    return None


def _locate(crash: Crash, trace: list[str], file_names: set[str] | frozenset[str]) -> Crash:
    function = ""
    for line in trace:
        if line.startswith("goroutine ") and function:
            break  # only the first goroutine is the one that crashed
        if match := _FRAME_FUNCTION.match(line):
            function = match["function"]
            continue
        if (match := _FRAME_POSITION.match(line)) and function:
            base = match["path"].rsplit("/", 1)[-1]
            if base in file_names:
                return Crash(crash.kind, crash.message, base, int(match["line"]), function)
    return crash
