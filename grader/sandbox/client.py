"""The Docker client, and the sandbox's containers: create, start and attach, kill, remove."""

import logging
import os
import socket
import threading

import docker
import requests
from django.conf import settings
from docker.errors import DockerException, NotFound
from docker.types import LogConfig, Ulimit

from grader.results import SandboxLimits
from grader.sandbox.image import SANDBOX_USER
from grader.sandbox.protocol import _Session

log = logging.getLogger(__name__)

ROLE_LABEL = "org.gocourse.sandbox.role"
OWNER_LABEL = "org.gocourse.sandbox.owner"  # "hostname:pid" of the process that made it
AGENT_IDLE_SECONDS = 900  # a waiting container exits by itself after this
RUN_TMPFS_MB = 64  # /tmp of a container that runs learner code (the binary included)


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


ENGINE_PING_TIMEOUT = 5  # seconds


def engine_answers() -> bool:
    """Whether this process's Docker engine (DOCKER_HOST, else the local socket) answers."""
    try:
        client = docker.from_env(version="auto", timeout=ENGINE_PING_TIMEOUT)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except (DockerException, requests.RequestException, OSError):
        return False


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
        user=SANDBOX_USER,
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
) -> tuple[str, _Session]:
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
