from django import template
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe

from courses.markdown import render_text
from courses.models import Lesson
from discussions import queries
from discussions.headings import add_question_links

register = template.Library()


def section_url(lesson: Lesson, anchor: str) -> str:
    url = reverse("discussions:lesson", args=[lesson.course.slug, lesson.slug])
    return f"{url}?{urlencode({'section': anchor})}" if anchor else url


@register.simple_tag
def lesson_html_with_questions(lesson: Lesson) -> SafeString:
    """The lesson's HTML with a link to each section's questions beside its heading."""
    counts = queries.section_counts(lesson)
    return add_question_links(
        lesson.html, lesson.toc, counts, lambda anchor: section_url(lesson, anchor)
    )


@register.inclusion_tag("discussions/_lesson_link.html")
def lesson_discussion(lesson: Lesson) -> dict:
    """The way from the end of a lesson to its questions."""
    return {
        "lesson": lesson,
        "count": sum(queries.section_counts(lesson).values()),
        "url": section_url(lesson, ""),
    }


@register.simple_tag
def discussion_section_url(lesson: Lesson, anchor: str) -> str:
    return section_url(lesson, anchor)


@register.filter
def post_markdown(source: str) -> SafeString:
    """A post's text, rendered as lessons' comments are: no raw HTML, safe links only."""
    return mark_safe(render_text(source))  # noqa: S308 - render_text escapes what it emits
