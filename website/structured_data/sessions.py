"""schema.org for session pages (an Event within its conference) and quotes (Quotation)."""

from website.structured_data.event import session_data
from website.structured_data.people import person, with_context


def session_event(session, event, absolute) -> dict:
    data = session_data(session, session.participations.all(), absolute, tz=event.tzinfo)
    data["superEvent"] = {
        "@type": "Event",
        "name": event.name,
        "url": absolute(event.get_absolute_url()),
    }
    if session.summary:
        data["description"] = session.summary
    return with_context(data)


def quotation(quote, absolute) -> dict:
    data = {
        "@type": "Quotation",
        "text": quote.text,
        "url": absolute(quote.get_absolute_url()),
        "isPartOf": {
            "@type": "Event",
            "name": str(quote.session),
            "url": absolute(quote.session.get_absolute_url()),
        },
    }
    if quote.speaker_id:
        data["creator"] = person(quote.speaker, absolute)
    elif quote.attribution:
        data["creator"] = {"@type": "Person", "name": quote.attribution}
    return with_context(data)
