"""Follows the program an agent has started until it ends, and records how it ended."""

import time

import docker
import requests

from grader import verdicts
from grader.results import SandboxLimits
from grader.sandbox.client import _kill
from grader.sandbox.oom import SIGKILL_EXIT, _oom_event_seen, _out_of_memory
from grader.sandbox.protocol import RELAY_STDERR, RELAY_STDOUT, _Session


def _watch_program(
    api: docker.APIClient,
    container_id: str,
    session: _Session,
    limits: SandboxLimits,
    *,
    virtual_time: bool = False,
) -> tuple[verdicts.ProgramRun, int]:
    """Follow the program the agent just started; returns the run and its wall time. A
    program on the virtual clock writes playback frames, decoded as they come."""
    if virtual_time:
        session.decode_playback()
    started = time.monotonic()
    deadline = started + limits.run_timeout
    state = session.pump(deadline, limits.output_limit)
    run = verdicts.ProgramRun(stdout=b"", stderr=b"")
    if state == "exit":
        run.exit_code = session.program_exit
        run.oom_killed = run.exit_code == SIGKILL_EXIT and _oom_event_seen(api, container_id)
    elif state == "eof":  # the agent died too (gVisor's OOM kills the whole sandbox)
        container = api.inspect_container(container_id)["State"]
        if container.get("Running"):
            try:
                remaining = max(0.05, deadline - time.monotonic())
                api.wait(container_id, timeout=remaining)
                container = api.inspect_container(container_id)["State"]
            except requests.RequestException:
                state = "deadline"
        run.exit_code = container.get("ExitCode")
        run.oom_killed = _out_of_memory(api, container_id, container)
    elapsed_ms = int((time.monotonic() - started) * 1000)
    if state not in ("exit", "eof"):
        # Hang up first: the engine does not finish a kill while the attach stream it
        # copies the program's output into is full, which took it about 60 s after an
        # output flood, holding the worker all that time.
        session.close()
        _kill(api, container_id)
        run.timed_out = state == "deadline"
        run.output_exceeded = state == "exceeded"
        run.exit_code = None
    limit = limits.output_limit
    run.stdout_times = session.program_times(RELAY_STDOUT)  # before the cut: it may add bytes
    run.stderr_times = session.program_times(RELAY_STDERR)
    stdout, stderr = session.program_output[RELAY_STDOUT], session.program_output[RELAY_STDERR]
    if state == "eof":
        stderr = stderr + session.stderr  # the agent's last words, if it had any
    run.stdout, run.stdout_truncated = bytes(stdout[:limit]), len(stdout) > limit
    run.stderr, run.stderr_truncated = bytes(stderr[:limit]), len(stderr) > limit
    return run, elapsed_ms
