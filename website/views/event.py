"""Public pages of an event: home, event, programme, now and next, and day recap."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect

from cms.caching import never_page_cached, page_cache
from conference.models import Day
from website.forms import ProgrammeFilterForm
from website.metadata import absolute_builder, description
from website.pages import public_event, render_page
from website.selectors import event as selectors
from website.selectors.recap import build_day_recap
from website.structured_data import event as jsonld
from website.templatetags.conference_tags import british_date

SITE_DESCRIPTION = "Programmes, day recaps, speakers, quotes and reports of our conferences."


def current_programme(request):
    """The navigation's "Programme": the programme of the current (or next) event."""
    event = selectors.current_event()
    if event is None:
        return redirect("conference:home")
    return redirect("conference:programme", event=event.slug)


def day_recap(request, event, number):
    day = get_object_or_404(Day.objects.public().with_event(), event__slug=event, number=number)
    recap = build_day_recap(day=day)
    event = recap.event
    sessions = [(item.session, item.participations) for item in recap.sessions]
    return render_page(
        request,
        "conference/day_recap.html",
        title=f"{day.label} recap, {british_date(day.date)} · {event.name}",
        description=description(
            day.recap_intro, f"{event.name}: {day.label} recap, {british_date(day.date)}"
        ),
        structured_data=jsonld.event_data(event, absolute_builder(request), sessions=sessions),
        event=event,
        og_type="article",
        recap=recap,
        day=day,
    )


@page_cache(lists=True, clock=True)
def home(request):
    return render_page(
        request,
        "conference/event_list.html",
        title=settings.SITE_NAME,
        description=SITE_DESCRIPTION,
        structured_data={
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": settings.SITE_NAME,
            "url": request.build_absolute_uri("/"),
        },
        page=selectors.home_page(),
    )


@page_cache(lists=True)
def event_detail(request, event):
    event = public_event(event)
    return render_page(
        request,
        "conference/event_detail.html",
        title=event.name,
        description=description(event.summary, event.theme or event.name),
        structured_data=jsonld.event_data(event, request.build_absolute_uri),
        event=event,
        page=selectors.event_page(event=event),
    )


@page_cache(query=("view", "topic", "kind", "room"), clock=True)
def programme(request, event, number=None):
    """One day of the programme: day ``number``, else the running or first day."""
    if request.GET.get("view") == "now":
        return redirect("conference:programme-now", event=event)
    event = public_event(event)
    form = ProgrammeFilterForm(
        request.GET, choices=selectors.programme_filter_choices(event=event)
    )
    programme = selectors.programme(event=event, filters=form.filters(), number=number)
    if programme is None:
        raise Http404("No such day in the programme.")
    sessions = [(session, session.people) for session in programme.sessions]
    shown = programme.day.day if programme.day else None
    return render_page(
        request,
        "conference/event_programme.html",
        title=f"Programme · {event.name}",
        description=(
            f"The programme of {event.name}, {shown.label}: {british_date(shown.date)}."
            if shown
            else f"The programme of {event.name}."
        ),
        structured_data=jsonld.event_data(event, absolute_builder(request), sessions=sessions),
        event=event,
        programme=programme,
        form=form,
        query=request.GET.urlencode(),
    )


@never_page_cached
def programme_now(request, event):
    event = public_event(event)
    return render_page(
        request,
        "conference/event_now.html",
        title=f"Now and next · {event.name}",
        description=f"The sessions of {event.name} running now and starting next.",
        event=event,
        now=selectors.now_and_next(event=event),
    )
