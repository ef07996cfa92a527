"""The whole platform on loopback for benchmarks: the Django app served by a live HTTP
server thread (`running_platform`) or by gunicorn with production settings
(`gunicorn_platform`), a real Celery worker process (concurrency 2, as scripts/run.sh
starts it) on its own Redis database, and logged-in learners talking HTTP to it.

Import this module before django.setup(): it points the process at its own SQLite file
and broker database so that a benchmark never touches development data. Set
`BENCH_ENV` entries (e.g. `GRADER_RUNS_PER_MINUTE`) with `configure()`, also before
django.setup().

`python -m bench.http_pipeline gunicorn ARGS...` is how `gunicorn_platform` starts
gunicorn: the same environment, plus the STATIC_ROOT of a bench (see there).
"""

import http.cookiejar
import io
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
_INHERITED = dict(os.environ)  # what a parent bench passed down (see _serve_gunicorn)
BENCH_DB = ROOT / "var" / "bench.sqlite3"
BENCH_ENV = {
    # Several processes write (web workers, Celery children): wait for the lock instead of
    # failing with "database is locked", take it at BEGIN, and let readers run beside a
    # writer (WAL). Production uses PostgreSQL; this keeps SQLite from being the bottleneck.
    "DATABASE_URL": f"sqlite:///{BENCH_DB}?timeout=30&transaction_mode=IMMEDIATE"
    "&init_command=PRAGMA+journal_mode%3DWAL%3BPRAGMA+synchronous%3DNORMAL",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/14",
    "CELERY_RESULT_BACKEND": "redis://127.0.0.1:6379/14",
    "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret"),
    "SECURE_SSL_REDIRECT": "0",
    "ALLOWED_HOSTS": "127.0.0.1",
    "GRADER_RUNS_PER_MINUTE": "100000",
    "CONTENT_AUTO_SYNC": "0",
}
os.environ.update(BENCH_ENV)
# Read by `python -m bench.http_pipeline gunicorn`: where collectstatic put the files.
STATIC_ROOT_ENV = "BENCH_STATIC_ROOT"
SUBMISSION_RE = re.compile(r'data-submission="([0-9a-f-]{36})"')


def configure(**overrides: str) -> None:
    """Change bench settings (environment variables) for this process and its children."""
    BENCH_ENV.update(overrides)
    os.environ.update(overrides)


class _LoopbackPolicy(http.cookiejar.DefaultCookiePolicy):
    # Production settings mark cookies Secure; this is plain HTTP on loopback.
    def return_ok_secure(self, cookie, request) -> bool:
        return True


class Learner:
    """A browser-less learner: a cookie jar, a CSRF token and the grader's endpoints."""

    def __init__(self, base_url: str, username: str, password: str):
        self.base_url = base_url
        jar = http.cookiejar.CookieJar(policy=_LoopbackPolicy())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        self.opener.open(f"{base_url}/accounts/login/").read()
        self._post("/accounts/login/", {"username": username, "password": password})
        if not self.cookie("sessionid"):
            raise RuntimeError(f"{username} could not log in")

    def cookie(self, name: str) -> str | None:
        for handler in self.opener.handlers:
            if isinstance(handler, urllib.request.HTTPCookieProcessor):
                for cookie in handler.cookiejar:
                    if cookie.name == name:
                        return cookie.value
        return None

    def _csrf(self) -> str:
        token = self.cookie("csrftoken")
        if token is None:
            raise RuntimeError("no CSRF cookie")
        return token

    def _post(self, path: str, fields: dict[str, str]) -> str:
        data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": self._csrf()}).encode()
        request = urllib.request.Request(
            f"{self.base_url}{path}", data=data, headers={"Referer": self.base_url + "/"}
        )
        with self.opener.open(request) as response:
            return response.read().decode()

    def submit(
        self, files: dict[str, str], *, exercise_id: int | None = None, race: bool = False
    ) -> str:
        """POST the code as a lesson example's Run (with `race`, Run with -race; with
        `exercise_id`, an exercise's Submit) button does; return the id of the submission
        in the 202 partial (its `data-submission`). urllib.error.HTTPError for a refusal
        (429) or a server error."""
        if exercise_id is None:
            fields = {"code": files["main.go"], "kind": "run", "clock": "virtual"}
            page = self._post("/grader/run/", {**fields, "race": "on"} if race else fields)
        else:
            fields = {f"file:{name}": source for name, source in files.items()}
            page = self._post(f"/grader/exercises/{exercise_id}/submit/", fields)
        match = SUBMISSION_RE.search(page)
        if match is None:
            raise RuntimeError(f"no submission in the answer: {page[:300]}")
        return match.group(1)

    def state(self, submission_id: str, wait: float = 0) -> dict:
        """The submission's JSON state; with `wait`, the server holds the request until
        the submission changes (at most `wait` seconds) if it has a waiting slot free."""
        url = f"{self.base_url}/grader/submissions/{submission_id}.json?wait={wait:g}"
        with self.opener.open(url) as response:
            return json.loads(response.read())

    def follow(
        self,
        submission_id: str,
        *,
        timeout: float = 180.0,
        wait_for_vet: bool = False,
        on_state: Callable[[dict], None] | None = None,
    ) -> dict:
        """Follow the submission's JSON state as the page does (the server holds each
        request until the submission changes, or answers at once when all its waiting
        slots are taken, and then the page waits 0.3 s) until done (the output is shown;
        with `wait_for_vet`, until go vet's findings are in too); return that state.
        `on_state` sees every state received. TimeoutError after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            state = self.state(submission_id, wait=2)
            if on_state is not None:
                on_state(state)
            if state["state"] == "done":
                if not (wait_for_vet and state["result"].get("vet_pending")):
                    return state
            if time.monotonic() > deadline:
                raise TimeoutError(f"submission {submission_id} not done after {timeout:.0f} s")
            if not state["waited"]:  # no waiting slot was free: poll as the page does
                time.sleep(0.3)

    def run(
        self,
        files: dict[str, str],
        *,
        exercise_id: int | None = None,
        timeout: float = 180.0,
        wait_for_vet: bool = False,
    ) -> dict:
        """POST the code and follow it until done (see `follow`); return its last state."""
        deadline = time.monotonic() + timeout
        submission_id = self.submit(files, exercise_id=exercise_id)
        return self.follow(
            submission_id, timeout=deadline - time.monotonic(), wait_for_vet=wait_for_vet
        )


def create_learner(username: str, password: str) -> None:
    from django.contrib.auth.models import User

    User.objects.create_user(username, password=password)


def create_exercise(files: dict[str, str], tests: dict[str, str]) -> int:
    from courses.models import Course, Exercise, Lesson, Track

    course = Course.objects.create(slug="bench", title="Bench")
    track = Track.objects.create(course=course, slug="main", title="Bench")
    lesson = Lesson.objects.create(
        course=course, track=track, slug="bench", number=1, position=1, title="Bench"
    )
    exercise = Exercise.objects.create(
        lesson=lesson,
        slug="bench",
        title="Bench",
        starter_files=files,
        solution_files=files,
        test_files=tests,
    )
    return exercise.pk


def drop_database() -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{BENCH_DB}{suffix}").unlink(missing_ok=True)


def fresh_database(*, content: bool = False) -> None:
    """Migrate a new bench SQLite file; with `content`, load course content into it."""
    from django.core.management import call_command

    BENCH_DB.parent.mkdir(exist_ok=True)
    drop_database()
    call_command("migrate", verbosity=0)
    if content:
        call_command("sync_content", verbosity=0, stdout=io.StringIO())


def start_worker(concurrency: int = 2) -> subprocess.Popen:
    """A Celery worker process on the bench broker, as scripts/run.sh starts one."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "gocourse",
            "worker",
            f"--concurrency={concurrency}",
            "--loglevel=warning",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env={**os.environ, **BENCH_ENV},
    )


def _stop(process: subprocess.Popen, timeout: float = 60) -> None:
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def running_platform():
    """Yield the base URL of a migrated, running platform; stop everything afterwards."""
    from django.conf import settings
    from django.test.testcases import LiveServerThread, _StaticFilesHandler

    # Pages link static files by name; no collectstatic manifest is built for a bench.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

    fresh_database()
    worker = start_worker()
    server = LiveServerThread("127.0.0.1", _StaticFilesHandler, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.terminate()
        _stop(worker)
        drop_database()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_serving(base_url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{base_url}/accounts/login/", timeout=5) as response:
                response.read()
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer in time")


@contextmanager
def gunicorn_platform(
    *,
    workers: int = 2,
    worker_concurrency: int = 2,
    content: bool = True,
    server_log: IO | None = None,
):
    """Yield the base URL of gunicorn (`workers` processes of 4 threads, as
    deploy/entrypoint.sh runs it) serving gocourse.wsgi with production settings, and a
    Celery worker; stop both and drop the database afterwards. gunicorn's output (the
    app's log) goes to `server_log`, an open file, if given, else to this process's.

    Static files: production serves them with whitenoise's CompressedManifestStaticFilesStorage
    from STATIC_ROOT, and pages name the fingerprinted files. A bench must not write into
    the checkout's staticfiles/, and STATIC_ROOT is not read from the environment, so
    collectstatic runs (in this process) into a temporary directory and gunicorn is started
    through this module (`python -m bench.http_pipeline gunicorn ...`), which sets
    STATIC_ROOT to it before gunicorn forks its workers. Pages are thus rendered with the
    manifest storage, as in production, rather than with a replaced storage.
    """
    from django.conf import settings
    from django.core.management import call_command

    static_root = tempfile.mkdtemp(prefix="bench-static-")
    settings.STATIC_ROOT = static_root
    call_command("collectstatic", interactive=False, verbosity=0)
    fresh_database(content=content)
    worker = start_worker(worker_concurrency)
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bench.http_pipeline",
            "gunicorn",
            f"--workers={workers}",
            "--threads=4",
            f"--bind=127.0.0.1:{port}",
            "--backlog=2048",
            "--log-level=warning",
            "gocourse.wsgi:application",
        ],
        cwd=ROOT,
        env={**os.environ, **BENCH_ENV, STATIC_ROOT_ENV: static_root, "DEBUG": "0"},
        stdout=server_log,
        stderr=server_log,
    )
    try:
        _wait_until_serving(base_url, server)
        yield base_url
    finally:
        _stop(server)
        _stop(worker)
        drop_database()
        subprocess.run(["rm", "-rf", static_root], check=False)


def _serve_gunicorn(args: list[str]) -> None:
    """Run gunicorn in this process with the bench's STATIC_ROOT (see gunicorn_platform)."""
    # The parent's settings (configure()) win over this module's defaults.
    os.environ.update({name: _INHERITED[name] for name in BENCH_ENV if name in _INHERITED})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gocourse.settings")
    from django.conf import settings

    # Workers fork from this process and inherit the configured settings.
    settings.STATIC_ROOT = os.environ[STATIC_ROOT_ENV]
    from gunicorn.app.wsgiapp import run

    sys.argv = ["gunicorn", *args]
    run()


if __name__ == "__main__":
    if sys.argv[1:2] != ["gunicorn"]:
        raise SystemExit("usage: python -m bench.http_pipeline gunicorn GUNICORN_ARGS...")
    _serve_gunicorn(sys.argv[2:])
