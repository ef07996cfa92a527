import os
import re
import shutil
import textwrap
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from content_pipeline.autosync import _last_fingerprint
from gocourse.celery import app as celery_app

COURSE_YAML = """\
title: Test Go
description: A small course for tests.
lessons:
  - slug: 01-first
    title: First steps
    goal: Print something.
  - slug: 02-second
    title: Second steps
    goal: Loop over things.
  - slug: 03-planned
    title: Planned lesson
    goal: Not written yet.
tracks:
  - slug: extra
    title: Extra track
    description: More things.
    lessons:
      - slug: x1-extra
        title: Extra one
        goal: Something extra.
"""

LESSON_ONE = """\
---
title: First steps
summary: Your first program.
concepts: [main-function, fmt]
minutes: 10
---

## Printing

Some **bold** text.

```go
package main

import "fmt"

func main() {
	fmt.Println("hello, first")
}
```

```output
hello, first
```

## Next

Done.
"""

LESSON_TWO = """\
---
title: Second steps
summary: Loops.
concepts: [for-loops]
minutes: 12
---

## Loops

```go
package main

import "fmt"

func main() {
	for i := range 3 {
		fmt.Println(i)
	}
}
```
"""

EXTRA = """\
---
title: Extra one
summary: Extra.
concepts: [extra]
minutes: 5
---

## Extra

Text.
"""


TEST_BROKER_URL = os.environ.get("TEST_BROKER_URL", "redis://127.0.0.1:6379/15")


def use_broker(url: str) -> None:
    """Point the Celery app at another broker, dropping its cached connections."""
    celery_app.conf.broker_url = url
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture(autouse=True, scope="session")
def _test_broker():
    # Keep test messages away from a development worker listening on the default database.
    original = celery_app.conf.broker_url
    use_broker(TEST_BROKER_URL)
    try:
        celery_app.control.purge()  # messages an interrupted earlier run left behind
    except Exception:  # no Redis: the tests that need it say so themselves
        pass
    yield
    use_broker(original)


def go(source: str) -> str:
    """Go source written with 4-space indents in a test, indented with tabs like gofmt's."""
    lines = textwrap.dedent(source).lstrip().splitlines(keepends=True)
    return "".join(
        re.sub(r"^(    )+", lambda m: "\t" * (len(m.group()) // 4), line) for line in lines
    )


# Holds on to 16 MiB after 16 MiB, touching every page, until the memory limit stops it.
MEMORY_BOMB = go(
    """
    package main

    func main() {
        var keep [][]byte
        for {
            chunk := make([]byte, 16<<20)
            for i := range chunk {
                chunk[i] = 1
            }
            keep = append(keep, chunk)
        }
    }
    """
)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path


def write_exercise(directory: Path, front_matter: str, files: dict[str, str]) -> None:
    """An exercise folder: exercise.md with these front matter lines, and the files by
    their path in it (starter/..., solution/..., tests/...)."""
    write(directory / "exercise.md", f"---\n{front_matter}---\n\nThe statement.\n")
    for name, text in files.items():
        write(directory / name, text)


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    write(root / "go" / "course.yaml", COURSE_YAML)
    write(root / "go" / "lessons" / "01-first" / "lesson.md", LESSON_ONE)
    write(root / "go" / "lessons" / "02-second" / "lesson.md", LESSON_TWO)
    write(root / "go" / "lessons" / "x1-extra" / "lesson.md", EXTRA)
    return root


@pytest.fixture
def synced_content(content_dir: Path, settings, db) -> Path:
    from content_pipeline.autosync import sync_and_record

    settings.CONTENT_DIR = content_dir
    report, errors = sync_and_record(content_dir)
    assert errors == []
    return content_dir


@pytest.fixture(autouse=True)
def _forget_fingerprints():
    _last_fingerprint.clear()
    yield
    _last_fingerprint.clear()


@pytest.fixture
def alice(db) -> User:
    return User.objects.create_user("alice", password="correct horse battery")


@pytest.fixture
def staff(db) -> User:
    return User.objects.create_user("sam", password="staff horse battery", is_staff=True)


@pytest.fixture
def real_content_copy(tmp_path: Path) -> Callable[[], Path]:
    def copy() -> Path:
        target = tmp_path / "real-content"
        shutil.copytree(Path(__file__).resolve().parent.parent / "content", target)
        return target

    return copy


@pytest.fixture(scope="session")
def worker(_test_broker):
    """A real Celery worker, in a thread of this process, consuming the test broker.

    One for the whole run: a stopped worker's consumer can linger on Redis and swallow
    the next module's first message until the visibility timeout.
    """
    from celery.contrib.testing.worker import start_worker

    celery_app.loader.import_module("grader.tasks")
    celery_app.loader.import_module("content_pipeline.tasks")
    with start_worker(celery_app, perform_ping_check=False, shutdown_timeout=30):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _own_signup_counts(monkeypatch):
    # Signups are counted in the real Redis for an hour: each test counts under its own
    # keys, so that test runs (and a development server) never use up each other's limit.
    from courses import throttle

    monkeypatch.setattr(throttle, "KEY_PREFIX", f"{throttle.KEY_PREFIX}test-{uuid.uuid4().hex}:")


@pytest.fixture(autouse=True)
def _cpu_never_busy(monkeypatch):
    # go vet gives way when the machine is short of CPU at the instant a run starts
    # (grader/sandbox/busy.py): findings asserted by tests must not depend on what else
    # the CI machine does at that instant. tests/grader/test_vet_gives_way.py tests it.
    monkeypatch.setattr("grader.sandbox.run.cpu_is_busy", lambda: False)
