from django import template

from grader.presentation import verdict_title, verdict_tone

register = template.Library()


@register.simple_tag
def verdict(submission) -> str:
    return verdict_title(submission.status, submission.kind)


@register.filter
def tone(status: str) -> str:
    return verdict_tone(status)
