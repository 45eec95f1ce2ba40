"""Programme sessions as iCalendar, built with the icalendar library.

Calendars hold one VEVENT per timed session (a session without a time is left out) with
times in the event's zone and a VTIMEZONE for it. Nothing in the output depends on the
clock, so the same programme gives the same bytes and the ETag holds.
"""

import datetime as dt

from icalendar import Calendar, Event, vCalAddress

from sessions.schedule.identifiers import calendar_uid
from sessions.schedule.text import plain_text

PRODID = "-//conference-cms//Programme//EN"


def _location(session) -> str:
    parts = [session.room.name if session.room_id else "", session.day.event.venue]
    return ", ".join(part for part in parts if part)


def _organiser(event, *, base_url: str) -> vCalAddress | None:
    if not event.organiser_id:
        return None
    organiser = event.organiser
    address = vCalAddress(organiser.website or base_url + event.get_absolute_url())
    address.params["cn"] = organiser.name
    return address


def _vevent(session, *, base_url: str) -> Event:
    event = session.day.event
    tz = event.tzinfo
    vevent = Event()
    vevent.add("uid", calendar_uid(session.uuid))
    # The models keep no modification time; the start keeps the output deterministic.
    vevent.add("dtstamp", session.start.astimezone(dt.UTC))
    vevent.add("dtstart", session.start.astimezone(tz))
    vevent.add("dtend", session.end.astimezone(tz))
    vevent.add("summary", f"{session.code} {session.title}" if session.code else session.title)
    # The programme note ("times are illustrative") travels with every time it qualifies.
    description = [
        plain_text(session.summary) if session.summary else "",
        f"Languages: {', '.join(session.language_names)}" if session.languages != "en" else "",
        event.programme_note,
    ]
    if any(description):
        vevent.add("description", "\n\n".join(part for part in description if part))
    if location := _location(session):
        vevent.add("location", location)
    vevent.add("url", base_url + session.get_absolute_url())
    kind = session.type.name if session.type_id else session.get_kind_display()
    vevent.add("categories", [kind, *session.topic_names])
    if organiser := _organiser(event, base_url=base_url):
        vevent.add("organizer", organiser)
    return vevent


def render_calendar(sessions, *, name: str, base_url: str) -> bytes:
    """A calendar named `name` holding the timed sessions among `sessions`."""
    timed = [session for session in sessions if session.start and session.end]
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for session in timed:
        calendar.add_component(_vevent(session, base_url=base_url))
    if timed:
        years = [session.start.year for session in timed]
        calendar.add_missing_timezones(
            first_date=dt.date(min(years) - 1, 1, 1), last_date=dt.date(max(years) + 1, 1, 1)
        )
    return calendar.to_ical()
