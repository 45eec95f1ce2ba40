"""The people and organisations of one event, for the static-site export."""

from collections.abc import Iterator

from django.urls import reverse

from conference.models import Event, Organisation
from speakers.models import Speaker


def public_urls(event: Event) -> Iterator[str]:
    yield reverse("speakers:speaker-list")
    yield reverse("speakers:organisation-list")
    people = Speaker.objects.public(event=event).order_by("slug")
    for slug in people.values_list("slug", flat=True):
        yield reverse("speakers:speaker-detail", kwargs={"slug": slug})
    organisations = Organisation.objects.public(event=event).order_by("slug")
    for slug in organisations.values_list("slug", flat=True):
        yield reverse("speakers:organisation-detail", kwargs={"slug": slug})
