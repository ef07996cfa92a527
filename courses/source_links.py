"""Links from the site to the course's files in its repository, for "Suggest an edit".

The repository is configured (COURSE_REPOSITORY_URL, _BRANCH, COURSE_CONTENT_PATH); with
no URL there are no links. Paths are the content-relative ones the loader stores, e.g.
``go/lessons/01-hello-go/lesson.md``.
"""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings


def repository_url() -> str:
    return settings.COURSE_REPOSITORY_URL.rstrip("/")


def _file_path(content_path: str) -> str:
    parts = [settings.COURSE_CONTENT_PATH.strip("/"), content_path.strip("/")]
    return "/".join(part for part in parts if part)


def edit_url(content_path: str) -> str:
    """The repository's editor for a content file ("" without a repository or a path).

    GitHub's edit page forks the repository for a reader who cannot push, and offers the
    pull request afterwards: one click from reading to contributing.
    """
    base = repository_url()
    if not base or not content_path:
        return ""
    branch = quote(settings.COURSE_REPOSITORY_BRANCH, safe="")
    return f"{base}/edit/{branch}/{quote(_file_path(content_path))}"


def repository_file_url(path: str) -> str:
    """A file of the repository by its path from the repository's root (CONTRIBUTING.md)."""
    base = repository_url()
    if not base:
        return ""
    branch = quote(settings.COURSE_REPOSITORY_BRANCH, safe="")
    return f"{base}/blob/{branch}/{quote(path.strip('/'))}"


def lesson_path(lesson) -> str:
    return lesson.source_path if lesson.is_written else ""


def quiz_path(lesson) -> str:
    if not lesson.source_path:
        return ""
    return lesson.source_path.rsplit("/", 1)[0] + "/quiz.md"


def exercise_path(exercise) -> str:
    return f"{exercise.source_path}/exercise.md" if exercise.source_path else ""
