"""Whole-page cache of the public site, invalidated by a content publication version.

Every cached page is keyed by the current *content version*: a random token in the shared
cache that ``bump_content_version()`` replaces whenever anything shown on public pages is
saved, deleted, published or unpublished (the receivers in ``cms/signals.py``, and
callers of ``QuerySet.update()``, which sends no signals). Old pages are never deleted one
by one; they stop being found and expire.

Only GET and HEAD requests without a logged-in session are answered from the cache: a
valid signed-in session (an editor, a preview) bypasses it entirely, and its response is
marked private so that no shared cache keeps it either. Any other cookie, a made-up session
id included, is ignored, so that it cannot make every request render.

Anonymous cost is bounded: a view declares the query parameters it understands
(``page_cache``), any others are dropped before the key is made and before the view sees
the request, so ``?x=<random>`` is the same cached page; the cache itself is bounded
(``CACHE_MAX_ENTRIES`` or Redis's maxmemory); expensive views render one at a time per
page, and their renders are rate limited per client address (``RATE_LIMITS``).
"""

import hashlib
import math
import time
from importlib import import_module
from uuid import uuid4

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse, QueryDict
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import patch_cache_control, set_response_etag

from cms import graph
from cms.login_lockout import client_address

VERSION_KEY = "content-version"
NEXT_MOMENT_KEY = "next-scheduled-moment"
NO_MOMENT = "none"
UNKNOWN_MOMENT_SECONDS = 60
UNCACHED_NAMESPACES = {"admin"}
# Headers that belong to one response rather than to the page.
UNSTORED_HEADERS = {"set-cookie", "x-page-cache"}
# How long a render of a single-flight page may hold its lock, and others wait for it.
RENDER_LOCK_SECONDS = 30
RATE_WINDOW_SECONDS = 60


def never_page_cached(view):
    """Marks a view the page cache leaves alone: its answer depends on the clock (now and
    next) or on the visitor (the agenda being edited), not on the content version."""
    view.page_cache_skip = True
    return view


def page_cache(
    *,
    query=(),
    rate_limit: str | None = None,
    single_flight: bool = False,
    lists: bool = False,
    clock: bool = False,
    stored: bool = True,
    background: tuple[str, ...] = (),
):
    """Declares how the page cache and the page store (``cms.page_store``) treat a view.

    ``query``: the GET parameters the view understands; the others are dropped, from the
    cache key and from the request the view sees. ``rate_limit``: a key of
    ``settings.RATE_LIMITS`` counting this view's renders per client address.
    ``single_flight``: an expensive page (a PDF) that concurrent misses render once, the
    others waiting for the stored result.

    For the page store: ``lists``, the page lists or counts content, so any object that
    appears or disappears changes it; ``clock``, it depends on today's date; ``stored``,
    False for pages that are never kept as files (their headers are their own, as an
    embed's); ``background``, the extensions of files so slow to render (".pdf") that no
    request renders them: a task does.
    """

    def declare(view):
        view.page_cache_query = frozenset(query)
        view.page_cache_rate_limit = rate_limit
        view.page_cache_single_flight = single_flight
        view.page_cache_lists = lists
        view.page_cache_clock = clock
        view.page_store = stored
        view.page_store_background = background
        return view

    return declare


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
    connection = transaction.get_connection()
    pending = (func for _savepoints, func, _robust in connection.run_on_commit)
    if _new_version_committed not in pending:  # once per transaction, however many saves
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


def scheduled_moment_passed() -> bool:
    """Whether scheduled content has become public since changes were last committed (the
    moment is remembered in the cache when changes commit)."""
    moment = cache.get(NEXT_MOMENT_KEY)
    return moment is not None and moment != NO_MOMENT and moment <= timezone.now()


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
    """Whether the request has no logged-in session: it sees the public page.

    Only a session that exists and holds a signed-in user counts; a request without a
    session cookie costs no lookup, one with a made-up cookie one indexed read.
    """
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not session_key:
        return True
    session = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    return SESSION_KEY not in session


def _cacheable_match(request):
    """The URL match of a cacheable public page, None when it is not one."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    if getattr(match.func, "page_cache_skip", False) or UNCACHED_NAMESPACES & set(
        match.namespaces
    ):
        return None
    return match


def _event(match) -> str:
    event = match.kwargs.get("event", "")
    return event if isinstance(event, str) else ""


def keep_understood_query(request, understood: frozenset) -> None:
    """Drops the GET parameters the view does not understand, and sorts the others.

    The view and the cache key then see the same canonical query, one value a name (the
    last, which ``QueryDict.get`` returns).
    """
    query = QueryDict(mutable=True)
    for name in sorted(understood & set(request.GET)):
        query[name] = request.GET[name]
    query._mutable = False
    request.GET = query
    request.META["QUERY_STRING"] = query.urlencode()


def retry_after(request, scope: str | None) -> int | None:
    """Seconds until the client may render ``scope`` again; None while within its limit.

    A fixed window per client address and minute, counted in the cache.
    """
    limit = settings.RATE_LIMITS.get(scope, 0) if scope else 0
    if not limit:
        return None
    now = int(time.time())
    window = now // RATE_WINDOW_SECONDS
    key = f"rate:{scope}:{client_address(request)}:{window}"
    cache.add(key, 0, timeout=RATE_WINDOW_SECONDS + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted meanwhile: count afresh
        cache.set(key, 1, timeout=RATE_WINDOW_SECONDS + 5)
        count = 1
    if count <= limit:
        return None
    return (window + 1) * RATE_WINDOW_SECONDS - now


def too_many_requests(request, seconds: int) -> HttpResponse:
    response = HttpResponse(
        render_to_string("429.html", {"retry_after": seconds}, request=request), status=429
    )
    response["Retry-After"] = str(seconds)
    patch_cache_control(response, private=True, no_store=True)
    return response


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
        if request.method not in ("GET", "HEAD") or getattr(request, "page_store_renders", False):
            return self.get_response(request)
        match = _cacheable_match(request)
        if match is None:  # the admin and the like: no session lookup of ours
            response = self.get_response(request)
            if settings.SESSION_COOKIE_NAME in request.COOKIES:
                patch_cache_control(response, private=True)
            return response
        if not is_anonymous(request):
            response = self.get_response(request)
            patch_cache_control(response, private=True)
            return response
        view = match.func
        keep_understood_query(request, getattr(view, "page_cache_query", frozenset()))
        rate_scope = getattr(view, "page_cache_rate_limit", None)
        timeout = settings.PAGE_CACHE_SECONDS
        if not timeout:
            return self._render(request, rate_scope)

        key = page_cache_key(request, event=_event(match))
        entry = cache.get(key)
        if entry is not None:
            return _unpack(entry)
        if getattr(view, "page_cache_single_flight", False) and request.method == "GET":
            return self._render_once(request, key, rate_scope, timeout)
        return self._render_and_store(request, key, rate_scope, timeout)

    def _render(self, request, rate_scope):
        seconds = retry_after(request, rate_scope)
        if seconds is not None:
            return too_many_requests(request, seconds)
        return self.get_response(request)

    def _render_and_store(self, request, key, rate_scope, timeout):
        response = self._render(request, rate_scope)
        if request.method == "GET" and is_storable(response):
            set_response_etag(response)  # stored with the page, so a hit needs no hashing
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
            cache.set(key, _pack(response), page_timeout())
            response["X-Page-Cache"] = "miss"
        return response

    def _render_once(self, request, key, rate_scope, timeout):
        """Renders an expensive page once however many ask at the same time."""
        lock = f"{key}:rendering"
        if cache.add(lock, 1, timeout=RENDER_LOCK_SECONDS):
            try:
                return self._render_and_store(request, key, rate_scope, timeout)
            finally:
                cache.delete(lock)
        deadline = time.monotonic() + RENDER_LOCK_SECONDS
        while time.monotonic() < deadline and cache.get(lock) is not None:
            time.sleep(0.1)
            entry = cache.get(key)
            if entry is not None:
                return _unpack(entry)
        return self._render_and_store(request, key, rate_scope, timeout)
