"""Serving the page store from Django: in development, and wherever no web server reads
the store first (``deploy/nginx.conf`` does in production, with the same rules).

A GET or HEAD of a public page without a query string, by a visitor who is not signed
in, is answered with the stored file. A miss (a page no one has asked for since it was
last changed, or a new one) is rendered here once and stored; an expensive file (a PDF)
is never rendered in a request: the visitor is asked to come back in a few seconds while
a task renders it. Everything else (the admin, previews, search and filtered views, the
API, signed-in editors) goes on to the page cache and the views.

Scheduled content is public from its moment on, but the stored pages were rendered before
it: the first request after the moment has ``publish_due`` run (where no web server reads
the store first; behind nginx, the ``publish_due`` timer does it every minute).
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control

from cms.caching import is_anonymous, scheduled_moment_passed
from cms.page_store import files, rendering
from cms.page_store.paths import content_type, is_slow, stored_path
from cms.page_store.recording import CLOCK, LISTING, recording
from cms.page_store.tasks import publish_due_now, render_paths

PREPARING_RETRY_SECONDS = 10
PUBLISHING_DUE_KEY = "page-store-publishing-due"


def stored_view(request):
    """The view of a request the store may answer, and its file; None otherwise."""
    if request.method not in ("GET", "HEAD") or request.META.get("QUERY_STRING"):
        return None
    return stored_path(request.path_info)


def stored_response(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type(name))
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    response["X-Page-Store"] = "hit"
    return response


def preparing() -> HttpResponse:
    """Asked for a file that a task is rendering: come back shortly."""
    response = HttpResponse(
        render_to_string("page_preparing.html", {"retry_after": PREPARING_RETRY_SECONDS}),
        status=503,
    )
    response["Retry-After"] = str(PREPARING_RETRY_SECONDS)
    patch_cache_control(response, no_store=True)
    return response


class PageStoreMiddleware:
    """Sits above the page cache and below the security and CSP middleware, whose headers
    every answer gets, stored or not."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        found = stored_view(request) if settings.PAGE_STORE_ENABLED else None
        if found is None:
            return self.get_response(request)
        view, name = found
        if not rendering.is_forced():
            if not is_anonymous(request):
                return self.get_response(request)
            if scheduled_moment_passed() and cache.add(PUBLISHING_DUE_KEY, 1, timeout=60):
                publish_due_now.enqueue()  # content scheduled for a moment now past
            data = files.read(name)
            if data is not None:
                return stored_response(data, name)
            if is_slow(request.path_info) and not rendering.is_patient():
                render_paths.enqueue([request.path_info])
                return preparing()
        return self._render(request, view, name)

    def _render(self, request, view, name):
        with recording() as keys:
            request.page_store_renders = True  # the page cache leaves it alone
            response = self.get_response(request)
        if getattr(view, "page_cache_lists", False):
            keys.add(LISTING)
        if getattr(view, "page_cache_clock", False):
            keys.add(CLOCK)
        if request.method == "GET":
            rendering.keep(request.path_info, name, response, keys)
            response["X-Page-Store"] = "miss"
        return response
