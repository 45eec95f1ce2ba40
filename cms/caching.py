"""Whole-page cache of the public site, invalidated by a content publication version.

Every cached page is keyed by the current *content version*: a random token in the shared
cache that ``bump_content_version()`` replaces whenever anything shown on public pages is
saved, deleted, published or unpublished (the receivers in ``cms/signals.py``, and
callers of ``QuerySet.update()``, which sends no signals). Old pages are never deleted one
by one; they stop being found and expire.

Only anonymous GET and HEAD requests are answered from the cache: a request carrying a
session cookie (an editor, a preview) or a pending message bypasses it entirely, and its
response is marked private so that no shared cache keeps it either.
"""

import hashlib
import math
from uuid import uuid4

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import patch_cache_control, set_response_etag

from cms import graph

VERSION_KEY = "content-version"
NEXT_MOMENT_KEY = "next-scheduled-moment"
NO_MOMENT = "none"
UNKNOWN_MOMENT_SECONDS = 60
# Pages whose content depends on the clock rather than on the content version.
UNCACHED_VIEWS = {"conference:programme-now", "attendee:screen"}
UNCACHED_NAMESPACES = {"admin"}
# Headers that belong to one response rather than to the page.
UNSTORED_HEADERS = {"set-cookie", "x-page-cache"}


def content_version() -> str:
    """The current publication version of the public content."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
        _remember_next_scheduled_moment()
    return version


def bump_content_version() -> None:
    """Makes every cached public page stale.

    Called by the signal receivers on every save or delete of content, and by code that
    changes content without signals (``QuerySet.update()`` in bulk publishing). It bumps
    at once, so that the writer's next request sees the change, and again when the
    transaction commits, so that a page rendered meanwhile from the old rows is not kept.
    """
    _new_version()
    transaction.on_commit(_new_version_committed)


def _new_version() -> None:
    cache.set(VERSION_KEY, uuid4().hex, timeout=None)


def _new_version_committed() -> None:
    _new_version()
    _remember_next_scheduled_moment()


def _remember_next_scheduled_moment():
    moment = graph.next_scheduled_moment()
    cache.set(NEXT_MOMENT_KEY, moment or NO_MOMENT, timeout=None)
    return moment


def page_timeout() -> int:
    """How long a page may be kept: at most ``PAGE_CACHE_SECONDS``, and never past the next
    moment at which scheduled content becomes public. The moment is looked up when changes
    commit, not per page; until it is known, pages are kept for a minute at most."""
    timeout = settings.PAGE_CACHE_SECONDS
    moment = cache.get(NEXT_MOMENT_KEY)
    if moment is None:
        return min(timeout, UNKNOWN_MOMENT_SECONDS)
    if moment != NO_MOMENT and moment <= timezone.now():
        moment = _remember_next_scheduled_moment() or NO_MOMENT
    if moment == NO_MOMENT:
        return timeout
    return max(1, min(timeout, math.ceil((moment - timezone.now()).total_seconds())))


def page_cache_key(request, *, event: str) -> str:
    """Key of a page: content version, local date, event, scheme, host, path and query."""
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"page:{content_version()}:{timezone.localdate().isoformat()}:{event}:{digest}"


def is_anonymous(request) -> bool:
    """No session, no pending message, no credentials: the request sees the public page.

    Decided from the cookies alone so that a cache hit costs no session lookup.
    """
    return not (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or "messages" in request.COOKIES
        or "HTTP_AUTHORIZATION" in request.META
    )


def _cacheable_event(request) -> str | None:
    """The event slug ("" when none) of a cacheable public URL, None when it is not one."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    if match.view_name in UNCACHED_VIEWS or UNCACHED_NAMESPACES & set(match.namespaces):
        return None
    event = match.kwargs.get("event", "")
    return event if isinstance(event, str) else ""


def is_storable(response) -> bool:
    """A complete, successful response that is the same for every anonymous visitor."""
    cache_control = response.get("Cache-Control", "").lower()
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
        and vary <= {"cookie"}
    )


def _pack(response) -> tuple:
    headers = [
        (name, value)
        for name, value in response.headers.items()
        if name.lower() not in UNSTORED_HEADERS
    ]
    return response.content, headers


def _unpack(entry: tuple) -> HttpResponse:
    content, headers = entry
    response = HttpResponse(content, headers=dict(headers))
    response["X-Page-Cache"] = "hit"
    return response


class PageCacheMiddleware:
    """Answers anonymous requests for public pages from the cache, storing what it renders.

    Sits below the security and CSP middleware (their headers are added to every answer,
    cached or not) and above the session middleware (a hit touches neither the session
    nor the database). ``ConditionalGetMiddleware`` above it turns the ETag set here into
    304 answers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timeout = settings.PAGE_CACHE_SECONDS
        if request.method not in ("GET", "HEAD") or not timeout:
            return self.get_response(request)
        if not is_anonymous(request):
            response = self.get_response(request)
            patch_cache_control(response, private=True)
            return response
        event = _cacheable_event(request)
        if event is None:
            return self.get_response(request)

        key = page_cache_key(request, event=event)
        entry = cache.get(key)
        if entry is not None:
            return _unpack(entry)
        response = self.get_response(request)
        if request.method == "GET" and is_storable(response):
            set_response_etag(response)  # stored with the page, so a hit needs no hashing
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
            cache.set(key, _pack(response), page_timeout())
            response["X-Page-Cache"] = "miss"
        return response
