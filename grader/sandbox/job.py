"""One run in the making: what it builds and runs, what it reports early, and the
containers it holds until go vet has answered (`_Job`, `_Held`)."""

import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from grader import verdicts
from grader.diagnostics import Diagnostic, parse_diagnostics
from grader.gotest import declared_tests
from grader.results import Mode, SandboxLimits, SandboxResult, Timings
from grader.run_options import RunOptions
from grader.sandbox.cancel import Cancel
from grader.sandbox.pool import _acquire
from grader.sandbox.protocol import _AgentFault, _Deadline, _Session
from grader.sandbox.reaper import _reaper

log = logging.getLogger(__name__)

VIRTUAL_TEST_TIMEOUT = "24h"
RUN_ENV = ["HOME=/tmp", "TMPDIR=/tmp", "ZONEINFO=/usr/local/go/lib/time/zoneinfo.zip"]


@dataclass
class _Job:
    sources: dict[str, str]
    learner_files: set[str]
    hidden_files: dict[str, str]
    mode: Mode
    limits: SandboxLimits
    image_id: str
    use_pool: bool
    timings: Timings = field(default_factory=Timings)
    started: float = 0.0  # time.monotonic() when run_program was called
    on_output: Callable[[SandboxResult], None] | None = None
    cancel: Cancel = field(default_factory=Cancel)
    vet_later: Callable[[SandboxResult], None] | None = None
    skip_vet: bool = False
    options: RunOptions = field(default_factory=RunOptions)
    build_image_id: str = ""  # the race image, for -race builds (race_image.py)
    keep_binary: bool = False  # a race build may be shared (binaries.py)
    # Test mode: the per-run secret of the completion marker, and what the build
    # container's agent answered about the tests (`expect_tests`).
    token: str = field(default_factory=lambda: secrets.token_hex(16))
    declared: list[str] | None = None
    marker_expected: bool = False

    def acquire(self, role: str) -> tuple[str, _Session]:
        image_id = self.build_image_id if role == "build" and self.build_image_id else self.image_id
        container_id, session = _acquire(role, self.limits, image_id, self.use_pool)
        self.cancel.track(container_id)
        return container_id, session

    def publish_early(self, result: SandboxResult) -> None:
        """Hand the result to `on_output` before go vet has answered."""
        if self.on_output is None or self.cancel.cancelled:
            return  # a stopped run's result is "stopped", whatever the kill made of it
        result.timings = replace(self.timings)
        result.timings.total_ms = int((time.monotonic() - self.started) * 1000)
        result.vet_pending = True
        try:
            self.on_output(result)
        except Exception:  # the final result still comes; publishing early is a bonus
            log.exception("publishing a result before go vet failed")
        result.vet_pending = False

    def finish_with_vet(
        self, result: SandboxResult, read_vet: Callable[[], dict], held: "_Held"
    ) -> SandboxResult:
        """`result` with go vet's findings from `read_vet()` (the agent's reply), then
        `held` is released.

        With `vet_later` set, the findings are read in a thread of their own and
        `vet_later` gets the complete result, while this returns `result` at once, marked
        vet_pending: the worker takes its next run meanwhile."""

        def complete(target: SandboxResult) -> SandboxResult:
            try:
                self.add_vet(target, read_vet())
            except (_Deadline, _AgentFault, ValueError, OSError) as error:
                log.info("go vet gave no answer in time: %s", error)
            finally:
                held.release()
            return target

        if self.vet_later is None:
            return complete(result)
        final, later = replace(result), self.vet_later

        def in_background() -> None:
            try:
                later(complete(final))
            except Exception:
                log.exception("handing over go vet's findings failed")

        held.handed_off = True
        threading.Thread(target=in_background, name="go-vet", daemon=True).start()
        result.vet_pending = True
        return result

    def expect_tests(self, reply: dict) -> None:
        """What the build's agent read in the exercise's test files: the tests it declares,
        and whether the binary ends with the completion marker."""
        if self.mode == "test":
            self.declared = reply.get("tests")
            self.marker_expected = bool(reply.get("completion_marker"))

    def build_request(self) -> dict:
        """What the build container's agent gets (deploy/sandbox/agent/build.go)."""
        return {
            "mode": self.mode,
            "files": self.sources,
            "skip_vet": self.skip_vet,
            "allow": list(self.limits.allow),
            "race": self.options.race,
            "virtual_time": self.options.virtual_time,
        }

    def exec_request(self) -> dict:
        """How the agent runs the binary (deploy/sandbox/agent/exec.go). A test binary
        gets the completion marker's token on a pipe that it reads and closes before any
        exercise code runs, and prints it only once every test has passed."""
        test = self.mode == "test"
        return {
            "args": self.exec_args(),
            "env": self.exec_env(),
            "merge_stderr": test,
            "token": self.token if test else "",
        }

    def exec_env(self) -> list[str]:
        if self.options.race:
            # The race runtime sleeps a second before exiting, for goroutines still
            # racing; the report of what raced before is complete without it.
            return [*RUN_ENV, "GORACE=atexit_sleep_ms=0"]
        if self.options.virtual_time:
            # One thread runs the goroutines, and the frozen clock never preempts
            # one: the same program prints the same output, in the same order.
            return [*RUN_ENV, "GOMAXPROCS=1"]
        return RUN_ENV

    def exec_args(self) -> list[str]:
        if self.mode != "test":
            return []
        # The testing package names the test that hangs if it stops itself first.
        test_timeout = f"{max(1000, int(self.limits.run_timeout * 1000) - 500)}ms"
        if self.options.virtual_time:
            # That timer is on the virtual clock: it must not cut short a test that
            # sleeps, and a deadlocked test jumps to it at once.
            test_timeout = VIRTUAL_TEST_TIMEOUT
        return ["-test.v=test2json", "-test.paniconexit0", f"-test.timeout={test_timeout}"]

    def verdict(self, run: verdicts.ProgramRun) -> SandboxResult:
        names = set(self.sources)
        if self.mode == "test":
            declared = self.declared
            if declared is None:
                declared = declared_tests(self.hidden_files)
            token = self.token if self.marker_expected else None
            return verdicts.tests_finished(run, self.limits, declared, names, token)
        return verdicts.program_finished(run, self.limits, names)

    def add_vet(self, result: SandboxResult, reply: dict) -> None:
        result.vet_skipped = bool(reply.get("skipped"))
        result.vet = self.vet_findings(reply.get("output", ""))

    def vet_findings(self, output: str) -> list[Diagnostic]:
        # Findings in the exercise's own test files are the course's business.
        return [item for item in parse_diagnostics(output) if item.file in self.learner_files]


class _Held:
    """A container and its attach session, released once: by the run, or by the thread
    that waits for go vet's findings after the run has returned."""

    def __init__(self, container_id: str, session: _Session) -> None:
        self.container_id, self.session = container_id, session
        self.handed_off = False
        self._released = False

    def release(self) -> None:
        if not self._released:
            self._released = True
            self.session.close()
            _reaper.remove_later(self.container_id)
