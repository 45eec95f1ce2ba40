"""The stable id of a session, as the public API and the personal agenda give it (the exports
write the same ``uuid``)."""

import uuid


def session_id(session) -> uuid.UUID:
    """The session's stored ``uuid``, which never changes."""
    return session.uuid
