"""Public requests about one event run in the event's time zone.

The views of an event's pages and exports do their work inside ``event_zone``, so that
what Django formats by itself (``localtime``, the ``date`` and ``time`` filters, JSON-LD
datetimes) agrees with the event-local filters and the exports, whatever the server's
``TIME_ZONE``.
"""

from cms.timezones import zone_active


def event_zone(event):
    """A context manager: ``event``'s zone is active inside it."""
    return zone_active(event.zone_name)
