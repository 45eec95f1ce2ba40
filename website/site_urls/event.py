"""The conference app's public pages of one event, for the static-site export.

``website.site_export`` gathers ``public_urls(event)`` from every app's ``site_urls``
module, so each app names its own published pages from its own querysets.
"""

from collections.abc import Iterator

from django.urls import reverse

from conference.models import Day, Event
from sessions.models import Session, Track
from website.exports import FORMATS

# Pages that depend on the moment they are rendered: a static copy would be wrong at once.
UNEXPORTABLE_VIEWS = frozenset({"conference:programme-now", "attendee:screen"})
PDF_VIEWS = frozenset({"conference:day-recap-pdf", "conference:event-recap-pdf"})


def public_urls(event: Event) -> Iterator[str]:
    yield reverse("conference:home")
    yield reverse("attendee:accessibility")
    yield event.get_absolute_url()
    yield reverse("conference:programme", kwargs={"event": event.slug})
    yield reverse("attendee:embed", kwargs={"event": event.slug})
    tracks = Track.objects.filter(sessions__in=Session.objects.public().for_event(event))
    for track in tracks.order_by("slug").values_list("slug", flat=True).distinct():
        yield reverse("attendee:track-embed", kwargs={"event": event.slug, "track": track})
    days = Day.objects.public().for_event(event).order_by("number")
    numbers = list(days.values_list("number", flat=True))
    if numbers:  # the recap downloads, linked from the recap pages
        for fmt in FORMATS:
            yield reverse(f"conference:event-recap-{fmt}", kwargs={"event": event.slug})
    for number in numbers:
        day = {"event": event.slug, "number": number}
        yield reverse("conference:day-recap", kwargs=day)
        yield reverse("conference:programme-day", kwargs=day)
        yield reverse("attendee:day-embed", kwargs=day)
        for fmt in FORMATS:
            yield reverse(f"conference:day-recap-{fmt}", kwargs=day)


def aliases(event: Event) -> dict[str, str]:
    """In the export of an event, the navigation's "current programme" is that event's."""
    return {
        reverse("conference:current-programme"): reverse(
            "conference:programme", kwargs={"event": event.slug}
        )
    }
