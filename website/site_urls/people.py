"""The people and organisations of one event, for the static-site export.

Relations above this app are followed by name, as in ``speakers/querysets.py``, so this
module imports nothing from the apps that depend on it.
"""

from collections.abc import Iterator

from django.db.models import Q
from django.urls import reverse

from cms.publishing import Status
from conference.models import Event
from speakers.models import Speaker
from website.selectors.people import public_organisations

PUBLISHED = Status.PUBLISHED


def event_speakers(event: Event):
    """Public people who took part in, were quoted in, or edited a report of the event."""
    return Speaker.objects.public(event=event)


def event_organisations(event: Event):
    """Public organisations named in the event, and the organisations they are part of."""
    named = public_organisations().filter(
        Q(affiliations__speaker__in=event_speakers(event))
        | Q(pk=event.organiser_id)
        | Q(reports__event=event, reports__status=PUBLISHED)
    )
    return public_organisations().filter(Q(pk__in=named.values("pk")) | Q(children__in=named))


def public_urls(event: Event) -> Iterator[str]:
    yield reverse("speakers:speaker-list")
    yield reverse("speakers:organisation-list")
    for slug in event_speakers(event).order_by("slug").values_list("slug", flat=True):
        yield reverse("speakers:speaker-detail", kwargs={"slug": slug})
    organisations = event_organisations(event).order_by("slug").values_list("slug", flat=True)
    for slug in organisations.distinct():
        yield reverse("speakers:organisation-detail", kwargs={"slug": slug})
