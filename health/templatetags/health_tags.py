import datetime as dt

from django import template
from django.utils.safestring import SafeString

from courses.models import Lesson
from health import feedback, svg
from health.wanted import contributors_wanted

register = template.Library()


@register.inclusion_tag("health/_feedback_form.html", takes_context=True)
def lesson_feedback(context: template.Context, lesson: Lesson) -> dict:
    """The end-of-lesson feedback form, filled with the learner's earlier answer."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"hidden": True}
    return {
        "form": feedback.initial_form(user, lesson),
        "lesson": lesson,
        "has_feedback": feedback.feedback_for(user, lesson) is not None,
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


@register.filter
def minutes(value: dt.timedelta | None) -> str:
    if value is None:
        return "—"
    total = value.total_seconds() / 60
    if total < 60:
        return f"{total:.0f} min"
    return f"{total / 60:.1f} h"


@register.filter
def has_questions(entries: list) -> bool:
    return any(entry.questions for entry in entries)


@register.filter
def one_decimal(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


@register.simple_tag
def funnel_chart(entries: list) -> SafeString:
    return svg.funnel(
        [
            (f"{entry.lesson.number}. {entry.lesson.title}", entry.started, entry.completed)
            for entry in entries
        ]
    )


@register.simple_tag
def trend_chart(entry) -> SafeString:
    return svg.sparkline(
        [entry.started_by_week, entry.completed_by_week],
        f"Started and completed per week: {entry.started_by_week} / {entry.completed_by_week}",
    )


@register.inclusion_tag("health/_contributors_wanted.html")
def contributors_wanted_box() -> dict:
    return {"wanted": contributors_wanted()}
