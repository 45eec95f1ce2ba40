"""The people and organisations of one event, for the static-site export.

Relations above this app are followed by name, as in ``speakers/querysets.py``, so this
module imports nothing from the apps that depend on it.
"""

from collections.abc import Iterator

from django.urls import reverse

from conference.models import Event
from website.selectors.people import event_organisations, event_speakers


def public_urls(event: Event) -> Iterator[str]:
    yield reverse("speakers:speaker-list")
    yield reverse("speakers:organisation-list")
    for slug in event_speakers(event).order_by("slug").values_list("slug", flat=True):
        yield reverse("speakers:speaker-detail", kwargs={"slug": slug})
    organisations = event_organisations(event).order_by("slug").values_list("slug", flat=True)
    for slug in organisations.distinct():
        yield reverse("speakers:organisation-detail", kwargs={"slug": slug})
