"""A run of learner code, from its files to its result: `run_program` and
`run_submission_files` (the package's docstring says how a run goes)."""

import json
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import docker
import requests
from django.conf import settings
from docker.errors import DockerException, ImageNotFound

from grader import result_cache, verdicts
from grader.diagnostics import Diagnostic, parse_diagnostics
from grader.files import InvalidFiles, find_embed_directive, prepare_sources
from grader.gotest import declared_tests
from grader.results import Mode, SandboxLimits, SandboxResult, Timings, sandbox_error
from grader.sandbox.client import _api
from grader.sandbox.image import _image_id, forget_image_ids
from grader.sandbox.oom import _out_of_memory
from grader.sandbox.pool import _acquire
from grader.sandbox.protocol import _AgentFault, _Deadline, _Session
from grader.sandbox.reaper import _reaper
from grader.sandbox.watch import _watch_program

log = logging.getLogger(__name__)

RUN_ENV = ["HOME=/tmp", "TMPDIR=/tmp", "ZONEINFO=/usr/local/go/lib/time/zoneinfo.zip"]
SETUP_SECONDS = 10.0  # to hand a binary to a run container before its clock starts
VET_GRACE_SECONDS = 2.0

DOCKER_UNREACHABLE = "The code runner is unavailable right now (Docker is unreachable)."


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

    def publish_early(self, result: SandboxResult) -> None:
        """Hand the result to `on_output` before go vet has answered."""
        if self.on_output is None:
            return
        result.timings = replace(self.timings)
        result.timings.total_ms = int((time.monotonic() - self.started) * 1000)
        result.vet_pending = True
        try:
            self.on_output(result)
        except Exception:  # the final result still comes; publishing early is a bonus
            log.exception("publishing a result before go vet failed")
        result.vet_pending = False

    def exec_args(self) -> list[str]:
        if self.mode != "test":
            return []
        # The testing package names the test that hangs if it stops itself first.
        test_timeout_ms = max(1000, int(self.limits.run_timeout * 1000) - 500)
        return ["-test.v=test2json", "-test.paniconexit0", f"-test.timeout={test_timeout_ms}ms"]

    def verdict(self, run: verdicts.ProgramRun) -> SandboxResult:
        names = set(self.sources)
        if self.mode == "test":
            declared = declared_tests(self.hidden_files)
            return verdicts.tests_finished(run, self.limits, declared, names)
        return verdicts.program_finished(run, self.limits, names)

    def vet_findings(self, output: str) -> list[Diagnostic]:
        # Findings in the exercise's own test files are the course's business.
        return [item for item in parse_diagnostics(output) if item.file in self.learner_files]


def _build_reply(
    api: docker.APIClient, container_id: str, session: _Session, job: _Job, request: dict
) -> dict[str, Any] | SandboxResult:
    """Send the build request; the agent's first answer, or the result that ends the run."""
    started = time.monotonic()
    deadline = started + job.limits.build_timeout
    session.send_frame(json.dumps(request).encode(), deadline)
    session.close_stdin()
    try:
        reply = session.read_json(deadline)
    except _Deadline:
        return verdicts.build_timed_out(job.limits)
    except _AgentFault:
        # The agent died while building: did the compiler or linker exhaust the memory?
        if _out_of_memory(api, container_id):
            return verdicts.build_out_of_memory(job.limits)
        raise
    finally:
        job.timings.compile_ms = int((time.monotonic() - started) * 1000)
    if job.mode == "format":
        return verdicts.formatted(reply, job.learner_files)
    if not reply.get("ok"):
        return verdicts.build_failed(reply["build"]["output"], job.limits)
    reply["started"], reply["deadline"] = started, deadline
    return reply


def _run_separate(job: _Job) -> SandboxResult:
    api = _api()
    build_id, session = _acquire("build", job.limits, job.image_id, job.use_pool)
    try:
        reply = _build_reply(api, build_id, session, job, {"mode": job.mode, "files": job.sources})
        if isinstance(reply, SandboxResult):
            return reply
        try:
            binary = session.read_stdout(int(reply["artifact_size"]), reply["deadline"])
        except _Deadline:
            return verdicts.build_timed_out(job.limits)
        job.timings.compile_ms = int((time.monotonic() - reply["started"]) * 1000)

        result = _execute(api, job, binary)
        job.publish_early(result)

        try:
            vet = session.read_json(max(reply["deadline"], time.monotonic() + VET_GRACE_SECONDS))
            result.vet = job.vet_findings(vet.get("output", ""))
        except (_Deadline, _AgentFault) as error:
            log.info("go vet gave no answer in time: %s", error)
        return result
    finally:
        session.close()
        _reaper.remove_later(build_id)


def _execute(api: docker.APIClient, job: _Job, binary: bytes) -> SandboxResult:
    run_id, session = _acquire("exec", job.limits, job.image_id, job.use_pool)
    try:
        setup_deadline = time.monotonic() + SETUP_SECONDS
        header = {
            "args": job.exec_args(),
            "env": RUN_ENV,
            "size": len(binary),
            "merge_stderr": job.mode == "test",
        }
        session.send_frame(json.dumps(header).encode(), setup_deadline)
        session.send(binary, setup_deadline)
        session.close_stdin()
        session.read_json(setup_deadline)  # the agent is about to start the program
        run, job.timings.run_ms = _watch_program(api, run_id, session, job.limits)
    finally:
        session.close()
        _reaper.remove_later(run_id)
    return job.verdict(run)


def _run_inline(job: _Job) -> SandboxResult:
    api = _api()
    container_id, session = _acquire("build-exec", job.limits, job.image_id, job.use_pool)
    try:
        request = {
            "mode": job.mode,
            "files": job.sources,
            "exec_args": job.exec_args(),
            "exec_env": RUN_ENV,
            "merge_stderr": job.mode == "test",
        }
        reply = _build_reply(api, container_id, session, job, request)
        if isinstance(reply, SandboxResult):
            return reply
        run, job.timings.run_ms = _watch_program(api, container_id, session, job.limits)
        result = job.verdict(run)
        result.vet = job.vet_findings((reply.get("vet") or {}).get("output", ""))
        return result
    finally:
        session.close()
        _reaper.remove_later(container_id)


def run_program(
    files: Mapping[str, str],
    mode: Mode = "run",
    *,
    hidden_files: Mapping[str, str] | None = None,
    limits: SandboxLimits | None = None,
    use_cache: bool = True,
    use_pool: bool = True,
    placement: str | None = None,
    on_output: Callable[[SandboxResult], None] | None = None,
) -> SandboxResult:
    """Build and run `files` in the sandbox; in test mode against `hidden_files`.

    Modes: "run" (go build, then run the program), "test" (go test -c with the hidden
    *_test.go files, then run the test binary), "format" (gofmt; returns the files).
    `placement` ("separate" or "inline") overrides SANDBOX_BUILD_PLACEMENT.
    `on_output`, when given, gets the result as soon as the program has finished, marked
    `vet_pending`, while go vet still runs (separate placement only); the returned result
    is the same with the vet findings.
    Raises InvalidFiles for files that cannot be run at all; every other problem is a
    result (sandbox_error when Docker is unreachable or the image is missing).
    """
    started = time.monotonic()
    sources = prepare_sources(files, hidden_files, mode=mode)
    limits = limits or SandboxLimits.from_settings()
    placement = placement or settings.SANDBOX_BUILD_PLACEMENT
    if mode == "test" and (embed := find_embed_directive(files)):
        result = verdicts.embed_refused(*embed)
    else:
        job = _Job(
            sources,
            set(files),
            dict(hidden_files or {}),
            mode,
            limits,
            image_id="",  # looked up by _run_or_fail, which may answer from the cache
            use_pool=use_pool,
            started=started,
            on_output=on_output,
        )
        result = _run_or_fail(job, use_cache, placement)
    result.timings.total_ms = int((time.monotonic() - started) * 1000)
    return result


def _run_or_fail(job: _Job, use_cache: bool, placement: str) -> SandboxResult:
    try:
        job.image_id = _image_id(_api())
    except ImageNotFound:
        return sandbox_error(
            f"The sandbox image {settings.SANDBOX_IMAGE} is not built yet "
            "(run manage.py build_sandbox)."
        )
    except (DockerException, requests.RequestException, OSError) as error:
        log.warning("Docker is unreachable: %s", error)
        return sandbox_error(DOCKER_UNREACHABLE)

    key = result_cache.cache_key(job.sources, job.mode, job.image_id, job.limits)
    if use_cache and (hit := result_cache.results.get(key)):
        result = SandboxResult.from_dict(hit)
        result.cached = True
        return result

    try:
        result = (_run_inline if placement == "inline" else _run_separate)(job)
    except (requests.ConnectionError, ConnectionError, FileNotFoundError) as error:
        # The engine went away between the image lookup (cached) and the run.
        log.warning("Docker is unreachable: %s", error)
        forget_image_ids()
        return sandbox_error(DOCKER_UNREACHABLE)
    except (_AgentFault, DockerException, requests.RequestException, OSError) as error:
        log.warning("sandbox run failed: %s", error)
        return sandbox_error(f"The sandbox failed while running the code ({error}).")
    except Exception:
        log.exception("unexpected error in the sandbox")
        return sandbox_error("The sandbox failed unexpectedly while running the code.")
    result.timings = job.timings
    if use_cache and result_cache.worth_caching(
        result, job.mode, {name: job.sources[name] for name in job.learner_files}
    ):
        result_cache.results.put(key, result.to_dict())
    return result


def run_submission_files(
    files: Mapping[str, str],
    mode: Mode,
    *,
    hidden_files: Mapping[str, str] | None = None,
    on_output: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """`run_program(...).to_dict()` for callers that store JSON; never raises.

    Files that cannot be run at all (bad names, too large) come back as a
    compile_error whose message says why. `on_output` gets the early result as a dict.
    """
    early = None if on_output is None else (lambda result: on_output(result.to_dict()))
    try:
        return run_program(files, mode, hidden_files=hidden_files, on_output=early).to_dict()
    except InvalidFiles as error:
        return verdicts.files_refused(str(error)).to_dict()
