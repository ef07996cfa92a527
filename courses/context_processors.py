from django.conf import settings
from django.http import HttpRequest

from courses.models import ContentState


def content_status(request: HttpRequest) -> dict:
    """Content errors and example warnings for the banner: instructors (staff) always,
    everyone in development."""
    user = getattr(request, "user", None)
    if not (settings.DEBUG or (user is not None and user.is_staff)):
        return {}
    state = (
        ContentState.objects.filter(pk=1).only("errors", "last_good_at", "example_problems").first()
    )
    if state is None:
        return {}
    warnings = state.example_warnings()
    if not state.errors and not warnings:
        return {}
    return {
        "content_errors": state.errors,
        "content_last_good_at": state.last_good_at,
        "content_warnings": warnings,
    }


def layout(request: HttpRequest) -> dict:
    """Boosted htmx navigation gets only the page body; everything else the full layout."""
    htmx = getattr(request, "htmx", None)
    partial = bool(htmx) and htmx.boosted and not htmx.history_restore_request
    return {"base_template": "partial.html" if partial else "base.html"}
