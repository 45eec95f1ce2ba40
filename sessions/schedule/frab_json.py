"""The frab/c3voc schedule as a Python structure and as JSON (schedule.json).

`schedule_data` is the one description of a programme in frab terms: schedule.json is that
structure serialised, schedule.xml (frab_xml.py) is drawn from it, and the import
(sessions/services.py) reads both formats back into it.
"""

import datetime as dt
import hashlib
import json
import re

from django.urls import reverse

from sessions.languages import parse_languages
from sessions.schedule.identifiers import acronym, frab_slug, legacy_id, venue_guid
from sessions.schedule.selectors import ScheduleRows

GENERATOR = {"name": "conference-cms", "version": "0.1.0"}
JSON_SCHEMA_URL = "https://c3voc.de/schedule/schema.json"
RECORDING_LINK_TYPE = "media"
# The link title of a recording that has no title of its own; the import reads it as none.
RECORDING_TITLE = "Recording"


SLUG_MARKER = "session-slug"
# Link kinds as the schema's reference types, and back (the import also reads other names).
LINK_TYPES = {"slides": "slides", "video": "media", "paper": "paper", "website": "web",
              "other": "related"}  # fmt: skip
ATTACHMENT_TYPES = {"slides": "slides", "other": "related"}
# A code both schemas accept (the XSD's pretalx code); ours such as “1.4” are not exported.
EXPORTED_CODE = re.compile(r"[0-9A-Z]{6}")
# conference.meta key holding, by session guid, what the file said that no field holds
# (frab's event objects allow no other keys).
EXTRA_KEY = "event_extra"


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
        self.origin = base_url

    def room_name(self, row: dict) -> str:
        return row["room__name"] or self.venue

    def person(self, guid, full_name: str, biography: str) -> dict:
        return {"guid": str(guid), "id": legacy_id(guid), "name": full_name, "biography": biography}

    def event_of(self, row: dict) -> dict:
        start, end = row["start"].astimezone(self.tz), row["end"].astimezone(self.tz)
        guid = row["uuid"]
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
        links.extend(
            {"type": LINK_TYPES[kind], "url": url, "title": title}
            for kind, title, url in row["links"]
        )
        before, after = self.session_url
        event = {"guid": str(guid), "id": legacy_id(guid)}
        if EXPORTED_CODE.fullmatch(row["code"]):
            event["code"] = row["code"]
        event |= {
            "date": start.isoformat(),
            "start": f"{start.hour:02d}:{start.minute:02d}",
            "end": end.isoformat(),
            "duration": _duration(end - start),
            "room": self.room_name(row),
            "slug": frab_slug(self.acronym, row["slug"]),
            "url": before + row["slug"] + after,
            "title": row["title"],
            "subtitle": row["subtitle"] or None,
            "track": row["track__name"] or (topics[0] if topics else None),
            "type": row["type__name"] or row["kind"],
            "language": (parse_languages(row["languages"]) or ["en"])[0],
            "abstract": row["summary"],
            "description": row["recap_text"],
            "do_not_record": row["recording_optout"],
            "persons": [self.person(*person) for person in row["persons"]],
            "links": links,
        }
        if row["attachments"]:
            event["attachments"] = [
                {"type": ATTACHMENT_TYPES[kind], "url": self.origin + path, "title": title}
                for kind, title, path in row["attachments"]
            ]
        if row["recording_licence"]:
            event["recording_license"] = row["recording_licence"]
        for key in ("origin_url", "feedback_url"):
            if row[key]:
                event[key] = row[key]
        return event

    def day(self, day, sessions: list[dict], room_names: list[str]) -> dict:
        # The day's own hours, or midnight to midnight when it has none: an import reads
        # these back as they were (a day without hours stays without).
        day_start, day_end = (moment.astimezone(self.tz) for moment in day.window)
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

    def rooms(self, rows: ScheduleRows) -> dict[str, str]:
        """The event's rooms in order (name: guid), after the venue when sessions without a
        room use it."""
        used = {self.room_name(row) for row in rows.sessions}
        names = {name for name, _ in rows.rooms}
        rooms = {
            name: str(venue_guid(self.event, name)) for name in sorted(used) if name not in names
        }
        return rooms | {name: str(guid) for name, guid in rows.rooms}


def schedule_data(rows: ScheduleRows, *, base_url: str) -> dict:
    """The published, timed programme in the frab/c3voc JSON shape (sessions without times
    are left out: frab cannot place them)."""
    event = rows.event
    builder = _Builder(rows, base_url=base_url)
    rooms = builder.rooms(rows)
    room_names = list(rooms)
    sessions_by_day = {day.pk: [] for day in rows.days}
    for row in rows.sessions:
        sessions_by_day[row["day_id"]].append(row)
    days = [builder.day(day, sessions_by_day[day.pk], room_names) for day in rows.days]
    tracks = {
        row["track__name"] or row["topics"][0]
        for row in rows.sessions
        if row["track__name"] or row["topics"]
    }
    conference = {
        "acronym": builder.acronym,
        "title": event.name,
        "start": event.start_date.isoformat(),
        "end": event.end_date.isoformat(),
        "daysCount": len(rows.days),
        "timeslot_duration": "00:05",
        "time_zone_name": event.zone_name,
        "url": base_url + event.get_absolute_url(),
        "rooms": [{"name": name, "guid": guid} for name, guid in rooms.items()],
        "tracks": [{"name": name} for name in sorted(tracks)],
        "days": days,
    }
    extra = {str(row["uuid"]): row["extra"] for row in rows.sessions if row["extra"]}
    if extra:
        conference["meta"] = {EXTRA_KEY: extra}
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
