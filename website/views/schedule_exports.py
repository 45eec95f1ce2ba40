"""The programme as files: iCalendar, frab schedule XML/JSON, schedule2 JSON and CSV.

Each view renders the published programme; Django's ConditionalGetMiddleware gives every
answer the ETag of its body and answers a matching conditional GET with 304.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from conference.models import Day
from sessions.schedule import selectors
from sessions.schedule.csv_export import render_sessions_csv, render_speakers_csv
from sessions.schedule.frab_json import render_schedule_json
from sessions.schedule.frab_xml import render_schedule_xml
from sessions.schedule.ics import render_calendar
from sessions.schedule.schedule2 import render_schedule2
from speakers.models import Speaker
from website.pages import public_event
from website.views.files import file_response

CALENDAR = "text/calendar; charset=utf-8"
CSV = "text/csv; charset=utf-8"


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@require_safe
def event_ics(request, event):
    found = public_event(event)
    body = render_calendar(
        selectors.event_sessions(event=found), name=found.name, base_url=_base_url(request)
    )
    return file_response(body, CALENDAR, f"{found.slug}.ics")


@require_safe
def day_ics(request, event, number):
    day = get_object_or_404(
        Day.objects.public().select_related("event__organiser"),
        event__slug=event,
        number=number,
    )
    body = render_calendar(
        selectors.day_sessions(day=day),
        name=f"{day.event.name} – {day.label}",
        base_url=_base_url(request),
    )
    return file_response(body, CALENDAR, f"{day.event.slug}-day-{day.number}.ics")


@require_safe
def session_ics(request, event, slug):
    session = selectors.session_for_export(event=public_event(event), slug=slug)
    if session is None:
        raise Http404("No such published session.")
    body = render_calendar([session], name=session.title, base_url=_base_url(request))
    return file_response(body, CALENDAR, f"{session.slug}.ics")


@require_safe
def speaker_ics(request, slug):
    speaker = get_object_or_404(Speaker.objects.public(), slug=slug)
    body = render_calendar(
        selectors.speaker_sessions(speaker=speaker),
        name=speaker.full_name,
        base_url=_base_url(request),
    )
    return file_response(body, CALENDAR, f"{speaker.slug}.ics")


@require_safe
def schedule_xml(request, event):
    rows = selectors.schedule_rows(event=public_event(event))
    body = render_schedule_xml(rows, base_url=_base_url(request))
    return file_response(body, "application/xml; charset=utf-8")


@require_safe
def schedule_json(request, event):
    rows = selectors.schedule_rows(event=public_event(event))
    body = render_schedule_json(rows, base_url=_base_url(request))
    return file_response(body, "application/json")


@require_safe
def schedule2_json(request, event):
    programme = selectors.event_programme(event=public_event(event), with_attachments=True)
    body = render_schedule2(programme, base_url=_base_url(request))
    return file_response(body, "application/json")


@require_safe
def sessions_csv(request, event):
    programme = selectors.event_programme(event=public_event(event))
    body = render_sessions_csv(programme, base_url=_base_url(request))
    return file_response(body, CSV, f"{programme.event.slug}-sessions.csv")


@require_safe
def speakers_csv(request, event):
    programme = selectors.event_programme(event=public_event(event))
    body = render_speakers_csv(programme, base_url=_base_url(request))
    return file_response(body, CSV, f"{programme.event.slug}-speakers.csv")
