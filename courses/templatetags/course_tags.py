from django import template
from django.utils.crypto import salted_hmac
from django.utils.safestring import SafeString, mark_safe

from courses import source_links
from courses.highlight import highlight_code

register = template.Library()


@register.filter
def highlight_go(source: str) -> SafeString:
    # highlight() escapes everything it emits.
    return mark_safe(highlight_code(source, "go"))  # noqa: S308


@register.filter
def edits_owner(user) -> str:
    """Whose edits the browser keeps: a keyed hash of the user's id, or "anon"."""
    if not getattr(user, "is_authenticated", False):
        return "anon"
    return salted_hmac("courses.edits_owner", str(user.pk)).hexdigest()[:16]


@register.inclusion_tag("courses/_suggest_edit.html")
def suggest_edit(content_path: str, what: str) -> dict:
    """ "Suggest an edit" for a content file; nothing when no repository is configured."""
    return {"url": source_links.edit_url(content_path), "what": what}


@register.filter
def edit_url(content_path: str) -> str:
    return source_links.edit_url(content_path)


@register.simple_tag
def repository_file_url(path: str) -> str:
    return source_links.repository_file_url(path)


@register.simple_tag
def repository_url() -> str:
    return source_links.repository_url()


@register.filter
def lesson_source(lesson) -> str:
    return source_links.lesson_path(lesson)


@register.filter
def quiz_source(lesson) -> str:
    return source_links.quiz_path(lesson)


@register.filter
def exercise_source(exercise) -> str:
    return source_links.exercise_path(exercise)
