from django import template

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


@register.filter
def timed_lines(text: str, times: list) -> list[tuple[str, str]]:
    """The output's lines, each with how much virtual time passed before it was written
    ("2s"), or "" when the clock had not moved (grader.playback)."""
    pairs = [(int(offset), int(ms)) for offset, ms in times or []]
    return [
        (line, describe_ms(ms) if ms is not None else "")
        for line, ms in split_at_times(text, pairs)
    ]
