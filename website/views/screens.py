"""Venue screens: now and next in large type, for a display that nobody touches."""

from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from cms.caching import never_page_cached
from website.pages import public_event
from website.selectors import event as selectors

REFRESH_SECONDS = 60


@never_page_cached
@require_safe
def now_screen(request, event):
    """Reloads itself every ``REFRESH_SECONDS`` (static/js/screen.js, or a meta refresh
    where scripts are off), and no cache may keep it longer than that; the page cache
    leaves it out (``cms.caching``)."""
    found = public_event(event)
    response = render(
        request,
        "conference/event_screen.html",
        {
            "now": selectors.now_and_next(event=found),
            "event": found,
            "refresh_seconds": REFRESH_SECONDS,
        },
    )
    patch_cache_control(response, public=True, max_age=REFRESH_SECONDS)
    return response
