"""What a sandbox run returns: typed results with a stable JSON shape."""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, Literal

from django.conf import settings

from grader.diagnostics import Diagnostic
from grader.gotest import TestResult
from grader.playback import Times
from grader.races import Race

Mode = Literal["run", "test", "format"]
MODES: tuple[Mode, ...] = ("run", "test", "format")


class Status(StrEnum):
    OK = "ok"
    COMPILE_ERROR = "compile_error"
    RUNTIME_ERROR = "runtime_error"
    TIMEOUT = "timeout"
    MEMORY_LIMIT = "memory_limit"
    OUTPUT_LIMIT = "output_limit"
    TESTS_FAILED = "tests_failed"
    SANDBOX_ERROR = "sandbox_error"
    STOPPED = "stopped"  # by the learner, or by their newer run
    DATA_RACE = "data_race"  # built with -race, and the race detector found one


@dataclass(frozen=True)
class SandboxLimits:
    build_timeout: float  # seconds for go build / go test -c (go vet gets the same budget)
    run_timeout: float  # seconds, wall clock, for the program or the test binary
    memory_mb: int
    pids: int  # processes and threads in one container
    cpus: float  # for the learner's program (and for inline builds)
    output_limit: int  # bytes kept per stream (stdout, stderr)
    build_cpus: float = 2.0  # for the build container, where only the Go toolchain runs
    # What an exercise allows its code to use in test mode (EXERCISE_ALLOWANCES).
    allow: tuple[str, ...] = ()

    @classmethod
    def from_settings(cls) -> "SandboxLimits":
        return cls(
            build_timeout=float(settings.SANDBOX_BUILD_TIMEOUT),
            run_timeout=float(settings.SANDBOX_RUN_TIMEOUT),
            memory_mb=int(settings.SANDBOX_MEMORY_MB),
            pids=int(settings.SANDBOX_PIDS_LIMIT),
            cpus=float(settings.SANDBOX_CPUS),
            output_limit=int(settings.SANDBOX_OUTPUT_LIMIT),
            build_cpus=float(settings.SANDBOX_BUILD_CPUS),
        )

    def for_exercise(self, requested: Mapping[str, Any] | None) -> "SandboxLimits":
        """These limits with the ones an exercise asks for, never above the site's maximum,
        and what it allows its code to use."""
        if not requested:
            return self
        changes: dict[str, Any] = {}
        if "allow" in requested:
            changes["allow"] = tuple(sorted(requested["allow"]))
        if "memory_mb" in requested:
            changes["memory_mb"] = min(int(requested["memory_mb"]), settings.SANDBOX_MAX_MEMORY_MB)
        if "run_timeout" in requested:
            changes["run_timeout"] = min(
                float(requested["run_timeout"]), float(settings.SANDBOX_MAX_RUN_TIMEOUT)
            )
        return replace(self, **changes)


# What an exercise may set in the `limits:` of its front matter: (smallest, setting that
# holds the largest). A build gets the same memory as the program, hence the floor.
EXERCISE_LIMITS = {
    "memory_mb": (128, "SANDBOX_MAX_MEMORY_MB"),
    "run_timeout": (1, "SANDBOX_MAX_RUN_TIMEOUT"),
}


# What exercise code may not use in test mode unless its exercise allows it by name
# (`limits: {allow: [os.Args]}`): the sandbox agent refuses it before building
# (deploy/sandbox/agent/guard.go holds the same names, and why each is refused).
EXERCISE_ALLOWANCES = (
    "flag",
    "go:linkname",
    "os.Args",
    "os.Exit",
    "os.NewFile",
    "os.StartProcess",
    "os/exec",
    "reflect.NewAt",
    "reflect.SliceAt",
    "runtime.Goexit",
    "runtime/debug.WriteHeapDump",
    "syscall",
    "testing",
    "unsafe",
)


def _allowance_problems(allow: object) -> list[tuple[str | None, str]]:
    names = ", ".join(EXERCISE_ALLOWANCES)
    if not isinstance(allow, list) or not all(isinstance(name, str) for name in allow):
        return [("allow", f"'limits.allow' must be a list of names from: {names}")]
    return [
        ("allow", f"'limits.allow' cannot allow '{name}' (it can allow: {names})")
        for name in allow
        if name not in EXERCISE_ALLOWANCES
    ]


def exercise_limit_problems(requested: object) -> list[tuple[str | None, str]]:
    """What is wrong with an exercise's `limits:`, as (key or None, message) pairs."""
    if not isinstance(requested, Mapping) or not requested:
        return [(None, "'limits' must be a mapping such as {memory_mb: 512, run_timeout: 10}")]
    problems: list[tuple[str | None, str]] = []
    for key, value in requested.items():
        if key == "allow":
            problems += _allowance_problems(value)
            continue
        if key not in EXERCISE_LIMITS:
            allowed = ", ".join([*EXERCISE_LIMITS, "allow"])
            problems.append((key, f"unknown limit '{key}' (expected: {allowed})"))
            continue
        smallest, setting = EXERCISE_LIMITS[key]
        largest = getattr(settings, setting)
        whole = key == "memory_mb"
        number = isinstance(value, int if whole else (int, float)) and not isinstance(value, bool)
        if not number or not smallest <= value <= largest:
            kind = "a whole number" if whole else "a number"
            problems.append(
                (key, f"'limits.{key}' must be {kind} from {smallest} to {largest} ({setting})")
            )
    return problems


@dataclass
class Timings:
    compile_ms: int = 0
    run_ms: int = 0
    total_ms: int = 0


@dataclass
class SandboxResult:
    status: Status
    message: str
    stdout: str = ""
    stderr: str = ""
    stdout_truncated: bool = False
    stderr_truncated: bool = False
    exit_code: int | None = None
    signal: str | None = None
    compile_errors: list[Diagnostic] = field(default_factory=list)
    vet: list[Diagnostic] = field(default_factory=list)
    tests: list[TestResult] = field(default_factory=list)
    formatted: dict[str, str] = field(default_factory=dict)
    timings: Timings = field(default_factory=Timings)
    cached: bool = False
    vet_pending: bool = False  # published before go vet answered; `vet` comes later
    vet_skipped: bool = False  # the worker's machine was short of CPU: go vet did not run
    compiled: bool = False  # the build succeeded and the program or test binary ran
    races: list[Race] = field(default_factory=list)  # the race detector's reports
    # A program on the virtual clock: (offset in stdout / stderr, virtual ms since the
    # start) where time had moved since the output before it (grader.playback).
    stdout_times: Times = field(default_factory=list)
    stderr_times: Times = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": str(self.status),
            "message": self.message,
            "stdout": self.stdout,
            "stderr": self.stderr,
            "stdout_truncated": self.stdout_truncated,
            "stderr_truncated": self.stderr_truncated,
            "exit_code": self.exit_code,
            "signal": self.signal,
            "compile_errors": [error.to_dict() for error in self.compile_errors],
            "vet": [finding.to_dict() for finding in self.vet],
            "tests": [test.to_dict() for test in self.tests],
            "formatted": dict(self.formatted),
            "timings": {
                "compile_ms": self.timings.compile_ms,
                "run_ms": self.timings.run_ms,
                "total_ms": self.timings.total_ms,
            },
            "cached": self.cached,
            "vet_pending": self.vet_pending,
            "vet_skipped": self.vet_skipped,
            "compiled": self.compiled,
            "races": [race.to_dict() for race in self.races],
            "stdout_times": [list(pair) for pair in self.stdout_times],
            "stderr_times": [list(pair) for pair in self.stderr_times],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "SandboxResult":
        return cls(
            status=Status(data["status"]),
            message=data["message"],
            stdout=data["stdout"],
            stderr=data["stderr"],
            stdout_truncated=data["stdout_truncated"],
            stderr_truncated=data["stderr_truncated"],
            exit_code=data["exit_code"],
            signal=data["signal"],
            compile_errors=[Diagnostic(**item) for item in data["compile_errors"]],
            vet=[Diagnostic(**item) for item in data["vet"]],
            tests=[TestResult.from_dict(item) for item in data["tests"]],
            formatted=dict(data["formatted"]),
            timings=Timings(**data["timings"]),
            cached=data["cached"],
            vet_pending=data.get("vet_pending", False),
            vet_skipped=data.get("vet_skipped", False),
            # Cached before the flag existed: of the statuses kept, only compile_error
            # is a build's.
            compiled=data.get("compiled", data["status"] != Status.COMPILE_ERROR),
            races=[Race.from_dict(item) for item in data.get("races", [])],
            stdout_times=[(offset, ms) for offset, ms in data.get("stdout_times", [])],
            stderr_times=[(offset, ms) for offset, ms in data.get("stderr_times", [])],
        )


def sandbox_error(message: str) -> SandboxResult:
    return SandboxResult(status=Status.SANDBOX_ERROR, message=message)


def stopped() -> SandboxResult:
    return SandboxResult(status=Status.STOPPED, message="Stopped before it finished.")
