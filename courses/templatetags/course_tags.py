from django import template
from django.utils.crypto import salted_hmac
from django.utils.safestring import SafeString, mark_safe

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
