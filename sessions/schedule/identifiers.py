"""Stable identifiers for exported schedules.

GUIDs are uuid5 values derived from names that survive a move to another database (event
and session slugs, room and person names), so that export -> import into an empty
database -> export gives the same file, and a second import of the same file matches
what the first one created.
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


def session_guid(event_slug: str, session_slug: str) -> uuid.UUID:
    return make_guid("session", event_slug, session_slug)


def room_guid(event, room_name: str) -> uuid.UUID:
    return make_guid("room", event.slug, room_name)


def person_guid(name: str) -> uuid.UUID:
    return make_guid("person", name)


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


def calendar_uid(kind: str, pk: int) -> str:
    return f"{kind}-{pk}@{settings.SCHEDULE_UID_DOMAIN}"
