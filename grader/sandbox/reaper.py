"""Removes used containers off the request path, in one background thread per process."""

import logging
import os
import queue
import threading

from grader.sandbox.client import _api, _remove

log = logging.getLogger(__name__)


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
