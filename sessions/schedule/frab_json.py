"""The frab/c3voc schedule as a Python structure and as JSON (schedule.json).

`schedule_data` is the one description of a programme in frab terms: schedule.json is that
structure serialised, schedule.xml (frab_xml.py) is drawn from it, and the import
(sessions/services.py) reads both formats back into it.
"""

import datetime as dt
import hashlib
import json

from sessions.schedule.identifiers import (
    acronym,
    frab_slug,
    legacy_id,
    person_guid,
    room_guid,
    session_guid,
)
from sessions.schedule.selectors import Programme

GENERATOR = {"name": "conference-cms", "version": "0.1.0"}
JSON_SCHEMA_URL = "https://c3voc.de/schedule/schema.json"
RECORDING_LINK_TYPE = "media"
# The link title of a recording that has no title of its own; the import reads it as none.
RECORDING_TITLE = "Recording"


def _duration(delta: dt.timedelta) -> str:
    minutes = int(delta.total_seconds()) // 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def venue_room_name(event) -> str:
    """Sessions without a room sit in one named after the venue: frab needs a room for each."""
    return event.venue or "Venue"


def room_name(session) -> str:
    return session.room.name if session.room_id else venue_room_name(session.day.event)


def _person(participation) -> dict:
    speaker = participation.speaker
    guid = person_guid(speaker.full_name)
    return {
        "guid": str(guid),
        "id": legacy_id(guid),
        "name": speaker.full_name,
        "biography": speaker.bio,
    }


def _event(session, *, base_url: str) -> dict:
    tz = session.day.event.tzinfo
    start, end = session.start.astimezone(tz), session.end.astimezone(tz)
    guid = session_guid(session)
    topics = session.topic_names
    links = []
    if session.recording_url:
        links.append(
            {
                "type": RECORDING_LINK_TYPE,
                "url": session.recording_url,
                "title": session.recording_title or RECORDING_TITLE,
            }
        )
    return {
        "guid": str(guid),
        "id": legacy_id(guid),
        "date": start.isoformat(),
        "start": start.strftime("%H:%M"),
        "end": end.isoformat(),
        "duration": _duration(end - start),
        "room": room_name(session),
        "slug": frab_slug(session),
        "url": base_url + session.get_absolute_url(),
        "title": session.title,
        "subtitle": None,
        "track": topics[0] if topics else None,
        "type": session.kind,
        "language": "en",
        "abstract": session.summary,
        "description": session.recap_text,
        "persons": [_person(p) for p in session.participations.all()],
        "links": links,
    }


def _day(day, sessions, room_names, *, base_url: str) -> dict:
    tz = day.event.tzinfo
    timed = [session for session in sessions if session.start and session.end]
    if timed:
        day_start = min(s.start for s in timed).astimezone(tz)
        day_end = max(s.end for s in timed).astimezone(tz)
    else:
        day_start = dt.datetime.combine(day.date, dt.time(0), tzinfo=tz)
        day_end = day_start + dt.timedelta(days=1)
    rooms = {name: [] for name in room_names}
    for session in timed:
        rooms[room_name(session)].append(_event(session, base_url=base_url))
    return {
        "index": day.number,
        "date": day.date.isoformat(),
        "day_start": day_start.isoformat(),
        "day_end": day_end.isoformat(),
        "rooms": {name: events for name, events in rooms.items() if events},
    }


def _room_names(programme: Programme) -> list[str]:
    """The event's rooms in order, after the venue when sessions without a room use it."""
    names = [room.name for room in programme.rooms]
    used = {room_name(s) for s in programme.timed_sessions}
    return [name for name in sorted(used) if name not in names] + names


def schedule_data(programme: Programme, *, base_url: str) -> dict:
    """The published, timed programme in the frab/c3voc JSON shape (sessions without times
    are left out: frab cannot place them)."""
    event = programme.event
    room_names = _room_names(programme)
    days = [
        _day(day, programme.sessions_of(day), room_names, base_url=base_url)
        for day in programme.days
    ]
    tracks = {t["track"] for d in days for talks in d["rooms"].values() for t in talks}
    conference = {
        "acronym": acronym(event),
        "title": event.name,
        "start": event.start_date.isoformat(),
        "end": event.end_date.isoformat(),
        "daysCount": len(programme.days),
        "timeslot_duration": "00:05",
        "time_zone_name": event.time_zone,
        "url": base_url + event.get_absolute_url(),
        "rooms": [{"name": name, "guid": str(room_guid(event, name))} for name in room_names],
        "tracks": [{"name": name} for name in sorted(tracks - {None})],
        "days": days,
    }
    digest = hashlib.sha256(json.dumps(conference, sort_keys=True).encode()).hexdigest()
    return {
        "$schema": JSON_SCHEMA_URL,
        "generator": GENERATOR,
        "schedule": {
            "version": digest[:12],
            "base_url": base_url + "/",
            "conference": conference,
        },
    }


def render_schedule_json(programme: Programme, *, base_url: str) -> bytes:
    data = schedule_data(programme, base_url=base_url)
    return json.dumps(data, ensure_ascii=False, indent=2).encode() + b"\n"
