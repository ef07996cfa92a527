"""Race binaries kept for a few minutes, so that a class told "now run it with -race"
builds the lesson's example once.

A race build costs about eight times a plain one (the race runtime, gcc's static link)
and a class sends the same example within seconds. The result is not kept: goroutines
race differently each time, so every learner still runs the program afresh; only the
build is shared, with the go vet answer it came with. Only programs (run mode) built
with -race, in Redis alone (a binary is megabytes: no copy in process memory), for
BINARY_TTL seconds.
"""

import functools
import hashlib
import json
import logging
import zlib
from dataclasses import dataclass

import redis
from django.conf import settings

from grader.sandbox.job import _Job

log = logging.getLogger(__name__)

KEY_PREFIX = "gocourse:sandbox:race-binary:"
BINARY_TTL = 300
MAX_BYTES = 32 * 1024 * 1024


@dataclass
class Built:
    binary: bytes
    vet: dict  # the build agent's go vet answer


def _wanted(job: _Job) -> bool:
    return job.keep_binary and job.options.race and job.mode == "run"


def _key(job: _Job) -> str:
    payload = json.dumps(
        {"files": job.sources, "image": job.build_image_id, "options": job.options.to_dict()},
        sort_keys=True,
    )
    return KEY_PREFIX + hashlib.sha256(payload.encode()).hexdigest()


@functools.cache
def _client() -> redis.Redis:
    return redis.Redis.from_url(settings.REDIS_URL, socket_timeout=0.5, socket_connect_timeout=0.5)


def get(job: _Job) -> Built | None:
    if not _wanted(job):
        return None
    try:
        found = _client().hmget(_key(job), "binary", "vet")
    except redis.RedisError as error:
        log.info("race binaries: Redis unavailable (%s); building", error)
        return None
    if None in found:
        return None
    return Built(zlib.decompress(found[0]), json.loads(found[1]))


def put(job: _Job, binary: bytes, vet: dict) -> None:
    if not _wanted(job) or len(binary) > MAX_BYTES:
        return
    key = _key(job)
    try:
        with _client().pipeline() as pipe:
            pipe.hset(key, mapping={"binary": zlib.compress(binary, 1), "vet": json.dumps(vet)})
            pipe.expire(key, BINARY_TTL)
            pipe.execute()
    except redis.RedisError as error:
        log.info("race binaries: Redis unavailable (%s); not kept", error)
