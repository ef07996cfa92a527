"""A classroom at once on the embedded SQLite database: every write lands, none is refused.

Each thread is a learner with its own test client, so its own database connection:
quiz answers, code runs and lesson feedback go through the views while two threads do
what a grading worker does to the same rows.
"""

import random
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client

from content_pipeline.autosync import sync_and_record
from courses.models import Lesson
from grader import submissions
from grader.models import Submission
from health.models import LessonFeedback
from quizzes.models import Answer, QuizAttempt
from tests.conftest import write
from tests.quizzes.conftest import LESSON, QUIZ, QUIZ_URL, right_answer, wrong_answer

pytestmark = [
    pytest.mark.skipif(
        django_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
        reason="about the embedded SQLite database",
    ),
    pytest.mark.django_db(transaction=True),
]

SECONDS = 4.0
LEARNERS_PER_ACTIVITY = 6  # three activities: 18 learners, and 2 grading workers
WORKERS = 2
HELLO = 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hi") }\n'
FEEDBACK_LESSONS = ["01-first", "02-second", "x1-extra"]


class Classroom:
    """Runs every activity in its own thread until time is up; collects what went wrong."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.deadline = 0.0
        self.learners_done = threading.Event()
        self._learners: list[Callable[[], None]] = []
        self._workers: list[Callable[[], None]] = []

    def add_learner(self, activity: Callable[[], None]) -> None:
        self._learners.append(activity)

    def add_worker(self, activity: Callable[[], None]) -> None:
        self._workers.append(activity)

    def expect(self, response, status: int, what: str) -> None:
        if response.status_code != status:
            self.errors.append(f"{what}: {response.status_code} {response.content[:300]!r}")

    def running(self) -> bool:
        return time.monotonic() < self.deadline and not self.errors

    def run(self) -> None:
        start = threading.Barrier(len(self._learners) + len(self._workers))
        learners, workers = (
            [threading.Thread(target=self._run, args=(each, start)) for each in activities]
            for activities in (self._learners, self._workers)
        )
        self.deadline = time.monotonic() + SECONDS
        for thread in learners + workers:
            thread.start()
        for thread in learners:
            thread.join()
        self.learners_done.set()
        for thread in workers:
            thread.join()

    def _run(self, activity: Callable[[], None], start: threading.Barrier) -> None:
        try:
            start.wait()
            activity()
        except Exception:
            self.errors.append(traceback.format_exc())
        finally:
            connection.close()  # this thread's own connection


@pytest.fixture
def classroom_content(content_dir: Path, settings, transactional_db) -> None:
    write(content_dir / LESSON / "quiz.md", QUIZ)
    settings.CONTENT_DIR = content_dir
    settings.CONTENT_AUTO_SYNC = False
    settings.GRADER_RUNS_PER_MINUTE = 1_000_000
    _, errors = sync_and_record(content_dir)
    assert errors == []


@pytest.fixture
def fake_grading(monkeypatch) -> None:
    """The worker threads below find queued rows in the database themselves, and the
    sandbox answers at once: only the database writes of grading are left."""
    from grader import sandbox

    monkeypatch.setattr(submissions, "enqueue", lambda submission: True)
    monkeypatch.setattr(
        sandbox, "run_submission_files", lambda *args, **kwargs: {"status": "ok", "stdout": "hi\n"}
    )


def learner(name: str) -> tuple[User, Client]:
    user = User.objects.create_user(name)
    client = Client()
    client.force_login(user)
    return user, client


def test_the_test_database_runs_with_the_sqlite_options():
    with connection.cursor() as cursor:
        journal_mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
        synchronous = cursor.execute("PRAGMA synchronous").fetchone()[0]
        busy_timeout = cursor.execute("PRAGMA busy_timeout").fetchone()[0]
    assert connection.transaction_mode == "IMMEDIATE"
    assert (journal_mode, synchronous, busy_timeout) == ("wal", 1, 20_000)  # 1 is NORMAL


def test_a_classroom_writing_at_once_gets_no_error_and_loses_no_write(
    classroom_content, fake_grading
):
    room = Classroom()
    answered: Counter[str] = Counter()
    accepted_runs: Counter[str] = Counter()
    last_feedback: dict[tuple[str, str], int] = {}
    lesson_id = Lesson.objects.get(slug="01-first").pk

    def take_quizzes(user: User, client: Client) -> None:
        pick = random.Random(user.username)
        while room.running():
            attempt = QuizAttempt.objects.open().filter(user=user).first()
            if attempt is None:
                response = client.post(QUIZ_URL + "start/", {"restart": "1"})
                room.expect(response, 302, "quiz start")
                continue
            room.expect(client.get(QUIZ_URL), 200, "quiz page")
            question = QuizAttempt.objects.get(pk=attempt.pk).current_question
            if question is None:  # the quiz ran out of questions and concluded the attempt
                continue
            given = (right_answer if pick.random() < 0.7 else wrong_answer)(question)
            response = client.post(QUIZ_URL + "answer/", {"question": question.pk, **given})
            room.expect(response, 302, "quiz answer")
            answered[user.username] += response.status_code == 302

    def run_code(user: User, client: Client) -> None:
        while room.running():
            response = client.post(
                "/grader/run/",
                {"code": HELLO, "kind": "run", "lesson": lesson_id, "block": 0},
                headers={"HX-Request": "true"},
            )
            room.expect(response, 202, "run")
            accepted_runs[user.username] += response.status_code == 202

    def give_feedback(user: User, client: Client) -> None:
        pick = random.Random(user.username)
        while room.running():
            lesson, difficulty = pick.choice(FEEDBACK_LESSONS), pick.randint(1, 5)
            response = client.post(
                f"/health/feedback/go/{lesson}/",
                {"difficulty": str(difficulty), "comment": f"{user.username} says {difficulty}"},
                headers={"HX-Request": "true"},
            )
            room.expect(response, 200, "feedback")
            if response.status_code == 200:
                last_feedback[user.username, lesson] = difficulty

    def grade() -> None:
        # Like a Celery worker: run whatever is queued, until the learners are gone and
        # nothing is left.
        while not room.errors:
            queued = list(
                Submission.objects.filter(state=Submission.State.QUEUED).values_list(
                    "pk", flat=True
                )[:5]
            )
            if not queued and room.learners_done.is_set():
                return
            for pk in queued:
                submissions.execute_submission(pk)
            if not queued:
                time.sleep(0.01)

    learners = []
    for activity in (take_quizzes, run_code, give_feedback):
        for number in range(LEARNERS_PER_ACTIVITY):
            user, client = learner(f"{activity.__name__}-{number}")
            learners.append(user)
            room.add_learner(lambda a=activity, u=user, c=client: a(u, c))
    for _ in range(WORKERS):
        room.add_worker(grade)
    room.run()

    assert room.errors == [], f"{len(room.errors)} errors, the first:\n{room.errors[0]}"
    for user in learners:
        assert Answer.objects.filter(user=user).count() == answered[user.username]
        assert Submission.objects.filter(owner=user).count() == accepted_runs[user.username]
    assert not Submission.objects.exclude(state=Submission.State.DONE).exists()
    saved = {
        (row.user.username, row.lesson.slug): row.difficulty
        for row in LessonFeedback.objects.select_related("user", "lesson")
    }
    assert saved == last_feedback
    # Not a vacuous pass: every kind of write happened.
    assert sum(answered.values()) >= LEARNERS_PER_ACTIVITY
    assert sum(accepted_runs.values()) >= LEARNERS_PER_ACTIVITY
    assert len(last_feedback) >= LEARNERS_PER_ACTIVITY
