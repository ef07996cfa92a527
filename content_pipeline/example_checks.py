"""Lesson examples checked in the sandbox after a sync, in the background.

A sync that changes lessons' text queues one task per changed lesson on the maintenance
queue (`content_pipeline.tasks.check_lesson_examples`); the worker runs the lesson's
runnable examples and stores what is wrong, as ``file:line: message``, on ContentState,
where the content banner reads it. The request that synced is not slowed, and when Redis
or the worker is down nothing breaks: the check does not happen, and the log says so.
"""

import logging

from django.db import transaction

from content_pipeline.loader import LessonSource
from content_pipeline.sandbox_checks import example_checks, run_check
from courses.models import ContentState, Lesson
from grader.queues import MAINTENANCE
from grader.results import Status

logger = logging.getLogger(__name__)


def queue_example_checks(lessons: list[LessonSource]) -> None:
    from content_pipeline.tasks import check_lesson_examples

    for lesson in lessons:
        try:
            check_lesson_examples.apply_async(
                (lesson.source_path, lesson.source_hash, lesson.body, lesson.body_line_offset),
                queue=MAINTENANCE,
                retry=False,
            )
        except Exception as error:  # no broker: the site works on, unchecked
            logger.warning(
                "examples of %s not checked: cannot queue the check (%s)",
                lesson.source_path,
                error,
            )
            return


def check_lesson_examples(path: str, source_hash: str, body: str, offset: int) -> list[str] | None:
    """Run the lesson's examples and store their problems; None when the sandbox could not
    run them (nothing is stored then)."""
    problems = []
    for check in example_checks(path, body, offset):
        _, result, problem = run_check(check)
        if result.get("status") == Status.SANDBOX_ERROR:
            logger.warning("examples of %s not checked: %s", path, result.get("message"))
            return None
        if problem is not None:
            problems.append(str(problem))
    record_example_problems(path, source_hash, problems)
    return problems


@transaction.atomic
def record_example_problems(path: str, source_hash: str, problems: list[str]) -> None:
    """Store what the check of one version of a lesson found; idempotent. A check of a
    version that is no longer current (the lesson was edited again meanwhile) is dropped."""
    state, _ = ContentState.objects.select_for_update().get_or_create(pk=1)
    current = Lesson.objects.listed().filter(source_path=path, source_hash=source_hash)
    if not current.exists():
        return
    found = dict(state.example_problems)
    if problems:
        found[path] = {"hash": source_hash, "problems": problems}
    else:
        found.pop(path, None)
    if found != state.example_problems:
        state.example_problems = found
        state.save(update_fields=["example_problems"])
