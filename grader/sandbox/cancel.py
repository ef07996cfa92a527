"""Stopping a run from another thread (the learner's Stop button): the containers the run
uses are killed at once, and so is any it starts afterwards."""

import threading

from grader.sandbox.client import _api, _kill


class Cancel:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._containers: set[str] = set()
        self.cancelled = False

    def track(self, container_id: str) -> None:
        with self._lock:
            self._containers.add(container_id)
            cancelled = self.cancelled
        if cancelled:
            _kill(_api(), container_id)

    def cancel(self) -> None:
        with self._lock:
            self.cancelled = True
            containers = list(self._containers)
        api = _api()
        for container_id in containers:
            _kill(api, container_id)
