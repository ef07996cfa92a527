import math
from datetime import datetime

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from courses.models import Lesson
from quizzes import service

register = template.Library()


@register.inclusion_tag("quizzes/_lesson_quiz.html", takes_context=True)
def lesson_quiz(context: template.Context, lesson: Lesson) -> dict:
    """The lesson page's way into its quiz: take it, continue it, or review it."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return {"state": service.NO_QUIZ}
    return {
        "state": service.lesson_quiz_state(user, lesson),
        "url": reverse("quiz", args=[lesson.course.slug, lesson.slug]),
    }


@register.filter
def code_block(lines_html: list[str]) -> SafeString:
    """Join a question's highlighted code lines (escaped at sync) for a <pre>."""
    return mark_safe("\n".join(lines_html))  # noqa: S308 - each line was escaped by the sync


@register.filter
def due_in(when: datetime | None) -> str:
    """When a review comes back, in words: "in 5 minutes", "tomorrow", "in 3 days"."""
    if when is None:
        return ""
    seconds = (when - timezone.now()).total_seconds()
    if seconds < 60:
        return "now"
    if seconds < 3600:
        minutes = math.ceil(seconds / 60)
        return f"in {minutes} minute{'s' if minutes != 1 else ''}"
    if seconds < 20 * 3600:
        hours = round(seconds / 3600)
        return f"in {hours} hour{'s' if hours != 1 else ''}"
    if seconds < 36 * 3600:
        return "tomorrow"
    days = round(seconds / 86400)
    return f"in {days} days"
