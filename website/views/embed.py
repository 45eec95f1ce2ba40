"""The embeddable schedule: an event's or a day's programme for other sites to frame.

These are the only pages another site may put in a frame: they send no X-Frame-Options and
their own Content Security Policy, with ``frame-ancestors`` from ``EMBED_FRAME_ANCESTORS``.
The policy is set here rather than by the CSP middleware so that the page cache keeps it
with the page. ``static/js/schedule-embed.js`` is the web component that frames them.
"""

from csp.utils import build_policy
from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from cms.caching import page_cache
from conference.models import Day
from sessions.schedule.selectors import event_programme
from website.pages import public_event


def _framable(response):
    response["Content-Security-Policy"] = build_policy(
        replace={"frame-ancestors": settings.EMBED_FRAME_ANCESTORS}
    )
    return response


def _render(request, event, days, programme):
    sessions_by_day = [
        (day, [s for s in programme.sessions if s.day_id == day.pk]) for day in days
    ]
    return _framable(
        render(
            request,
            "conference/event_embed.html",
            {"event": event, "days": sessions_by_day, "single_day": len(days) == 1},
        )
    )


@page_cache(stored=False)  # its own frame policy: not a file a web server serves alike
@require_safe
@xframe_options_exempt
def event_embed(request, event):
    found = public_event(event)
    programme = event_programme(event=found)
    return _render(request, found, programme.days, programme)


@page_cache(stored=False)
@require_safe
@xframe_options_exempt
def day_embed(request, event, number):
    day = get_object_or_404(Day.objects.public().with_event(), event__slug=event, number=number)
    programme = event_programme(event=day.event)
    return _render(request, day.event, [day], programme)
