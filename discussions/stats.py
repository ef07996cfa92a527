"""Figures of the discussions for course health: per lesson and per section, questions
asked, those still unanswered after HEALTH_UNANSWERED_HOURS, and the median time to a
first answer.

Questions count when a learner (not staff) asked them and staff did not hide them; a
question its author deleted was still asked, but waits for no answer. "Answered" means
by someone other than the asker (``Thread.first_answer_at``).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from courses.models import Lesson
from discussions.models import Thread

WHOLE_LESSON = "The whole lesson"


@dataclass
class QuestionFigures:
    asked: int = 0
    unanswered: int = 0  # for more than HEALTH_UNANSWERED_HOURS
    waits: list[dt.timedelta] = field(default_factory=list, repr=False)

    @property
    def median_first_answer(self) -> dt.timedelta | None:
        return statistics.median(self.waits) if self.waits else None


@dataclass
class SectionQuestions(QuestionFigures):
    anchor: str = ""
    title: str = ""


@dataclass
class LessonQuestions(QuestionFigures):
    sections: list[SectionQuestions] = field(default_factory=list)


def _count(figures: QuestionFigures, created, first_answer, deleted, overdue: dt.datetime):
    figures.asked += 1
    if first_answer is not None:
        figures.waits.append(first_answer - created)
    elif not deleted and created < overdue:
        figures.unanswered += 1


def lesson_questions(
    lessons: Iterable[Lesson], now: dt.datetime | None = None
) -> dict[int, LessonQuestions]:
    """Figures for each lesson that has questions; sections in the lesson's order."""
    lessons = {lesson.pk: lesson for lesson in lessons}
    now = now or timezone.now()
    overdue = now - dt.timedelta(hours=settings.HEALTH_UNANSWERED_HOURS)
    rows = (
        Thread.objects.filter(
            lesson__in=list(lessons),
            author__is_staff=False,
            question__hidden_at__isnull=True,
        )
        .values_list(
            "lesson_id",
            "section",
            "section_title",
            "created_at",
            "first_answer_at",
            "question__deleted_at",
        )
        .order_by()
    )
    found: dict[int, LessonQuestions] = {}
    sections: dict[tuple[int, str], SectionQuestions] = {}
    for lesson_id, anchor, title, created, first_answer, deleted in rows:
        entry = found.setdefault(lesson_id, LessonQuestions())
        section = sections.setdefault(
            (lesson_id, anchor), SectionQuestions(anchor=anchor, title=title or WHOLE_LESSON)
        )
        for figures in (entry, section):
            _count(figures, created, first_answer, deleted is not None, overdue)
    for (lesson_id, _), section in sections.items():
        found[lesson_id].sections.append(section)
    for lesson_id, entry in found.items():
        toc = [item.get("anchor") for item in lessons[lesson_id].toc]
        titles = {item.get("anchor"): item.get("text") for item in lessons[lesson_id].toc}
        for section in entry.sections:
            section.title = titles.get(section.anchor) or section.title
        entry.sections.sort(key=lambda s: toc.index(s.anchor) if s.anchor in toc else len(toc))
    return found
