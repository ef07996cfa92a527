from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from content_pipeline.autosync import sync_if_changed


class ContentAutoSyncMiddleware:
    """Pick up edited course files on the next request (development)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.CONTENT_AUTO_SYNC and not request.path.startswith(settings.STATIC_URL):
            sync_if_changed(settings.CONTENT_DIR)
        return self.get_response(request)
