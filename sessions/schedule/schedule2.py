"""The c3voc "schedule2" JSON (schema version alpha-3) of an event: /<event>/schedule2.json.

schedule2 is still marked alpha by its authors; the export is validated against the copy of
the schema in tests/fixtures/schedule/schedule2.schema.json. Unlike frab's schedule.json it
lists sessions flat (``events``), gives rooms and people guids, participants their roles and
links their type. Breaks are schedule2 meta events. Sessions without times are left out.

Titles are in the active language; abstracts and descriptions written in more than one
language are language maps (``{"en": …, "fr": …}``, the schema's LocalizableString).
"""

import datetime as dt
import hashlib
import json
import re

from django.conf import settings
from django.utils.text import slugify

from sessions.models import Participation, Session
from sessions.schedule.frab_json import (
    ATTACHMENT_TYPES,
    GENERATOR,
    RECORDING_TITLE,
    venue_room_name,
)
from sessions.schedule.identifiers import acronym, frab_slug, venue_guid
from sessions.schedule.selectors import EventSchedule

SCHEMA_ID = "https://c3voc.de/schema/schedule2"
# The schema's own pattern for time zone names; a zone it does not accept is left out.
TIME_ZONE_PATTERN = re.compile(r"^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$")

KIND_TYPES = {
    Session.Kind.WELCOME: "TALK",
    Session.Kind.KEYNOTE: "TALK",
    Session.Kind.PANEL: "DISCUSSION",
    Session.Kind.DEEP_DIVE: "WORKSHOP",
    Session.Kind.PLENARY: "TALK",
    Session.Kind.REPORT_LAUNCH: "TALK",
    Session.Kind.OTHER: "OTHER",
}
ROLES = {
    Participation.Role.KEYNOTE: "SPEAKER",
    Participation.Role.CHAIR: "HOST",
    Participation.Role.MODERATOR: "MODERATOR",
    Participation.Role.PANELLIST: "SPEAKER",
    Participation.Role.PRESENTER: "SPEAKER",
    Participation.Role.SPEAKER: "SPEAKER",
}


def localizable(obj, name: str) -> str | dict | None:
    """``obj``'s text ``name`` as a LocalizableString: each language's own text when more
    than one is written, else the text in the active language (None when empty)."""
    texts = {
        code: value
        for code, _name in settings.LANGUAGES
        if (value := getattr(obj, f"{name}_{code}", None))
    }
    if len(texts) > 1:
        return texts
    return getattr(obj, name) or None


def _slug(text: str, fallback: str) -> str:
    """A slug in the schema's pattern: two or more of [a-z0-9_-], ending in a letter or digit."""
    slug = slugify(text).strip("-_")
    return slug if len(slug) >= 2 else f"{fallback}-{slug}" if slug else fallback


class _Builder:
    def __init__(self, programme: EventSchedule, *, base_url: str):
        self.event = programme.event
        self.tz = self.event.tzinfo
        self.base_url = base_url
        self.room_guids = {room.name: room.uuid for room in programme.rooms}
        self.acronym = acronym(self.event)
        self.venue = venue_room_name(self.event)

    def time(self, moment: dt.datetime) -> str:
        return moment.astimezone(self.tz).isoformat()

    def room_name(self, session: Session) -> str:
        return session.room.name if session.room_id else self.venue

    def room_guid(self, name: str):
        """The room's own uuid; the venue (sessions without a room) has no row."""
        guid = self.room_guids.get(name)
        return guid if guid is not None else venue_guid(self.event, name)

    def room(self, name: str) -> dict:
        return {"name": name, "slug": _slug(name, "room"), "guid": str(self.room_guid(name))}

    def track_name(self, session: Session) -> str:
        """The first topic, as in schedule.json; a session without one goes by its kind."""
        return session.topic_names[0] if session.topic_names else session.get_kind_display()

    def participant(self, participation: Participation) -> dict:
        speaker = participation.speaker
        return {
            "name": speaker.full_name,
            "role": ROLES[participation.role],
            "guid": str(speaker.uuid),
        }

    def links(self, session: Session) -> list[dict]:
        if not session.recording_url:
            return []
        title = session.recording_title or RECORDING_TITLE
        return [{"type": "MEDIA", "url": session.recording_url, "title": title}]

    def item(self, session: Session) -> dict:
        guid = str(session.uuid)
        room = self.room(self.room_name(session))
        if session.kind == Session.Kind.BREAK:
            return {
                "type": "BREAK",
                "title": session.title,
                "guid": guid,
                "start": self.time(session.start),
                "end": self.time(session.end),
                "room": room,
            }
        return {
            "guid": guid,
            "slug": frab_slug(self.acronym, session.slug),
            "url": self.base_url + session.get_absolute_url(),
            "title": session.title,
            "subtitle": None,
            "start": self.time(session.start),
            "end": self.time(session.end),
            "room": room,
            "track": {"slug": _slug(self.track_name(session), "track")},
            "type": KIND_TYPES[session.kind],
            "language": session.language,  # the schema takes one: the first
            "abstract": localizable(session, "summary"),
            "description": localizable(session, "recap_text"),
            "participants": [self.participant(p) for p in session.participations.all()],
            "links": self.links(session),
            "attachments": [
                {
                    "type": ATTACHMENT_TYPES[attachment.kind].upper(),
                    "url": self.base_url + attachment.get_absolute_url(),
                    "title": attachment.title,
                }
                for attachment in session.attachments.all()
            ],
        }

    def day(self, day, sessions: list[Session]) -> dict:
        if sessions:
            start = min(session.start for session in sessions)
            end = max(session.end for session in sessions)
        else:
            start = dt.datetime.combine(day.date, dt.time(0), tzinfo=self.tz)
            end = start + dt.timedelta(days=1)
        return {
            "index": day.number,
            "date": day.date.isoformat(),
            "start": self.time(start),
            "end": self.time(end),
        }


def schedule2_data(programme: EventSchedule, *, base_url: str) -> dict:
    """Events, rooms, sessions and people go by their stored ``uuid``, as in the frab exports."""
    builder = _Builder(programme, base_url=base_url)
    event = programme.event
    sessions = programme.timed_sessions
    used_rooms = {builder.room_name(session) for session in sessions}
    room_names = [room.name for room in programme.rooms]
    room_names = sorted(used_rooms - set(room_names)) + room_names
    tracks = sorted({builder.track_name(s) for s in sessions if s.kind != Session.Kind.BREAK})
    first = dt.datetime.combine(event.start_date, dt.time(0), tzinfo=builder.tz)
    last = dt.datetime.combine(event.end_date, dt.time(0), tzinfo=builder.tz)
    conference = {
        "acronym": builder.acronym,
        "title": event.name,
        "description": localizable(event, "summary"),
        "start": first.isoformat(),
        "end": (last + dt.timedelta(days=1)).isoformat(),
        "timeslot_duration": "PT5M",
        "url": base_url + event.get_absolute_url(),
        "languages": sorted({code for s in sessions for code in s.language_codes}) or ["en"],
        "tracks": [{"name": name, "slug": _slug(name, "track")} for name in tracks],
        "rooms": [builder.room(name) for name in room_names],
        "days": [
            builder.day(day, [s for s in sessions if s.day_id == day.pk])
            for day in programme.days
        ],
    }
    if TIME_ZONE_PATTERN.search(event.time_zone):
        conference["time_zone_name"] = event.time_zone
    events = [builder.item(session) for session in sessions]
    content = json.dumps([conference, events], sort_keys=True).encode()
    return {
        "$schema": SCHEMA_ID,
        "generator": GENERATOR,
        "schedule": {
            "version": hashlib.sha256(content).hexdigest()[:12],
            "conference": conference,
            "events": events,
        },
    }


def render_schedule2(programme: EventSchedule, *, base_url: str) -> bytes:
    data = schedule2_data(programme, base_url=base_url)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
