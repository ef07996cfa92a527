from django import template
from django.utils.html import format_html, format_html_join

from grader.failures import GotWant, got_want
from grader.playback import describe_ms, split_at_times
from grader.presentation import verdict_title, verdict_tone

register = template.Library()


def _has_warnings(submission) -> bool:
    return bool((submission.result or {}).get("vet"))


@register.simple_tag
def verdict(submission) -> str:
    return verdict_title(submission.status, submission.kind, warnings=_has_warnings(submission))


@register.filter
def tone(submission) -> str:
    return verdict_tone(submission.status, warnings=_has_warnings(submission))


@register.filter(name="got_want")
def got_want_filter(message: str) -> GotWant | None:
    return got_want(message)


@register.filter
def test_source(visible_tests: dict[str, str], name: str) -> str:
    """The source of a test the exercise shows learners; "" for a hidden one."""
    return visible_tests.get(name, "") if visible_tests else ""


@register.simple_tag
def timed_output(text: str, times: list) -> str:
    """The output, each line written once virtual time had passed preceded by how much
    ("after 2s"), as text (grader.playback); the plain output on the real clock."""
    if not times:
        return text  # escaped by the tag
    pairs = [(int(offset), int(ms)) for offset, ms in times]
    return format_html_join(
        "",
        "{}{}",
        (
            (format_html('<span class="run-after">after {}</span>', describe_ms(ms)), line)
            if ms is not None
            else ("", line)
            for line, ms in split_at_times(text, pairs)
        ),
    )
