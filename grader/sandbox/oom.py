"""Whether the memory limit killed a container: Docker's OOM flag, or the engine's event."""

import time
from collections.abc import Mapping
from typing import Any

import docker
import requests
from docker.errors import DockerException

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
