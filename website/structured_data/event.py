"""schema.org JSON-LD for the conference pages (event, programme, day recap).

Callers pass ``absolute`` (usually ``request.build_absolute_uri``) so that every URL in
the data is absolute, as search engines expect.
"""

import datetime as dt
from collections.abc import Callable

ATTENDANCE_MODES = {
    "in_person": "https://schema.org/OfflineEventAttendanceMode",
    "online": "https://schema.org/OnlineEventAttendanceMode",
    "hybrid": "https://schema.org/MixedEventAttendanceMode",
}


def _place(event) -> dict:
    if event.format == "online":
        return {"@type": "VirtualLocation", "url": event.website or ""}
    return {"@type": "Place", "name": event.venue or event.name}


def event_data(event, absolute: Callable[[str], str], *, sessions=()) -> dict:
    """An Event, with the given sessions as sub-events."""
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.name,
        "url": absolute(event.get_absolute_url()),
        "startDate": event.start_date.isoformat(),
        "endDate": event.end_date.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": ATTENDANCE_MODES.get(event.format),
        "location": _place(event),
    }
    if event.theme:
        data["description"] = event.theme
    if event.organiser_id:
        data["organizer"] = {"@type": "Organization", "name": event.organiser.name}
    if sessions:
        data["subEvent"] = [
            session_data(s, people, absolute, tz=event.tzinfo) for s, people in sessions
        ]
    return data


def session_data(session, participations, absolute: Callable[[str], str], *, tz) -> dict:
    """A session as a schema.org Event; times with the offset of ``tz``, the event's zone."""
    data = {
        "@type": "Event",
        "name": str(session),
        "url": absolute(session.get_absolute_url()),
    }
    for key, moment in (("startDate", session.start), ("endDate", session.end)):
        if isinstance(moment, dt.datetime):
            data[key] = moment.astimezone(tz).isoformat()
    if session.room_id:
        data["location"] = {"@type": "Place", "name": session.room.name}
    performers = [
        {
            "@type": "Person",
            "name": p.speaker.full_name,
            "url": absolute(p.speaker.get_absolute_url()),
        }
        for p in participations
    ]
    if performers:
        data["performer"] = performers
    return data
