"""The Content-Security-Policy: a second line behind escaping. Pages load scripts and
styles only from this site; the one exception is a per-response nonce for the <style>
element CodeMirror adds in browsers without constructable stylesheets."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

# Video embeds (courses/video.py) are the only frames; GitHub is where "Prove with GitHub"
# sends a form's redirect. Lesson images may come from any https address.
_DIRECTIVES = (
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'nonce-{nonce}'",
    "img-src 'self' https:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-src https://www.youtube-nocookie.com https://player.vimeo.com",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self' https://github.com",
    "frame-ancestors 'none'",
)


def policy(nonce: str) -> str:
    return "; ".join(_DIRECTIVES).format(nonce=nonce)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", policy(request.csp_nonce))
        return response


def csp_nonce(request: HttpRequest) -> dict[str, str]:
    """The nonce for templates (django-htmx's tags read `csp_nonce` too)."""
    return {"csp_nonce": getattr(request, "csp_nonce", "")}
