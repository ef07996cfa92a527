"""What a sandbox run returns: typed results with a stable JSON shape."""

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

from django.conf import settings

from grader.diagnostics import Diagnostic
from grader.gotest import TestResult

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


@dataclass(frozen=True)
class SandboxLimits:
    build_timeout: float  # seconds for go build / go test -c (go vet gets the same budget)
    run_timeout: float  # seconds, wall clock, for the program or the test binary
    memory_mb: int
    pids: int  # processes and threads in one container
    cpus: float  # for the learner's program (and for inline builds)
    output_limit: int  # bytes kept per stream (stdout, stderr)
    build_cpus: float = 2.0  # for the build container, where only the Go toolchain runs

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
            tests=[TestResult(started=True, **item) for item in data["tests"]],
            formatted=dict(data["formatted"]),
            timings=Timings(**data["timings"]),
            cached=data["cached"],
            vet_pending=data.get("vet_pending", False),
        )


def sandbox_error(message: str) -> SandboxResult:
    return SandboxResult(status=Status.SANDBOX_ERROR, message=message)
