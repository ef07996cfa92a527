"""A cache of sandbox results, keyed by what decides them.

Results live in Redis when `REDIS_URL` answers, so that every worker shares them, and in
a small per-process LRU otherwise. Only verdicts that the same input reproduces are
kept: never timeouts, memory or output kills, sandbox errors, nor the output of a
program that reads the clock, random numbers or starts goroutines (on the real clock;
on the virtual one only randomness and select stay unpredictable).
"""

import hashlib
import json
import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

import redis
from django.conf import settings

from grader.results import SandboxLimits, SandboxResult, Status
from grader.run_options import PLAIN, RunOptions

log = logging.getLogger(__name__)

KEY_PREFIX = "gocourse:sandbox:result:"
MEMORY_ENTRIES = 512
REDIS_RETRY_SECONDS = 30.0

CACHEABLE = frozenset({Status.OK, Status.COMPILE_ERROR, Status.TESTS_FAILED, Status.RUNTIME_ERROR})

_RANDOM_PACKAGES = "math/rand|math/rand/v2|crypto/rand"
_RANDOM_IMPORT = re.compile(rf'"({_RANDOM_PACKAGES})"')
_NONDETERMINISTIC_IMPORT = re.compile(rf'"(time|{_RANDOM_PACKAGES})"')
_SELECT_STATEMENT = re.compile(r"(^|[;{}\s])select\s*\{", re.MULTILINE)
_GO_STATEMENT = re.compile(r"(^|[;{}\s])go\s+(func\b|[A-Za-z_][\w.]*\s*\()", re.MULTILINE)


def cache_key(
    sources: Mapping[str, str],
    mode: str,
    image_id: str,
    limits: SandboxLimits,
    options: RunOptions = PLAIN,
) -> str:
    payload = json.dumps(
        {
            "files": dict(sorted(sources.items())),
            "mode": mode,
            "image": image_id,
            "limits": asdict(limits),
            "options": options.to_dict(),
        },
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def worth_caching(
    result: SandboxResult, mode: str, files: Mapping[str, str], options: RunOptions = PLAIN
) -> bool:
    """Whether running the same files again must give the same result."""
    if result.status not in CACHEABLE or result.vet_skipped:
        return False  # a later run may have the CPU for go vet's findings
    if mode != "run" or result.status == Status.COMPILE_ERROR:
        return True
    # A program's output may change from run to run; tests decide by their verdict. On
    # the virtual clock the time is the same on every run and goroutines take turns on
    # one thread in the same order (deploy/sandbox/README.md): only randomness and a
    # select's random pick among ready cases remain.
    if options.virtual_time:
        nondeterministic = (_RANDOM_IMPORT, _SELECT_STATEMENT)
    else:
        nondeterministic = (_NONDETERMINISTIC_IMPORT, _GO_STATEMENT)
    return not any(
        pattern.search(text)
        for name, text in files.items()
        if name.endswith(".go")
        for pattern in nondeterministic
    )


class _ResultCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._memory: OrderedDict[str, str] = OrderedDict()
        self._redis: redis.Redis | None = None
        self._redis_down_until = 0.0

    def _client(self) -> redis.Redis | None:
        if time.monotonic() < self._redis_down_until:
            return None
        if self._redis is None:
            self._redis = redis.Redis.from_url(
                settings.REDIS_URL, socket_timeout=0.25, socket_connect_timeout=0.25
            )
        return self._redis

    def _redis_failed(self, error: Exception) -> None:
        log.info("result cache: Redis unavailable (%s); using process memory", error)
        self._redis_down_until = time.monotonic() + REDIS_RETRY_SECONDS

    def get(self, key: str) -> dict[str, Any] | None:
        raw: bytes | str | None = None
        client = self._client()
        if client is not None:
            try:
                raw = client.get(KEY_PREFIX + key)
            except redis.RedisError as error:
                self._redis_failed(error)
        if raw is None:
            with self._lock:
                raw = self._memory.get(key)
                if raw is not None:
                    self._memory.move_to_end(key)
        return json.loads(raw) if raw is not None else None

    def put(self, key: str, value: dict[str, Any]) -> None:
        raw = json.dumps(value)
        client = self._client()
        if client is not None:
            try:
                client.set(KEY_PREFIX + key, raw, ex=settings.SANDBOX_CACHE_TTL)
                return
            except redis.RedisError as error:
                self._redis_failed(error)
        with self._lock:
            self._memory[key] = raw
            self._memory.move_to_end(key)
            while len(self._memory) > MEMORY_ENTRIES:
                self._memory.popitem(last=False)

    def clear_memory(self) -> None:
        with self._lock:
            self._memory.clear()


results = _ResultCache()
