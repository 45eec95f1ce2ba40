"""The frab/c3voc schedule as a Python structure and as JSON (schedule.json).

`schedule_data` is the one description of a programme in frab terms: schedule.json is that
structure serialised, schedule.xml (frab_xml.py) is drawn from it, and the import
(sessions/services.py) reads both formats back into it.
"""

import datetime as dt
import hashlib
import json

from django.urls import reverse

from sessions.schedule.identifiers import (
    acronym,
    frab_slug,
    legacy_id,
    person_guid,
    room_guid,
    session_guid,
)
from sessions.schedule.selectors import ScheduleRows

GENERATOR = {"name": "conference-cms", "version": "0.1.0"}
JSON_SCHEMA_URL = "https://c3voc.de/schedule/schema.json"
RECORDING_LINK_TYPE = "media"
# The link title of a recording that has no title of its own; the import reads it as none.
RECORDING_TITLE = "Recording"


SLUG_MARKER = "session-slug"


def _duration(delta: dt.timedelta) -> str:
    minutes = int(delta.total_seconds()) // 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def venue_room_name(event) -> str:
    """Sessions without a room sit in one named after the venue: frab needs a room for each."""
    return event.venue or "Venue"


class _Builder:
    """Turns `ScheduleRows` into frab dicts; what is the same for every session is worked
    out once (the session URL is formatted from one `reverse()`)."""

    def __init__(self, rows: ScheduleRows, *, base_url: str):
        event = rows.event
        self.event = event
        self.tz = event.tzinfo
        self.venue = venue_room_name(event)
        self.acronym = acronym(event)
        path = reverse(
            "programme:session-detail", kwargs={"event": event.slug, "slug": SLUG_MARKER}
        )
        # The session slug is the last part of the path, after the event's.
        before, _, after = path.rpartition(SLUG_MARKER)
        self.session_url = (base_url + before, after)

    def room_name(self, row: dict) -> str:
        return row["room__name"] or self.venue

    def person(self, full_name: str, biography: str) -> dict:
        guid = person_guid(full_name)
        return {"guid": str(guid), "id": legacy_id(guid), "name": full_name, "biography": biography}

    def event_of(self, row: dict) -> dict:
        start, end = row["start"].astimezone(self.tz), row["end"].astimezone(self.tz)
        guid = session_guid(self.event.slug, row["slug"])
        topics = row["topics"]
        links = []
        if row["recording_url"]:
            links.append(
                {
                    "type": RECORDING_LINK_TYPE,
                    "url": row["recording_url"],
                    "title": row["recording_title"] or RECORDING_TITLE,
                }
            )
        before, after = self.session_url
        return {
            "guid": str(guid),
            "id": legacy_id(guid),
            "date": start.isoformat(),
            "start": f"{start.hour:02d}:{start.minute:02d}",
            "end": end.isoformat(),
            "duration": _duration(end - start),
            "room": self.room_name(row),
            "slug": frab_slug(self.acronym, row["slug"]),
            "url": before + row["slug"] + after,
            "title": row["title"],
            "subtitle": None,
            "track": topics[0] if topics else None,
            "type": row["kind"],
            "language": "en",
            "abstract": row["summary"],
            "description": row["recap_text"],
            "persons": [self.person(*person) for person in row["persons"]],
            "links": links,
        }

    def day(self, day, sessions: list[dict], room_names: list[str]) -> dict:
        if day.start is not None or day.end is not None:  # the day's own hours
            day_start, day_end = (moment.astimezone(self.tz) for moment in day.window)
        elif sessions:
            day_start = min(row["start"] for row in sessions).astimezone(self.tz)
            day_end = max(row["end"] for row in sessions).astimezone(self.tz)
        else:
            day_start = dt.datetime.combine(day.date, dt.time(0), tzinfo=self.tz)
            day_end = day_start + dt.timedelta(days=1)
        rooms = {name: [] for name in room_names}
        for row in sessions:
            rooms[self.room_name(row)].append(self.event_of(row))
        return {
            "index": day.number,
            "date": day.date.isoformat(),
            "day_start": day_start.isoformat(),
            "day_end": day_end.isoformat(),
            "rooms": {name: events for name, events in rooms.items() if events},
        }

    def room_names(self, rows: ScheduleRows) -> list[str]:
        """The event's rooms in order, after the venue when sessions without a room use it."""
        used = {self.room_name(row) for row in rows.sessions}
        return [name for name in sorted(used) if name not in rows.rooms] + rows.rooms


def schedule_data(rows: ScheduleRows, *, base_url: str) -> dict:
    """The published, timed programme in the frab/c3voc JSON shape (sessions without times
    are left out: frab cannot place them)."""
    event = rows.event
    builder = _Builder(rows, base_url=base_url)
    room_names = builder.room_names(rows)
    sessions_by_day = {day.pk: [] for day in rows.days}
    for row in rows.sessions:
        sessions_by_day[row["day_id"]].append(row)
    days = [builder.day(day, sessions_by_day[day.pk], room_names) for day in rows.days]
    tracks = {row["topics"][0] for row in rows.sessions if row["topics"]}
    conference = {
        "acronym": builder.acronym,
        "title": event.name,
        "start": event.start_date.isoformat(),
        "end": event.end_date.isoformat(),
        "daysCount": len(rows.days),
        "timeslot_duration": "00:05",
        "time_zone_name": event.zone_name,
        "url": base_url + event.get_absolute_url(),
        "rooms": [{"name": name, "guid": str(room_guid(event, name))} for name in room_names],
        "tracks": [{"name": name} for name in sorted(tracks)],
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


def render_schedule_json(rows: ScheduleRows, *, base_url: str) -> bytes:
    """Compact JSON: the indenting encoder is pure Python and was most of the time."""
    data = schedule_data(rows, base_url=base_url)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
