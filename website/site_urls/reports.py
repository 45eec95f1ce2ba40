"""The reports and topics of one event, for the static-site export."""

from collections.abc import Iterator

from django.db.models import Q
from django.urls import reverse
from taggit.models import Tag

from conference.models import Event
from reports.models import Report
from sessions.models import Session


def public_urls(event: Event) -> Iterator[str]:
    reports = Report.objects.public().for_event(event)
    sessions = Session.objects.public().for_event(event)
    yield reverse("reports:report-list")
    for slug, pdf in reports.order_by("slug").values_list("slug", "pdf"):
        yield reverse("reports:report-detail", kwargs={"slug": slug})
        if pdf:
            yield reverse("reports:report-pdf", kwargs={"slug": slug})
    yield reverse("topics:topic-list")
    topics = Tag.objects.filter(Q(session__in=sessions) | Q(report__in=reports))
    for slug in topics.order_by("slug").values_list("slug", flat=True).distinct():
        yield reverse("topics:topic-detail", kwargs={"slug": slug})
