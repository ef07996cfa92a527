"""The "contributors wanted" call on the home page.

It offers lessons the course-health rules flag first, then planned lessons nobody has
written yet, then written lessons with the fewest merged pull requests. It lives above
both apps it combines: community's pull-request counts and health's rules.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache

from community.wanted import merged_per_lesson, merged_this_month
from courses.models import Lesson
from health.metrics import flagged_lessons
from health.rules import Flag


@dataclass
class WantedLesson:
    lesson: Lesson
    reason: str


WANTED_CACHE_SECONDS = 300


def _merged_text(count: int) -> str:
    return f"{count} merged pull request{'s' if count != 1 else ''} so far"


def _flag_reason(flag: Flag) -> str:
    if not flag.asked_sections:
        return flag.action
    sections = ", ".join(f"“{title}”" for title in flag.asked_sections)
    return f"{flag.action}: learners keep asking about {sections}"


def lessons_needing_help(limit: int) -> list[WantedLesson]:
    """Lessons the course-health rules flag first, then planned ones, then the written
    lessons with the fewest merged pull requests."""
    flagged = [
        WantedLesson(entry.lesson, "; ".join(_flag_reason(flag) for flag in entry.flags))
        for entry in flagged_lessons()
    ]
    seen = {wanted.lesson.pk for wanted in flagged}
    lessons = list(Lesson.objects.listed().select_related("course").order_by("course", "position"))
    lessons = [lesson for lesson in lessons if lesson.pk not in seen]
    planned = [
        WantedLesson(lesson, "Planned, not written yet")
        for lesson in lessons
        if not lesson.is_written
    ]
    counts = merged_per_lesson()
    written = sorted(
        (lesson for lesson in lessons if lesson.is_written),
        key=lambda lesson: counts[lesson.slug],
    )
    improve = [WantedLesson(lesson, _merged_text(counts[lesson.slug])) for lesson in written]
    return (flagged + planned + improve)[:limit]


def contributors_wanted(now: datetime | None = None, limit: int = 5) -> dict | None:
    """What the home page shows, or None when this month already meets the target."""
    target = settings.COMMUNITY_MONTHLY_PR_TARGET
    merged = merged_this_month(now)
    if merged >= target:
        return None
    # The health rules aggregate over every learner: recompute at most every few minutes.
    lessons = cache.get_or_set(
        f"contributors-wanted:{limit}", lambda: lessons_needing_help(limit), WANTED_CACHE_SECONDS
    )
    return {"merged": merged, "target": target, "lessons": lessons}
