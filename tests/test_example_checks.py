"""A lesson example that stops compiling is found in the background, after the sync that
changed it, and shown in the content banner."""

import logging
import time

import pytest

from content_pipeline.autosync import sync_and_record
from courses.models import ContentState
from tests.conftest import TEST_BROKER_URL, use_broker

LESSON = "go/lessons/01-hello-go/lesson.md"
URL = "/learn/go/01-hello-go/"
GOOD = '\tfmt.Println("Hello, Go!")\n}\n'
BROKEN = '\tfmt.Println("Hello, Go!")\n\tgreet()\n}\n'


def wait_for_example_problems(expect_any: bool, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = ContentState.current().example_problems
        if bool(found) == expect_any:
            return found
        time.sleep(0.2)
    raise AssertionError("the background check of the examples never finished")


@pytest.fixture
def real_course(real_content_copy, settings):
    root = real_content_copy()
    settings.CONTENT_DIR = root
    _, errors = sync_and_record(root)
    assert errors == []
    return root


@pytest.mark.docker
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_an_example_that_stops_compiling_shows_a_warning_in_the_banner(
    client, staff, alice, settings, real_course, worker
):
    lesson = real_course / LESSON
    text = lesson.read_text()
    assert GOOD in text
    lesson.write_text(text.replace(GOOD, BROKEN, 1))
    bad_line = text.splitlines().index('\tfmt.Println("Hello, Go!")') + 2

    _, errors = sync_and_record(real_course)  # what a reload does in development
    assert errors == []  # it still loads: only the sandbox can tell
    wait_for_example_problems(expect_any=True)

    settings.DEBUG = False
    client.force_login(staff)
    page = client.get(URL).content.decode()
    assert 'class="content-warnings"' in page
    assert "1 lesson example no longer works" in page
    assert f"{LESSON}:{bad_line}: example does not compile: main.go:7:2: undefined: greet" in page
    assert 'class="content-errors"' not in page  # the lesson itself is served as edited
    client.force_login(alice)
    assert "content-warnings" not in client.get(URL).content.decode()

    lesson.write_text(text)
    sync_and_record(real_course)
    client.force_login(staff)
    assert "content-warnings" not in client.get(URL).content.decode()
    assert wait_for_example_problems(expect_any=False) == {}


@pytest.mark.docker
@pytest.mark.django_db
def test_the_check_stores_the_problem_at_its_line_and_drops_a_stale_version(
    real_course, monkeypatch, django_capture_on_commit_callbacks
):
    from content_pipeline.tasks import check_lesson_examples

    queued = []
    monkeypatch.setattr(
        check_lesson_examples, "apply_async", lambda args, **kw: queued.append(args)
    )
    lesson = real_course / LESSON
    text = lesson.read_text()
    lesson.write_text(text.replace(GOOD, BROKEN, 1))
    with django_capture_on_commit_callbacks(execute=True):
        sync_and_record(real_course)
    (args,) = queued  # one task, for the one lesson that changed

    check_lesson_examples(*args)  # what the worker does, with a real sandbox run
    state = ContentState.current()
    bad_line = text.splitlines().index('\tfmt.Println("Hello, Go!")') + 2
    assert state.example_warnings() == [
        f"{LESSON}:{bad_line}: example does not compile: main.go:7:2: undefined: greet"
    ]

    lesson.write_text(text.replace("Welcome!", "Hello!", 1))  # edited again, unchecked yet
    sync_and_record(real_course)
    assert ContentState.current().example_warnings() == []
    check_lesson_examples(*args)  # a late check of the old version changes nothing
    assert ContentState.current().example_warnings() == []


@pytest.mark.django_db
def test_without_a_broker_a_sync_still_works_and_says_the_check_was_skipped(
    real_course, caplog, django_capture_on_commit_callbacks
):
    lesson = real_course / LESSON
    lesson.write_text(lesson.read_text().replace(GOOD, BROKEN, 1))
    use_broker("redis://127.0.0.1:1/0")  # nothing listens there
    try:
        with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
            _, errors = sync_and_record(real_course)
    finally:
        use_broker(TEST_BROKER_URL)
    assert errors == []
    assert f"examples of {LESSON} not checked" in caplog.text
    assert ContentState.current().example_problems == {}


@pytest.mark.django_db
def test_the_first_load_queues_no_check(content_dir, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        _, errors = sync_and_record(content_dir)
    assert errors == [] and callbacks == []
