"""The stable id of a session, as the public API, the personal agenda and schedule2 give it.

Today it is derived from the event and session slugs (``sessions/schedule/identifiers.py``);
when sessions carry a stored ``uuid`` of their own, this is the one place to switch to it.
"""

import uuid

from sessions.schedule.identifiers import session_guid


def session_id(session, event) -> uuid.UUID:
    """``event`` is the session's event, passed so that listings need not load it per session."""
    return session_guid(event.slug, session.slug)
