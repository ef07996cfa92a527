"""Which code runners there are: each worker's engine watch (grader/engine_watch.py)
reports whether its Docker engine answers, so that a waiting learner can be told when
no runner can take their code, instead of a bare "Queued". Kept in the broker's Redis,
which the web and every worker share by definition; a report expires unless renewed,
so a worker that is gone stops counting.
"""

import logging

import redis
from celery import current_app

log = logging.getLogger(__name__)

KEY_PREFIX = "gocourse:grader:runner:"
UP, DOWN = b"up", b"down"
TIMEOUT_SECONDS = 0.5


def _client(broker_url: str | None = None) -> redis.Redis:
    return redis.Redis.from_url(
        broker_url or current_app.conf.broker_url,
        socket_timeout=TIMEOUT_SECONDS,
        socket_connect_timeout=TIMEOUT_SECONDS,
    )


def report(worker: str, engine_answers: bool, valid_for: float, broker_url: str) -> None:
    """Into the Redis of the broker the worker consumes from (`broker_url`)."""
    try:
        with _client(broker_url) as client:
            state = UP if engine_answers else DOWN
            client.set(KEY_PREFIX + worker, state, ex=max(1, round(valid_for)))
    except redis.RedisError as error:
        log.warning("could not report the state of %s: %s", worker, error)


def none_can_run() -> bool:
    """Runners have reported and none of their engines answers. False when none has
    reported (no worker runs the watch) or Redis cannot say."""
    try:
        with _client() as client:
            keys = list(client.scan_iter(match=KEY_PREFIX + "*", count=100))
            states = client.mget(keys) if keys else []
    except redis.RedisError:
        return False
    states = [state for state in states if state is not None]
    return bool(states) and UP not in states
