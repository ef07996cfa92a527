"""Fault tests: a real `celery worker` subprocess on a Redis server of our own (port
FAULT_REDIS_PORT), so that both can be killed and restarted without touching the shared
ones."""

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from django.db import connection

from courses.models import Course, Exercise, Lesson, Track
from grader.models import Submission
from tests.conftest import TEST_BROKER_URL, use_broker
from tests.faults.engine import ROOT, PrivateDockerd

FAULT_REDIS_PORT = int(os.environ.get("FAULT_REDIS_PORT", "6390"))
SLEEPY_TESTS = {
    "sleepy_test.go": 'package sleepy\n\nimport (\n\t"testing"\n\t"time"\n)\n\n'
    "func TestSlowButRight(t *testing.T) {\n\ttime.Sleep(3 * time.Second)\n"
    '\tif Answer() != 42 {\n\t\tt.Fatalf("Answer() = %d, want 42", Answer())\n\t}\n}\n'
}
SLEEPY_SOLUTION = {"sleepy.go": "package sleepy\n\nfunc Answer() int { return 42 }\n"}


class OwnRedis:
    """A redis-server subprocess on loopback, without persistence."""

    def __init__(self, port: int, directory: Path):
        self.port, self.directory = port, directory
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--dir", str(self.directory), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        client = redis.Redis.from_url(self.url)
        for _ in range(100):
            try:
                if client.ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not answer on port {self.port}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


class Worker:
    """`celery -A gocourse worker` as a subprocess using the test database; a name makes
    it a node of its own (`-n name@host`), as a worker on another machine would be."""

    def __init__(self, broker_url: str, log_path: Path, extra_env: dict[str, str], name: str = ""):
        self.broker_url, self.log_path, self.extra_env = broker_url, log_path, extra_env
        self.name = name
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "gocourse.settings",
            "SECRET_KEY": "insecure-key-for-tests-only",
            "DATABASE_URL": test_database_url(),
            "CELERY_BROKER_URL": self.broker_url,
            "CELERY_RESULT_BACKEND": self.broker_url,
            **self.extra_env,
        }
        log = self.log_path.open("a")
        node = ["-n", f"{self.name}@%h"] if self.name else []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "gocourse", "worker", "--concurrency=1",
             "--loglevel=info", "--without-gossip", "--without-mingle", "--without-heartbeat",
             *node],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_ready(self, timeout: float = 60) -> None:
        wait_for(lambda: " ready." in self.log(), timeout, f"the worker {self.name} to start")

    def pool_child(self) -> int:
        """The pid of the prefork child that runs tasks."""
        assert self.process is not None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
            children = path.read_text().split()
            if children:
                return int(children[0])
            time.sleep(0.1)
        raise AssertionError("the worker never forked its pool process")

    def kill_everything(self) -> None:
        """SIGKILL the worker and its pool at once, as a crashed host would."""
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
            self.process = None

    def stop(self) -> None:
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
            self.process = None


def test_database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[OwnRedis]:
    server = OwnRedis(FAULT_REDIS_PORT, tmp_path)
    server.start()
    use_broker(server.url)
    yield server
    use_broker(TEST_BROKER_URL)
    server.stop()


@pytest.fixture
def make_worker(own_redis: OwnRedis, tmp_path: Path):
    workers: list[Worker] = []

    def make(name: str = "", **extra_env: str) -> Worker:
        log_path = tmp_path / (f"worker-{name}.log" if name else "worker.log")
        worker = Worker(own_redis.url, log_path, extra_env, name)
        worker.start()
        workers.append(worker)
        return worker

    yield make
    for worker in workers:
        worker.stop()


@pytest.fixture
def sleepy_exercise(db) -> Exercise:
    course = Course.objects.create(slug="faults", title="Faults")
    track = Track.objects.create(course=course, slug="main", title="Main")
    lesson = Lesson.objects.create(
        course=course, track=track, slug="faults", number=1, position=1, title="Faults"
    )
    # Unique sources: a cached verdict of an earlier test would skip the run to be killed.
    solution = {
        name: f"{source}\n// {uuid.uuid4().hex}\n" for name, source in SLEEPY_SOLUTION.items()
    }
    return Exercise.objects.create(
        lesson=lesson,
        slug="sleepy",
        title="Sleepy",
        starter_files=solution,
        solution_files=solution,
        test_files=SLEEPY_TESTS,
    )


def wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def state_of(submission: Submission) -> str:
    submission.refresh_from_db()
    return submission.state


def run_code(client, code: str, timeout: float = 90) -> Submission:
    """Click Run with `code` as the logged-in client; the finished submission."""
    before = set(Submission.objects.values_list("pk", flat=True))
    client.post("/grader/run/", {"code": code, "kind": "run"})
    submission = Submission.objects.exclude(pk__in=before).get()
    wait_for(lambda: state_of(submission) == "done", timeout, "the run to finish")
    submission.refresh_from_db()
    return submission


@pytest.fixture
def make_private_dockerd(settings):
    """Start private engines by name (one per grading machine), each loaded with the
    sandbox image; all are stopped after the test."""
    engines: list[PrivateDockerd] = []

    def make(name: str = "") -> PrivateDockerd:
        engine = PrivateDockerd(name)
        engines.append(engine)
        engine.start()
        engine.load_sandbox_image(settings.SANDBOX_IMAGE)
        return engine

    yield make
    for engine in engines:
        engine.stop()


@pytest.fixture
def private_dockerd(make_private_dockerd) -> PrivateDockerd:
    return make_private_dockerd()
