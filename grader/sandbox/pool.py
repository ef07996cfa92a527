"""Containers started ahead of time, so that a run does not wait for Docker to start one.

Per process, role, limits and image; each container is still used once. `shutdown`
removes them (also at exit); `remove_leftover_containers` removes those of processes
that died.
"""

import atexit
import logging
import os
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass

import requests
from django.conf import settings
from docker.errors import DockerException

from grader.results import SandboxLimits
from grader.sandbox.client import OWNER_LABEL, _api, _remove, _start_attached
from grader.sandbox.protocol import _Session
from grader.sandbox.reaper import _reaper

log = logging.getLogger(__name__)

POOL_MAX_AGE = 600.0  # a waiting container older than this is replaced, not used
REFILL_DELAY = 1.0  # seconds after a take before the pool starts a replacement


@dataclass
class _Warm:
    container_id: str
    session: _Session
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

    def take(self) -> tuple[str, _Session] | None:
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
) -> tuple[str, _Session]:
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
