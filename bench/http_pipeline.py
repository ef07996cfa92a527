"""The whole platform on loopback for benchmarks: the Django app served by a live HTTP
server thread, a real Celery worker process (concurrency 2, as scripts/run.sh starts it)
on its own Redis database, and a logged-in learner talking HTTP to it.

Import this module before django.setup(): it points the process at its own SQLite file
and broker database so that a benchmark never touches development data.
"""

import http.cookiejar
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = ROOT / "var" / "bench.sqlite3"
BENCH_ENV = {
    "DATABASE_URL": f"sqlite:///{BENCH_DB}",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/14",
    "CELERY_RESULT_BACKEND": "redis://127.0.0.1:6379/14",
    "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret"),
    "SECURE_SSL_REDIRECT": "0",
    "ALLOWED_HOSTS": "127.0.0.1",
    "GRADER_RUNS_PER_MINUTE": "100000",
    "CONTENT_AUTO_SYNC": "0",
}
os.environ.update(BENCH_ENV)
SUBMISSION_RE = re.compile(r'data-submission="([0-9a-f-]{36})"')


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

    def _csrf(self) -> str:
        for handler in self.opener.handlers:
            if isinstance(handler, urllib.request.HTTPCookieProcessor):
                for cookie in handler.cookiejar:
                    if cookie.name == "csrftoken":
                        return cookie.value
        raise RuntimeError("no CSRF cookie")

    def _post(self, path: str, fields: dict[str, str]) -> str:
        data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": self._csrf()}).encode()
        request = urllib.request.Request(
            f"{self.base_url}{path}", data=data, headers={"Referer": self.base_url + "/"}
        )
        with self.opener.open(request) as response:
            return response.read().decode()

    def run(self, files: dict[str, str], *, exercise_id: int | None = None) -> dict:
        """POST the code, poll its JSON state until done; return the final state."""
        if exercise_id is None:
            page = self._post("/grader/run/", {"code": files["main.go"], "kind": "run"})
        else:
            fields = {f"file:{name}": source for name, source in files.items()}
            page = self._post(f"/grader/exercises/{exercise_id}/submit/", fields)
        match = SUBMISSION_RE.search(page)
        if match is None:
            raise RuntimeError(f"no submission in the answer: {page[:300]}")
        url = f"{self.base_url}/grader/submissions/{match.group(1)}.json"
        while True:
            with self.opener.open(url) as response:
                state = json.loads(response.read())
            if state["state"] == "done":
                return state
            time.sleep(0.02)


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


@contextmanager
def running_platform():
    """Yield the base URL of a migrated, running platform; stop everything afterwards."""
    from django.conf import settings
    from django.core.management import call_command
    from django.test.testcases import LiveServerThread, _StaticFilesHandler

    # Pages link static files by name; no collectstatic manifest is built for a bench.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

    BENCH_DB.parent.mkdir(exist_ok=True)
    BENCH_DB.unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "gocourse",
            "worker",
            "--concurrency=2",
            "--loglevel=warning",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env={**os.environ, **BENCH_ENV},
    )
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
        worker.terminate()
        worker.wait(timeout=60)
        BENCH_DB.unlink(missing_ok=True)
