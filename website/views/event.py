"""Public pages of the conference app: home, event, programme and day recap."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from cms.caching import page_cache
from conference.models import Day
from website.forms import ProgrammeFilterForm
from website.links import absolute_builder
from website.metadata import description
from website.selectors import event as selectors
from website.selectors.recap import build_day_recap
from website.structured_data import event as jsonld
from website.templatetags.conference_tags import british_date


def current_programme(request):
    """The navigation's "Programme": the programme of the current (or next) event."""
    event = selectors.current_event()
    if event is None:
        return redirect("conference:home")
    return redirect("conference:programme", event=event.slug)


def day_recap(request, event, number):
    day = get_object_or_404(
        Day.objects.public().with_event(), event__slug=event, number=number
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
            "description": description(day.recap_intro, page_title),
            "structured_data": jsonld.event_data(
                event, absolute_builder(request), sessions=sessions
            ),
        },
    )


def _published_event(slug):
    event = selectors.published_event(slug=slug)
    if event is None:
        raise Http404("No such event.")
    return event


def home(request):
    page = selectors.home_page()
    return render(
        request,
        "conference/event_list.html",
        {
            "page": page,
            "structured_data": {
                "@context": "https://schema.org",
                "@type": "WebSite",
                "name": settings.SITE_NAME,
                "url": request.build_absolute_uri("/"),
            },
        },
    )


def event_detail(request, event):
    event = _published_event(event)
    page = selectors.event_page(event=event)
    return render(
        request,
        "conference/event_detail.html",
        {
            "page": page,
            "event": event,
            "description": description(event.summary, event.theme or event.name),
            "structured_data": jsonld.event_data(event, request.build_absolute_uri),
        },
    )


@page_cache(query=("view", "topic", "kind", "room"))
def programme(request, event, number=None):
    """One day of the programme: day ``number``, else the running or first day."""
    if request.GET.get("view") == "now":
        return redirect("conference:programme-now", event=event)
    event = _published_event(event)
    form = ProgrammeFilterForm(
        request.GET, choices=selectors.programme_filter_choices(event=event)
    )
    programme = selectors.programme(event=event, filters=form.filters(), number=number)
    if programme is None:
        raise Http404("No such day in the programme.")
    sessions = [(session, session.people) for session in programme.sessions]
    shown = programme.day.day if programme.day else None
    return render(
        request,
        "conference/event_programme.html",
        {
            "programme": programme,
            "event": event,
            "form": form,
            "query": request.GET.urlencode(),
            "description": (
                f"The programme of {event.name}, {shown.label}: {british_date(shown.date)}."
                if shown
                else f"The programme of {event.name}."
            ),
            "structured_data": jsonld.event_data(
                event, absolute_builder(request), sessions=sessions
            ),
        },
    )


def programme_now(request, event):
    event = _published_event(event)
    return render(
        request,
        "conference/event_now.html",
        {"now": selectors.now_and_next(event=event), "event": event},
    )
