"""The personal agenda: the sessions an attendee starred, kept in a signed token, not a table.

A token is the starred sessions' stable ids (``sessions.stable_ids``), 16 bytes each, in
base64 and signed with the site's secret for one event (``django.core.signing``). It is the
address of the attendee's agenda page and calendar feed, so the feed follows later changes
to those sessions, and nothing is stored per attendee. Editing a token is refused (404).
"""

import base64
import binascii
import uuid
from collections.abc import Iterable

from django.core import signing

from conference.models import Event
from sessions.models import Session
from sessions.stable_ids import session_id

MAX_SESSIONS = 200
COOKIE_MAX_AGE = 365 * 24 * 3600


class BadToken(ValueError):
    """A token that was not made here for this event, or was changed since."""


def _signer(event: Event) -> signing.Signer:
    return signing.Signer(salt=f"website.agenda:{event.slug}")


def cookie_name(event: Event) -> str:
    return f"agenda-{event.slug}"


def make_token(event: Event, ids: Iterable[uuid.UUID]) -> str:
    """The token of ``ids`` (order and repeats do not matter); "" for an empty agenda."""
    unique = sorted(set(ids))[:MAX_SESSIONS]
    if not unique:
        return ""
    payload = base64.urlsafe_b64encode(b"".join(i.bytes for i in unique)).decode().rstrip("=")
    return _signer(event).sign(payload)


def read_token(event: Event, token: str) -> list[uuid.UUID]:
    try:
        payload = _signer(event).unsign(token)
        raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    except (signing.BadSignature, binascii.Error, ValueError) as error:
        raise BadToken(token) from error
    if not raw or len(raw) % 16:
        raise BadToken(token)
    return [uuid.UUID(bytes=raw[i : i + 16]) for i in range(0, len(raw), 16)]


def parse_id(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except (ValueError, AttributeError):
        return None


def public_session_ids(event: Event) -> dict[uuid.UUID, int]:
    """Stable id -> primary key of each published session of the event (one query)."""
    sessions = Session.objects.public().for_event(event).only("pk", "slug")
    return {session_id(session, event): session.pk for session in sessions}


def starred_sessions(event: Event, ids: Iterable[uuid.UUID]) -> list[Session]:
    """The published sessions among ``ids``, in programme order, with day, room and people.

    A session that became a draft, or was deleted, drops out; one that changed shows as it
    is now.
    """
    known = public_session_ids(event)
    pks = [known[i] for i in ids if i in known]
    sessions = (
        Session.objects.public()
        .filter(pk__in=pks)
        .select_related("day__event", "room")
        .with_people()
        .in_programme_order()
    )
    return list(sessions)
