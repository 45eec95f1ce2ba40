"""Stable identifiers for exported schedules.

Events, days, rooms, sessions and people carry a UUID of their own (`uuid` fields, which
never change): exports write it and imports match on it, so that export -> import into an
empty database -> export gives the same file. What has no row of its own (the venue that
stands for "no room") or arrives with an id that is not a UUID gets a uuid5 derived from a
name, the same on every run.
"""

import uuid
from functools import cache, lru_cache

from django.conf import settings
from django.utils.text import slugify


@cache
def _namespace(domain: str) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"https://{domain}/schedule/")


def make_guid(kind: str, *parts: str) -> uuid.UUID:
    return _guid(settings.SCHEDULE_UID_DOMAIN, "/".join([kind, *parts]))


@lru_cache(maxsize=16_384)
def _guid(domain: str, name: str) -> uuid.UUID:
    """Remembered: a large schedule makes a few thousand of these per export."""
    return uuid.uuid5(_namespace(domain), name)


def venue_guid(event, name: str) -> uuid.UUID:
    """The pseudo-room of sessions without a room (the venue) has no row, hence no uuid."""
    return make_guid("room", event.slug, name)


def file_guid(value: str) -> uuid.UUID | None:
    """A guid read from a file as a UUID: itself when it is one, else derived from it."""
    value = value.strip()
    if not value:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        return make_guid("foreign", value)


def copy_guid(guid: uuid.UUID, event) -> uuid.UUID:
    """The uuid of a session imported into an event while `guid` belongs to another event's
    session (a copy of a programme): derived, so that re-importing finds the copy again."""
    return uuid.uuid5(guid, str(event.uuid))


def legacy_id(guid: uuid.UUID) -> int:
    """The positive integer `id` frab readers still require, derived from the GUID.

    A database key would change when the programme moves to another database.
    """
    return guid.int % (2**31 - 1) + 1


def acronym(event) -> str:
    return acronym_for(event.slug)


def acronym_for(slug: str) -> str:
    """An event slug in the shape both schemas accept: lower case, no hyphens, 4+ characters.

    It is the event's stable id in a schedule: the import matches events by it.
    """
    return slugify(slug).replace("-", "_").ljust(4, "_")


def frab_slug(event_acronym: str, session_slug: str) -> str:
    return f"{event_acronym}-{slugify(session_slug)}"


def calendar_uid(guid: uuid.UUID) -> str:
    """An iCalendar UID that survives a move to another database: never a database key."""
    return f"{guid}@{settings.SCHEDULE_UID_DOMAIN}"
