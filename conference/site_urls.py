"""The conference app's public pages of one event, for the static-site export.

``conference.site_export`` gathers ``public_urls(event)`` from every app's ``site_urls``
module, so each app names its own published pages from its own querysets.
"""

from collections.abc import Iterator

from django.urls import reverse

from conference.models import Day, Event

# Pages that depend on the moment they are rendered: a static copy would be wrong at once.
UNEXPORTABLE_VIEWS = frozenset({"conference:programme-now"})


def public_urls(event: Event) -> Iterator[str]:
    yield reverse("conference:home")
    yield event.get_absolute_url()
    yield reverse("conference:programme", kwargs={"event": event.slug})
    days = Day.objects.published().for_event(event).order_by("number")
    for number in days.values_list("number", flat=True):
        yield reverse("conference:day-recap", kwargs={"event": event.slug, "number": number})
        yield reverse("conference:programme-day", kwargs={"event": event.slug, "number": number})


def aliases(event: Event) -> dict[str, str]:
    """In the export of an event, the navigation's "current programme" is that event's."""
    return {
        reverse("conference:current-programme"): reverse(
            "conference:programme", kwargs={"event": event.slug}
        )
    }
