"""A Celery worker takes learners' code only while its Docker engine answers.

Workers on several hosts share one queue, each with its own engine. `EngineWatch`, a
consumer bootstep (registered in gocourse/celery.py), pings the engine every
GRADER_ENGINE_CHECK_SECONDS from a thread of the worker's main process: when it stops
answering, the worker cancels its consumers of the queues that run code (interactive
and graded; maintenance needs no engine), and adds them again when it answers, so that
other workers take the runs meanwhile. A run that finds the engine gone first is put
back in the queue (grader.submissions) and stops its worker at once
(`stop_consuming`), without waiting for the next ping.

This module is imported with the Celery app, before Django is set up: it imports the
rest of grader only inside functions.
"""

import logging
import threading
from typing import TYPE_CHECKING

from celery import Celery, bootsteps

if TYPE_CHECKING:
    from celery.worker.consumer import Consumer

log = logging.getLogger(__name__)


def _code_queues() -> tuple[str, ...]:
    from grader.queues import GRADED, INTERACTIVE

    return INTERACTIVE, GRADED


def stop_consuming(app: Celery, hostname: str | None) -> None:
    """Tell the worker `hostname` (the one this task runs in) to stop taking code now."""
    if not hostname:  # not in a worker: run eagerly, or called directly
        return
    for queue in _code_queues():
        try:
            app.control.cancel_consumer(queue, destination=[hostname], reply=False)
        except Exception as error:  # the broker is away: the watch's next ping does it
            log.warning("could not stop %s consuming from %s: %s", hostname, queue, error)


def _broker_url(c: "Consumer") -> str:
    """The broker this worker consumes from (the app's setting may have moved since)."""
    if c.connection is None:
        return c.app.conf.broker_url
    return c.connection.as_uri(include_password=True)


class EngineWatch(bootsteps.StartStopStep):
    """Consume from the code queues only while the Docker engine answers a ping."""

    requires = {"celery.worker.consumer.tasks:Tasks"}

    def __init__(self, parent: "Consumer", **kwargs) -> None:
        super().__init__(parent, **kwargs)
        self.queues: list[str] = []
        self.thread: threading.Thread | None = None
        self.stopping = threading.Event()
        self.started = False  # the consumer runs: not while it shuts down or reconnects

    def start(self, c: "Consumer") -> None:
        # Called again when the consumer restarts after a broker outage; the thread stays.
        # A cancelled queue is also deselected, so the restart does not consume from it.
        self.started = True
        if self.thread is not None:
            return
        self.queues = [name for name in c.app.amqp.queues.consume_from if name in _code_queues()]
        if not self.queues:
            return  # a maintenance-only worker does not need an engine
        self.thread = threading.Thread(target=self._watch, args=(c,), name="engine-watch")
        self.thread.daemon = True
        self.thread.start()

    def stop(self, c: "Consumer") -> None:
        self.started = False

    def terminate(self, c: "Consumer") -> None:
        self.started = False

    def shutdown(self, c: "Consumer") -> None:
        self.started = False
        self.stopping.set()

    def _watch(self, c: "Consumer") -> None:
        from django.conf import settings

        from grader import runners
        from grader.sandbox import engine_answers

        answered = True
        while not self.stopping.is_set():
            answers = engine_answers()
            if answers != answered:
                if answers:
                    log.warning(
                        "Docker engine answers again: consuming from %s again",
                        ", ".join(self.queues),
                    )
                else:
                    log.warning(
                        "Docker engine unreachable: stopped consuming from %s until it answers;"
                        " runs wait in the queue for other workers",
                        ", ".join(self.queues),
                    )
                answered = answers
            # Every time, not only on a change: a run that found the engine gone may
            # have stopped the consumers while the pings still succeeded.
            c.call_soon(self._consume, c, answers)
            # Waiting learners are told when no runner's engine answers.
            runners.report(
                c.hostname,
                answers,
                3 * settings.GRADER_ENGINE_CHECK_SECONDS,
                _broker_url(c),
            )
            self.stopping.wait(settings.GRADER_ENGINE_CHECK_SECONDS)

    def _consume(self, c: "Consumer", answers: bool) -> None:
        """On the consumer's own thread: consume from the code queues, or stop."""
        if not self.started or c.task_consumer is None:
            return
        try:
            for queue in self.queues:
                consuming = c.task_consumer.consuming_from(queue)
                if answers and not consuming:
                    c.add_task_queue(queue)
                elif not answers and consuming:
                    c.cancel_task_queue(queue)
        except Exception as error:  # the broker connection is being re-established
            log.warning("could not change the consumed queues: %s", error)
