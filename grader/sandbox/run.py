"""A run of learner code, from its files to its result: `run_program` and
`run_submission_files` (the package's docstring says how a run goes)."""

import json
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

import docker
import requests
from django.conf import settings
from docker.errors import DockerException, ImageNotFound

from grader import result_cache, verdicts
from grader.files import InvalidFiles, find_embed_directive, prepare_sources
from grader.results import (
    Mode,
    SandboxLimits,
    SandboxResult,
    sandbox_error,
    stopped,
)
from grader.run_options import PLAIN, RunOptions
from grader.sandbox import binaries
from grader.sandbox.busy import cpu_is_busy
from grader.sandbox.cancel import Cancel
from grader.sandbox.client import _api
from grader.sandbox.image import _image_id, forget_image_ids
from grader.sandbox.job import _Held, _Job
from grader.sandbox.oom import _out_of_memory
from grader.sandbox.protocol import RELAY_VET, _AgentFault, _Deadline, _Session
from grader.sandbox.race_image import race_image_name
from grader.sandbox.reaper import _reaper
from grader.sandbox.watch import _watch_program

log = logging.getLogger(__name__)

SETUP_SECONDS = 10.0  # to hand a binary to a run container before its clock starts
VET_GRACE_SECONDS = 2.0

DOCKER_UNREACHABLE = "The code runner is unavailable right now (Docker is unreachable)."


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
    if reply.get("refused"):
        return verdicts.code_refused(reply["refused"])
    if not reply.get("ok"):
        return verdicts.build_failed(reply["build"]["output"], job.limits)
    job.expect_tests(reply)
    reply["started"], reply["deadline"] = started, deadline
    return reply


def _run_separate(job: _Job) -> SandboxResult:
    api = _api()
    if (built := binaries.get(job)) is not None:
        result = _execute(api, job, built.binary)
        job.add_vet(result, built.vet)
        return result
    build_id, session = job.acquire("build")
    held = _Held(build_id, session)
    try:
        reply = _build_reply(api, build_id, session, job, job.build_request())
        if isinstance(reply, SandboxResult):
            return reply
        try:
            binary = session.read_stdout(int(reply["artifact_size"]), reply["deadline"])
        except _Deadline:
            return verdicts.build_timed_out(job.limits)
        job.timings.compile_ms = int((time.monotonic() - reply["started"]) * 1000)

        result = _execute(api, job, binary)
        job.publish_early(result)
        vet_deadline = max(reply["deadline"], time.monotonic() + VET_GRACE_SECONDS)

        def read_vet() -> dict:
            vet = session.read_json(vet_deadline)
            binaries.put(job, binary, vet)
            return vet

        return job.finish_with_vet(result, read_vet, held)
    finally:
        if not held.handed_off:
            held.release()


def _execute(api: docker.APIClient, job: _Job, binary: bytes) -> SandboxResult:
    run_id, session = job.acquire("exec")
    try:
        setup_deadline = time.monotonic() + SETUP_SECONDS
        header = {**job.exec_request(), "size": len(binary)}
        session.send_frame(json.dumps(header).encode(), setup_deadline)
        session.send(binary, setup_deadline)
        session.close_stdin()
        session.read_json(setup_deadline)  # the agent is about to start the program
        run, job.timings.run_ms = _watch_program(
            api, run_id, session, job.limits, virtual_time=job.options.virtual_time
        )
    finally:
        session.close()
        _reaper.remove_later(run_id)
    return job.verdict(run)


def _run_inline(job: _Job) -> SandboxResult:
    api = _api()
    container_id, session = job.acquire("build-exec")
    held = _Held(container_id, session)
    try:
        program = job.exec_request()
        request = {
            **job.build_request(),
            "exec_args": program["args"],
            "exec_env": program["env"],
            "merge_stderr": program["merge_stderr"],
            "token": program["token"],
        }
        reply = _build_reply(api, container_id, session, job, request)
        if isinstance(reply, SandboxResult):
            return reply
        run, job.timings.run_ms = _watch_program(
            api, container_id, session, job.limits, virtual_time=job.options.virtual_time
        )
        result = job.verdict(run)
        if job.mode != "run":  # tests were vetted beside the build
            job.add_vet(result, reply.get("vet") or {})
            return result
        if session.program_exit is None:
            return result  # killed, or gone with its agent: no findings will come
        job.publish_early(result)
        vet_deadline = max(reply["deadline"], time.monotonic() + VET_GRACE_SECONDS)
        return job.finish_with_vet(result, lambda: _vet_relayed(session, vet_deadline), held)
    finally:
        if not held.handed_off:
            held.release()


def _vet_relayed(session: _Session, deadline: float) -> dict:
    return json.loads(session.read_relay(RELAY_VET, deadline))


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
    cancel: Cancel | None = None,
    vet_later: Callable[[SandboxResult], None] | None = None,
    options: RunOptions = PLAIN,
) -> SandboxResult:
    """Build and run `files` in the sandbox; in test mode against `hidden_files`.

    Modes: "run" (go build, then run the program), "test" (go test -c with the hidden
    *_test.go files, then run the test binary), "format" (gofmt; returns the files).
    `placement` ("auto", "separate" or "inline") overrides SANDBOX_BUILD_PLACEMENT.
    `on_output`, when given, gets the result as soon as the program has finished, marked
    `vet_pending`, while go vet still runs (programs, and tests built separately); the
    returned result is the same with the vet findings. With `vet_later` as well, the
    returned result is that early one, and `vet_later` gets the complete result from
    another thread once go vet has answered (or not, in time): the caller is free meanwhile.
    `cancel` stops the run from another thread: the result is then `stopped`.
    `options` asks for the race detector or the virtual clock (grader.run_options).
    Raises InvalidFiles for files that cannot be run at all; every other problem is a
    result (sandbox_error when Docker is unreachable or the image is missing).
    """
    started = time.monotonic()
    sources = prepare_sources(files, hidden_files, mode=mode)
    limits = limits or SandboxLimits.from_settings()
    placement = _placement(placement or settings.SANDBOX_BUILD_PLACEMENT, mode)
    if options.race:
        # Built in the race image, run in the plain one; without the pool, whose
        # containers have the plain limits (RunOptions keeps race runs on the real clock).
        placement, use_pool = "separate", False
        limits = replace(limits, memory_mb=max(limits.memory_mb, settings.SANDBOX_RACE_MEMORY_MB))
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
            cancel=cancel or Cancel(),
            vet_later=vet_later if on_output is not None else None,
            skip_vet=cpu_is_busy(),
            options=options,
            keep_binary=use_cache,
        )
        result = _run_or_fail(job, use_cache, placement)
    result.timings.total_ms = int((time.monotonic() - started) * 1000)
    return result


def _placement(setting: str, mode: Mode) -> str:
    """ "auto" builds a program where it runs (one container instead of two: its sources
    are the learner's own) and tests apart from where they run (hidden tests never enter
    the container that runs learner code)."""
    if setting == "auto":
        return "inline" if mode == "run" else "separate"
    return setting


def _run_or_fail(job: _Job, use_cache: bool, placement: str) -> SandboxResult:
    image = settings.SANDBOX_IMAGE
    try:
        job.image_id = _image_id(_api())
        if job.options.race:
            image = race_image_name()
            job.build_image_id = _image_id(_api(), image)
    except ImageNotFound:
        return sandbox_error(
            f"The sandbox image {image} is not built yet (run manage.py build_sandbox)."
        )
    except (DockerException, requests.RequestException, OSError) as error:
        log.warning("Docker is unreachable: %s", error)
        return sandbox_error(DOCKER_UNREACHABLE)

    images = job.image_id + job.build_image_id  # a race result is the race image's too
    key = result_cache.cache_key(job.sources, job.mode, images, job.limits, job.options)
    if use_cache and (hit := result_cache.results.get(key)):
        result = SandboxResult.from_dict(hit)
        result.cached = True
        return result

    def remember(result: SandboxResult) -> None:
        learner_sources = {name: job.sources[name] for name in job.learner_files}
        if use_cache and result_cache.worth_caching(result, job.mode, learner_sources, job.options):
            result_cache.results.put(key, result.to_dict())

    if (deliver := job.vet_later) is not None:
        job.vet_later = lambda final: (remember(final), deliver(final))
    result = _run_guarded(job, placement)
    if job.cancel.cancelled:
        # Whatever the killed containers made of it (a SIGKILL, a lost agent), the run
        # was stopped on purpose.
        return stopped()
    result.timings = job.timings
    if not result.vet_pending:  # else remembered once go vet has answered
        remember(result)
    return result


def _run_guarded(job: _Job, placement: str) -> SandboxResult:
    """The run's result; what goes wrong with Docker or the agent is a sandbox_error."""
    try:
        return (_run_inline if placement == "inline" else _run_separate)(job)
    except Exception as error:
        if job.cancel.cancelled:
            return stopped()  # the kill cut the conversation short: nothing went wrong
        return _sandbox_failure(error)


def _sandbox_failure(error: Exception) -> SandboxResult:
    if isinstance(error, requests.ConnectionError | ConnectionError | FileNotFoundError):
        # The engine went away between the image lookup (cached) and the run.
        log.warning("Docker is unreachable: %s", error)
        forget_image_ids()
        return sandbox_error(DOCKER_UNREACHABLE)
    if isinstance(error, _AgentFault | DockerException | requests.RequestException | OSError):
        log.warning("sandbox run failed: %s", error)
        return sandbox_error(f"The sandbox failed while running the code ({error}).")
    log.error("unexpected error in the sandbox", exc_info=error)
    return sandbox_error("The sandbox failed unexpectedly while running the code.")


def run_submission_files(
    files: Mapping[str, str],
    mode: Mode,
    *,
    hidden_files: Mapping[str, str] | None = None,
    limits: Mapping[str, float] | None = None,
    on_output: Callable[[dict[str, Any]], None] | None = None,
    cancel: Cancel | None = None,
    vet_later: Callable[[dict[str, Any]], None] | None = None,
    options: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """`run_program(...).to_dict()` for callers that store JSON; never raises.

    `limits` are an exercise's own (`Exercise.limits`, e.g. {"memory_mb": 768}), in
    place of the settings' and never above the site's maximum. Files that cannot be
    run at all (bad names, too large) come back as a compile_error whose message says
    why. `on_output` gets the early result as a dict. `options` is
    `RunOptions.to_dict()`, as a submission stores it.
    """
    early = None if on_output is None else (lambda result: on_output(result.to_dict()))
    try:
        return run_program(
            files,
            mode,
            hidden_files=hidden_files,
            limits=SandboxLimits.from_settings().for_exercise(limits),
            on_output=early,
            cancel=cancel,
            options=RunOptions.from_dict(options),
        ).to_dict()
    except InvalidFiles as error:
        return verdicts.files_refused(str(error)).to_dict()
