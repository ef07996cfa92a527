"""The one place that talks to Docker: the sandbox image and every run of learner code.

Public API (used by the Celery task and the management commands):

- `run_program(files, mode, *, hidden_files, limits, use_cache, use_pool, placement,
  on_output)` returns a `SandboxResult` and never raises for anything that goes wrong
  with Docker (that is status `sandbox_error`); it raises `InvalidFiles` for files that
  cannot be run at all, which callers check first with `grader.files.check_files`.
  `run_submission_files(files, mode, hidden_files=...)` is the same as a JSON dict.
- `build_image(force=..., progress=...)` builds the `gocourse-sandbox` image.
- `shutdown()` removes the pre-started containers of this process and waits for pending
  removals (also run at exit); `remove_leftover_containers()` removes those of
  processes that died.

How a run goes (placement "separate", the default; see deploy/sandbox/README.md):

1. A *build container* gets the sources on stdin. Its agent runs `go build` (or
   `go test -c`), answers with the result and the binary, then runs `go vet` while
   step 2 runs the binary, and answers with the findings (`on_output` gets the result
   before they arrive). Only the Go toolchain runs there, so its answers can be
   trusted; it gets SANDBOX_BUILD_CPUS.
2. A fresh *run container* gets only the binary. Its agent writes it to /tmp and runs
   it as its only child, out of the program's reach (deploy/sandbox/agent/exec.go),
   relaying its output in frames and then its exit status; that frame ends the run
   without waiting for Docker to process the container's exit. A SIGKILL is checked
   against the engine's OOM events; a container that dies with its agent (gVisor's
   OOM kill) is judged by Docker's exit code and OOM flag. The wall-clock limit comes
   from the host; test output is parsed on the host (grader.gotest). Hidden test
   sources never enter that container.
3. Both containers are removed whatever happened, by a background thread once the
   result is known.

Placement "inline" builds and runs in one container (the agent deletes the sources and
runs the binary after answering); bench/run_latency.py measures both.

Every container: no network, read-only root, a tmpfs /tmp, all capabilities dropped,
no-new-privileges, memory (no swap), pids, CPU and open-file limits, no logging
driver (output is read from the attach stream and capped on the host). A few of them
are created, started and attached ahead of time per process and wait on stdin
(`_WarmPool`), each still used once.
"""

import atexit
import json
import logging
import os
import queue
import select
import socket
import struct
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import docker
import requests
from django.conf import settings
from docker.errors import DockerException, ImageNotFound, NotFound
from docker.types import LogConfig, Ulimit
from docker.utils import parse_repository_tag

from grader import result_cache, sandbox_image, verdicts
from grader.diagnostics import Diagnostic, parse_diagnostics
from grader.files import InvalidFiles, find_embed_directive, prepare_sources
from grader.gotest import declared_tests
from grader.results import Mode, SandboxLimits, SandboxResult, Status, Timings, sandbox_error

__all__ = [
    "InvalidFiles",
    "ImageBuild",
    "Mode",
    "SandboxLimits",
    "SandboxResult",
    "Status",
    "build_image",
    "remove_leftover_containers",
    "run_program",
    "run_submission_files",
    "shutdown",
]

log = logging.getLogger(__name__)

ROLE_LABEL = "org.gocourse.sandbox.role"
OWNER_LABEL = "org.gocourse.sandbox.owner"  # "hostname:pid" of the process that made it
RUN_ENV = ["HOME=/tmp", "TMPDIR=/tmp", "ZONEINFO=/usr/local/go/lib/time/zoneinfo.zip"]
AGENT_IDLE_SECONDS = 900  # a waiting container exits by itself after this
POOL_MAX_AGE = 600.0  # a waiting container older than this is replaced, not used
REFILL_DELAY = 1.0  # seconds after a take before the pool starts a replacement
SETUP_SECONDS = 10.0  # to hand a binary to a run container before its clock starts
VET_GRACE_SECONDS = 2.0
RUN_TMPFS_MB = 64  # /tmp of a container that runs learner code (the binary included)
IMAGE_ID_TTL = 30.0  # seconds before a rebuilt image is noticed


class _Deadline(Exception):
    pass


class _AgentFault(Exception):
    """The agent hung up or answered nonsense: a sandbox problem, not the learner's."""


def _owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


# Docker clients are not shared between threads (pool refill threads run beside runs).
_local = threading.local()


def _api() -> docker.APIClient:
    api = getattr(_local, "api", None)
    if api is None or getattr(_local, "pid", None) != os.getpid():
        api = docker.from_env(version="auto", timeout=60).api
        _local.api, _local.pid = api, os.getpid()
    return api


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


# --- Containers -------------------------------------------------------------------------


# Under gVisor's ptrace platform the sentry's own host threads count against the
# container's pids cgroup: at 128 about half of the builds crashed the sentry
# ("error initializing first thread"). Learner processes stay bounded by the rest.
RUNSC_PIDS_OVERHEAD = 384
# The agent that supervises the program runs 4 threads; it gets room for a few more, so
# the learner's program keeps the whole SANDBOX_PIDS_LIMIT.
AGENT_PIDS_OVERHEAD = 8


def _pids_limit(pids: int) -> int:
    overhead = AGENT_PIDS_OVERHEAD
    if settings.SANDBOX_RUNTIME == "runsc":
        overhead += RUNSC_PIDS_OVERHEAD
    return pids + overhead


DOCKER_UNREACHABLE = "The code runner is unavailable right now (Docker is unreachable)."


def _create_container(
    api: docker.APIClient, role: str, limits: SandboxLimits, image_id: str
) -> str:
    # Only a build container runs nothing but the toolchain; the others run learner code.
    cpus = limits.build_cpus if role == "build" else limits.cpus
    # The program's scratch space: files written there count against its memory too.
    tmpfs_mb = limits.memory_mb if role == "build" else min(RUN_TMPFS_MB, limits.memory_mb)
    host_config = api.create_host_config(
        network_mode="none",
        read_only=True,
        tmpfs={"/tmp": f"rw,exec,nosuid,nodev,size={tmpfs_mb}m,mode=1777"},
        cap_drop=["ALL"],
        security_opt=["no-new-privileges"],
        mem_limit=f"{limits.memory_mb}m",
        memswap_limit=f"{limits.memory_mb}m",
        pids_limit=_pids_limit(limits.pids),
        nano_cpus=int(cpus * 1e9),
        ulimits=[Ulimit(name="nofile", soft=1024, hard=1024), Ulimit(name="core", soft=0, hard=0)],
        oom_score_adj=1000,
        ipc_mode="private",
        log_config=LogConfig(type="none"),
        runtime=settings.SANDBOX_RUNTIME or None,
    )
    created = api.create_container(
        image_id,
        command=[role],
        user=sandbox_image.SANDBOX_USER,
        stdin_open=True,  # also sets StdinOnce: stdin closes when we close our end
        network_disabled=True,
        hostname="sandbox",
        working_dir="/tmp",
        environment={"SANDBOX_AGENT_IDLE_SECONDS": str(AGENT_IDLE_SECONDS)},
        labels={ROLE_LABEL: role, OWNER_LABEL: _owner()},
        host_config=host_config,
    )
    return created["Id"]


def _start_attached(
    api: docker.APIClient, role: str, limits: SandboxLimits, image_id: str
) -> "tuple[str, _Session]":
    """Create, start and attach a container; its agent waits for a request on stdin."""
    container_id = _create_container(api, role, limits, image_id)
    try:
        api.start(container_id)
        return container_id, _Session(api, container_id)
    except BaseException:
        _remove(api, container_id)
        raise


def _remove(api: docker.APIClient, container_id: str) -> None:
    try:
        api.remove_container(container_id, force=True)
    except NotFound:
        pass
    except (DockerException, requests.RequestException) as error:
        log.warning("could not remove sandbox container %s: %s", container_id[:12], error)


def _kill(api: docker.APIClient, container_id: str) -> None:
    try:
        api.kill(container_id)
    except (DockerException, requests.RequestException):
        pass  # already gone: removal follows anyway


class _Reaper:
    """Removes used containers off the request path; `drain` waits until all are gone."""

    def __init__(self) -> None:
        self._queue: queue.Queue[str] = queue.Queue()
        self._pid = 0
        self._lock = threading.Lock()

    def remove_later(self, container_id: str) -> None:
        with self._lock:
            if self._pid != os.getpid():
                self._queue = queue.Queue()
                self._pid = os.getpid()
                threading.Thread(
                    target=self._work, args=(self._queue,), daemon=True, name="sandbox-reaper"
                ).start()
            self._queue.put(container_id)

    @staticmethod
    def _work(pending: "queue.Queue[str]") -> None:
        while True:
            container_id = pending.get()
            try:
                _remove(_api(), container_id)
            except Exception:
                log.exception("sandbox reaper")
            finally:
                pending.task_done()

    def drain(self) -> None:
        if self._pid == os.getpid():
            self._queue.join()


_reaper = _Reaper()


@dataclass
class _Warm:
    container_id: str
    session: "_Session"
    created: float


class _WarmPool:
    """Containers of one kind, created, started and attached ahead, waiting on stdin.

    Each is used once. A background thread keeps `size` of them ready.
    """

    def __init__(self, role: str, limits: SandboxLimits, image_id: str, size: int) -> None:
        self.role, self.limits, self.image_id, self.size = role, limits, image_id, size
        self._ready: deque[_Warm] = deque()
        self._changed = threading.Condition()
        self._closed = False
        self._last_take = 0.0
        self._thread = threading.Thread(
            target=self._refill, name=f"sandbox-pool-{role}", daemon=True
        )
        self._thread.start()

    def take(self) -> "tuple[str, _Session] | None":
        found = None
        with self._changed:
            self._last_take = time.monotonic()
            while self._ready and found is None:
                warm = self._ready.popleft()
                if time.monotonic() - warm.created < POOL_MAX_AGE and warm.session.waiting():
                    found = warm
                else:
                    _retire(warm)
            self._changed.notify_all()
        return (found.container_id, found.session) if found else None

    def _refill(self) -> None:
        failures = 0
        while True:
            with self._changed:
                while not self._closed:
                    while self._ready and time.monotonic() - self._ready[0].created > POOL_MAX_AGE:
                        _retire(self._ready.popleft())
                    if len(self._ready) >= self.size:
                        self._changed.wait(timeout=POOL_MAX_AGE / 4)
                        continue
                    # Starting a container costs CPU: let the run that just took one go
                    # first, unless the pool ran dry.
                    quiet = time.monotonic() - self._last_take
                    if self._ready and quiet < REFILL_DELAY:
                        self._changed.wait(timeout=REFILL_DELAY - quiet)
                        continue
                    break
                if self._closed:
                    return
            try:
                container_id, session = _start_attached(
                    _api(), self.role, self.limits, self.image_id
                )
                failures = 0
            except (DockerException, requests.RequestException, OSError) as error:
                failures += 1
                log.warning("sandbox pool (%s): cannot start a container: %s", self.role, error)
                time.sleep(min(30.0, 0.5 * 2**failures))
                continue
            warm = _Warm(container_id, session, time.monotonic())
            with self._changed:
                closed = self._closed
                if not closed:
                    self._ready.append(warm)
            if closed:
                _retire(warm)
                return

    def close(self) -> None:
        with self._changed:
            self._closed = True
            leftovers = list(self._ready)
            self._ready.clear()
            self._changed.notify_all()
        self._thread.join(timeout=30)
        for warm in leftovers:
            _retire(warm)


def _retire(warm: _Warm) -> None:
    warm.session.close()
    _reaper.remove_later(warm.container_id)


_pools: dict[tuple[str, SandboxLimits, str], _WarmPool] = {}
_pools_lock = threading.Lock()
_pools_pid = os.getpid()
_leftovers_checked = False


def _pool(role: str, limits: SandboxLimits, image_id: str) -> _WarmPool | None:
    global _pools_pid, _leftovers_checked
    size = settings.SANDBOX_POOL_SIZE
    if size <= 0 or limits != SandboxLimits.from_settings():
        return None
    with _pools_lock:
        if _pools_pid != os.getpid():  # forked (Celery prefork): the parent's pools are not ours
            _pools.clear()
            _pools_pid = os.getpid()
        if not _leftovers_checked:
            _leftovers_checked = True
            threading.Thread(target=remove_leftover_containers, daemon=True).start()
        key = (role, limits, image_id)
        pool = _pools.get(key)
        if pool is None:
            for old_key in [k for k in _pools if k[0] == role]:  # an older image, or limits
                threading.Thread(target=_pools.pop(old_key).close, daemon=True).start()
            pool = _pools[key] = _WarmPool(role, limits, image_id, size)
        return pool


def _acquire(
    role: str, limits: SandboxLimits, image_id: str, use_pool: bool
) -> "tuple[str, _Session]":
    """A started container of that role, attached, waiting for its request on stdin."""
    pool = _pool(role, limits, image_id) if use_pool else None
    warm = pool.take() if pool else None
    return warm or _start_attached(_api(), role, limits, image_id)


def shutdown() -> None:
    """Remove every waiting container of this process and wait for pending removals."""
    with _pools_lock:
        pools = list(_pools.values()) if _pools_pid == os.getpid() else []
        _pools.clear()
    for pool in pools:
        pool.close()
    _reaper.drain()


atexit.register(shutdown)


def remove_leftover_containers() -> int:
    """Remove sandbox containers left by processes of this host that no longer exist."""
    try:
        api = _api()
        containers = api.containers(all=True, filters={"label": OWNER_LABEL})
    except (DockerException, requests.RequestException, OSError):
        return 0
    hostname = socket.gethostname()
    removed = 0
    for container in containers:
        owner_host, _, pid = container["Labels"].get(OWNER_LABEL, "").rpartition(":")
        if owner_host != hostname or not pid.isdigit() or _process_alive(int(pid)):
            continue
        _remove(api, container["Id"])
        removed += 1
    return removed


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# --- The attach stream ------------------------------------------------------------------


# Frames the agent relays once the program runs (deploy/sandbox/agent/exec.go).
RELAY_STDOUT, RELAY_STDERR, RELAY_EXIT = ord("o"), ord("e"), ord("x")


class _Session:
    """The attach connection of one container: our bytes go to its stdin, and its
    stdout and stderr come back multiplexed (8-byte headers, no TTY)."""

    def __init__(self, api: docker.APIClient, container_id: str) -> None:
        params = {"stdin": 1, "stdout": 1, "stderr": 1, "stream": 1}
        self._raw = api.attach_socket(container_id, params=params)
        self._sock: socket.socket = getattr(self._raw, "_sock", self._raw)
        self._pending = bytearray()
        self.stdout = bytearray()
        self.stderr = bytearray()
        self.eof = False
        # What the agent relays once it runs the program (see `pump`).
        self.program_output = {RELAY_STDOUT: bytearray(), RELAY_STDERR: bytearray()}
        self.program_exit: int | None = None

    def send(self, data: bytes, deadline: float) -> None:
        self._sock.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            self._sock.sendall(data)
        except TimeoutError:
            raise _Deadline from None
        except OSError as error:
            raise _AgentFault(f"the sandbox stopped reading its input ({error})") from None

    def send_frame(self, payload: bytes, deadline: float) -> None:
        self.send(struct.pack(">I", len(payload)) + payload, deadline)

    def waiting(self) -> bool:
        """True while the agent waits for its request: nothing to read, no hang-up."""
        try:
            readable, _, _ = select.select([self._sock], [], [], 0)
        except (OSError, ValueError):
            return False
        return not readable and not self.eof

    def close_stdin(self) -> None:
        try:
            self._sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass

    def close(self) -> None:
        for closable in (self._sock, self._raw):
            try:
                closable.close()
            except OSError:
                pass

    def fill(self, deadline: float) -> None:
        """Read what is available (waiting at most until deadline) into stdout/stderr."""
        if self.eof:
            return
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _Deadline
        readable, _, _ = select.select([self._sock], [], [], remaining)
        if not readable:
            raise _Deadline
        self._sock.settimeout(0.0)
        try:
            chunk = self._sock.recv(1 << 16)
        except BlockingIOError:
            return
        except OSError:
            chunk = b""
        if not chunk:
            self.eof = True
            return
        self._pending += chunk
        while len(self._pending) >= 8:
            stream, size = self._pending[0], struct.unpack(">I", self._pending[4:8])[0]
            if len(self._pending) < 8 + size:
                break
            target = self.stderr if stream == 2 else self.stdout
            target += self._pending[8 : 8 + size]
            del self._pending[: 8 + size]

    def read_stdout(self, count: int, deadline: float) -> bytes:
        while len(self.stdout) < count:
            if self.eof:
                detail = self.stderr.decode(errors="replace").strip()
                raise _AgentFault(detail or "the sandbox closed its output early")
            self.fill(deadline)
        data = bytes(self.stdout[:count])
        del self.stdout[:count]
        return data

    def read_frame(self, deadline: float) -> bytes:
        (size,) = struct.unpack(">I", self.read_stdout(4, deadline))
        return self.read_stdout(size, deadline)

    def read_json(self, deadline: float) -> dict[str, Any]:
        try:
            reply = json.loads(self.read_frame(deadline))
        except ValueError as error:
            raise _AgentFault(f"unreadable answer from the sandbox: {error}") from None
        if not isinstance(reply, dict):
            raise _AgentFault("unexpected answer from the sandbox")
        return reply

    def pump(self, deadline: float, limit: int) -> str:
        """Collect the program's relayed output until the agent reports its exit ("exit"),
        the streams close without that ("eof": the container died with the agent), the
        deadline passes ("deadline") or a stream holds more than limit bytes
        ("exceeded")."""
        while True:
            self._take_relay_frames()
            if self.program_exit is not None:
                return "exit"
            if any(len(output) > limit for output in self.program_output.values()):
                return "exceeded"
            if self.eof:
                return "eof"
            try:
                self.fill(deadline)
            except _Deadline:
                return "deadline"

    def _take_relay_frames(self) -> None:
        while len(self.stdout) >= 5 and self.program_exit is None:
            kind, size = self.stdout[0], struct.unpack(">I", self.stdout[1:5])[0]
            if len(self.stdout) < 5 + size:
                return
            payload = bytes(self.stdout[5 : 5 + size])
            del self.stdout[: 5 + size]
            if kind == RELAY_EXIT:
                try:
                    self.program_exit = int(json.loads(payload)["code"])
                except (ValueError, KeyError, TypeError) as error:
                    raise _AgentFault(f"unreadable exit frame: {error}") from None
            elif kind in self.program_output:
                self.program_output[kind] += payload
            else:
                raise _AgentFault(f"unknown relay frame {kind!r}")


def _watch_program(
    api: docker.APIClient, container_id: str, session: _Session, limits: SandboxLimits
) -> tuple[verdicts.ProgramRun, int]:
    """Follow the program the agent just started; returns the run and its wall time."""
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
        _kill(api, container_id)
        run.timed_out = state == "deadline"
        run.output_exceeded = state == "exceeded"
        run.exit_code = None
    limit = limits.output_limit
    stdout, stderr = session.program_output[RELAY_STDOUT], session.program_output[RELAY_STDERR]
    if state == "eof":
        stderr = stderr + session.stderr  # the agent's last words, if it had any
    run.stdout, run.stdout_truncated = bytes(stdout[:limit]), len(stdout) > limit
    run.stderr, run.stderr_truncated = bytes(stderr[:limit]), len(stderr) > limit
    return run, elapsed_ms


# --- Runs -------------------------------------------------------------------------------


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


SIGKILL_EXIT = 128 + 9
# How long a SIGKILL waits for the engine's OOM notice. Only the memory limit or the
# program itself sends one, and the notice of the first comes within milliseconds.
OOM_NOTICE_GRACE = 1.0


def _out_of_memory(
    api: docker.APIClient, container_id: str, state: Mapping[str, Any] | None = None
) -> bool:
    """Whether the memory limit killed the container (state: its inspected State)."""
    try:
        if state is None:
            state = api.inspect_container(container_id)["State"]
    except (DockerException, requests.RequestException):
        return False
    if state.get("OOMKilled"):
        return True
    # The engine can record the exit before the OOM notice and then never sets the flag.
    return (
        not state.get("Running")
        and state.get("ExitCode") == SIGKILL_EXIT
        and _oom_event_seen(api, container_id)
    )


def _oom_event_seen(api: docker.APIClient, container_id: str) -> bool:
    """Whether the engine reported an OOM kill in the container, waiting at most
    OOM_NOTICE_GRACE for the notice of a SIGKILL that has just happened."""
    now = time.time()
    try:
        notices = api.events(
            since=f"{now - 60:.9f}",
            until=f"{now + OOM_NOTICE_GRACE:.9f}",
            filters={"container": container_id, "event": "oom"},
            decode=True,
        )
        try:
            return next(notices, None) is not None
        finally:
            notices.close()
    except (DockerException, requests.RequestException):
        return False


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
        _image_ids.clear()
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


# --- The image --------------------------------------------------------------------------


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
    inputs = sandbox_image.context_inputs()
    label = f"{sandbox_image.IMAGE_INPUTS_LABEL}={inputs.digest}"
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
        sandbox_image.write_context(context)
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
            labels={sandbox_image.IMAGE_INPUTS_LABEL: inputs.digest},
            decode=True,
        ):
            if "error" in chunk:
                raise ImageBuildError(chunk["error"].strip())
            if text := chunk.get("stream", "").strip():
                say(text)
    image_id = api.inspect_image(f"{repository}:{tag}")["Id"]
    _image_ids.clear()
    if previous and previous != image_id:
        try:  # only succeeds once no container uses it any more; else it stays dangling
            api.remove_image(previous)
        except (DockerException, requests.RequestException):
            pass
    return ImageBuild(
        f"{repository}:{tag}", image_id, inputs.digest, True, time.monotonic() - started
    )


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
