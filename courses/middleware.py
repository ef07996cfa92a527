from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

from courses.content.autosync import sync_if_changed


class ContentAutoSyncMiddleware:
    """Pick up edited course files on the next request (development)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.CONTENT_AUTO_SYNC and not request.path.startswith(settings.STATIC_URL):
            sync_if_changed(settings.CONTENT_DIR)
        return self.get_response(request)


class VaryOnHtmxMiddleware:
    """Pages differ for htmx requests (body only), so caches must key on the header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        patch_vary_headers(response, ["HX-Request"])
        return response
