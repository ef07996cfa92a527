from django import template
from django.utils.safestring import SafeString, mark_safe

from courses.highlight import highlight_code

register = template.Library()


@register.filter
def highlight_go(source: str) -> SafeString:
    # highlight() escapes everything it emits.
    return mark_safe(highlight_code(source, "go"))  # noqa: S308
