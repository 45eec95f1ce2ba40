"""Public pages of the conference app: home, event, programme and day recap."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import strip_tags
from django.utils.text import Truncator

from conference import jsonld, selectors
from conference.models import Day
from conference.recap import build_day_recap
from conference.richtext import render_markdown
from conference.templatetags.conference_tags import british_date


def _describe(markdown_text: str, fallback: str) -> str:
    """A meta description: the text's first words, as plain text."""
    text = strip_tags(render_markdown(markdown_text)).strip()
    return Truncator(" ".join(text.split())).words(35) if text else fallback


def current_programme(request):
    """The navigation's "Programme": the programme of the current (or next) event."""
    event = selectors.current_event()
    if event is None:
        return redirect("conference:home")
    return redirect("conference:programme", event=event.slug)


def day_recap(request, event, number):
    day = get_object_or_404(
        Day.objects.published().with_event(), event__slug=event, number=number
    )
    recap = build_day_recap(day=day)
    event = recap.event
    page_title = f"{event.name}: {day.label} recap, {british_date(day.date)}"
    sessions = [(item.session, item.participations) for item in recap.sessions]
    return render(
        request,
        "conference/day_recap.html",
        {
            "recap": recap,
            "event": event,
            "day": day,
            "page_title": page_title,
            "description": _describe(day.recap_intro, page_title),
            "structured_data": jsonld.event_data(
                event, request.build_absolute_uri, sessions=sessions
            ),
        },
    )


def _not_yet(request, **kwargs):
    raise Http404


home = event_detail = programme = programme_now = _not_yet
