"""Server time of the course health dashboard for 10,000 synthetic learners.

Builds a throwaway database (the real course plus synthetic progress, quiz attempts,
exercise progress and feedback), then requests /health/ as a staff user several times
and prints the median server time and the number of SQL queries.

    .venv/bin/python bench/dashboard.py [--learners 10000] [--requests 7]

The database is a temporary SQLite file, or, with BENCH_POSTGRES_URL set to a server
(e.g. postgres://postgres@127.0.0.1:54329/postgres, the test cluster of
scripts/test.sh), a database `gocourse_dashboard_bench` created there and dropped after.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.TemporaryDirectory(prefix="gocourse-bench-")
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "")
BENCH_DB = "gocourse_dashboard_bench"


def _postgres(statement: str) -> None:
    import psycopg

    with psycopg.connect(POSTGRES_URL, autocommit=True) as server:
        server.execute(statement)


if POSTGRES_URL:
    _postgres(f"DROP DATABASE IF EXISTS {BENCH_DB}")
    _postgres(f"CREATE DATABASE {BENCH_DB}")
    DATABASE_URL = POSTGRES_URL.rsplit("/", 1)[0] + f"/{BENCH_DB}"
else:
    DATABASE_URL = f"sqlite:///{TMP.name}/bench.sqlite3"
os.environ.update(
    {
        "DATABASE_URL": DATABASE_URL,
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret"),
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "testserver",
        "CONTENT_AUTO_SYNC": "0",
        "DJANGO_SETTINGS_MODULE": "gocourse.settings",
    }
)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from content_pipeline.autosync import sync_and_record  # noqa: E402
from courses.models import Course, ExerciseProgress, LessonProgress  # noqa: E402
from health.models import LessonFeedback  # noqa: E402
from quizzes.models import QuizAttempt  # noqa: E402

BATCH = 5000
STATIC_BACKEND = "django.contrib.staticfiles.storage.StaticFilesStorage"


def populate(learners: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    call_command("migrate", verbosity=0)
    _, errors = sync_and_record(settings.CONTENT_DIR)
    if errors:
        raise SystemExit(f"content errors: {errors}")
    course = Course.objects.first()
    main = list(course.lessons.available().filter(track__slug="main").order_by("number"))
    exercises = {lesson.pk: list(lesson.exercises.listed()) for lesson in main}
    User.objects.bulk_create(
        (User(username=f"learner{n}", password="!") for n in range(learners)), batch_size=BATCH
    )
    users = list(User.objects.values_list("pk", flat=True))
    now = timezone.now()
    progress, attempts, feedback, tries = [], [], [], []
    for user_id in users:
        reached = min(len(main), int(rng.expovariate(0.25)) + 1)
        for index, lesson in enumerate(main[:reached]):
            started = now - timedelta(days=rng.randint(0, 60), minutes=rng.randint(0, 600))
            done = index < reached - 1 or rng.random() < 0.5
            progress.append(
                LessonProgress(
                    user_id=user_id,
                    lesson=lesson,
                    started_at=started,
                    completed_at=started + timedelta(minutes=rng.randint(5, 90)) if done else None,
                    visits=1,
                )
            )
            if rng.random() < 0.6:
                finished = rng.random() < 0.75
                attempts.append(
                    QuizAttempt(
                        user_id=user_id,
                        lesson=lesson,
                        started_at=started,
                        finished_at=started if finished else None,
                        outcome=QuizAttempt.MASTERED if finished else "",
                    )
                )
            if rng.random() < 0.3:
                feedback.append(
                    LessonFeedback(
                        user_id=user_id,
                        lesson=lesson,
                        difficulty=rng.randint(1, 5),
                        confusing=rng.random() < 0.25,
                        confusing_section=lesson.toc[0]["anchor"] if lesson.toc else "",
                        comment="Could use another example." if rng.random() < 0.1 else "",
                    )
                )
            for exercise in exercises[lesson.pk]:
                if rng.random() < 0.5:
                    passed = rng.random() < 0.7
                    count = rng.randint(1, 5)
                    tries.append(
                        ExerciseProgress(
                            user_id=user_id,
                            exercise=exercise,
                            attempts=count,
                            passed_at=now if passed else None,
                            attempts_to_pass=count if passed else None,
                        )
                    )
    # Keep the synthetic start times: auto_now_add would set them all to now.
    started_field = LessonProgress._meta.get_field("started_at")
    started_field.auto_now_add = False
    try:
        LessonProgress.objects.bulk_create(progress, batch_size=BATCH)
    finally:
        started_field.auto_now_add = True
    for model, rows in (
        (QuizAttempt, attempts),
        (LessonFeedback, feedback),
        (ExerciseProgress, tries),
    ):
        model.objects.bulk_create(rows, batch_size=BATCH)
    print(
        f"{learners} learners: {len(progress)} lesson progress rows, {len(attempts)} quiz "
        f"attempts, {len(tries)} exercise progress rows, {len(feedback)} feedback rows"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=7)
    args = parser.parse_args()
    print(f"database: {connection.vendor}")
    started = time.perf_counter()
    populate(args.learners)
    print(f"populated in {time.perf_counter() - started:.1f} s")
    staff = User.objects.create_user("instructor", password="!", is_staff=True)
    client = Client()
    client.force_login(staff)
    timings = []
    # Static files are not collected in this throwaway setup: plain storage for the URLs.
    plain_static = {**settings.STORAGES, "staticfiles": {"BACKEND": STATIC_BACKEND}}
    with override_settings(STORAGES=plain_static):
        response = client.get("/health/")  # warm up templates and the connection
    for _ in range(args.requests):
        with override_settings(STORAGES=plain_static), CaptureQueriesContext(connection) as queries:
            begin = time.perf_counter()
            response = client.get("/health/")
            timings.append(time.perf_counter() - begin)
        assert response.status_code == 200, response.status_code
    print(
        f"/health/ over {args.requests} requests: median {statistics.median(timings) * 1000:.0f} ms"
        f" (min {min(timings) * 1000:.0f}, max {max(timings) * 1000:.0f}),"
        f" {len(queries)} SQL queries per request"
    )
    slowest = sorted(queries.captured_queries, key=lambda q: float(q["time"]), reverse=True)[:3]
    for query in slowest:
        print(f"  {float(query['time']) * 1000:6.0f} ms  {query['sql'][:110]}")
    if POSTGRES_URL:
        connection.close()
        _postgres(f"DROP DATABASE {BENCH_DB}")


if __name__ == "__main__":
    main()
