from django import template

from grader.failures import GotWant, got_want
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
