"""The stable id of a session, as the public API, the personal agenda and schedule2 give it."""

import uuid


def session_id(session) -> uuid.UUID:
    """The session's stored ``uuid``, which never changes."""
    return session.uuid
