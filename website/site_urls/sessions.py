"""The programme's public pages and data exports of one event, for the static-site export."""

from collections.abc import Iterator

from django.urls import reverse

from conference.models import Day, Event
from sessions.models import Quote, Session, SessionAttachment
from speakers.models import Speaker


def public_urls(event: Event) -> Iterator[str]:
    slug = event.slug
    exports = ("event-ics", "schedule-xml", "schedule-json", "schedule2-json")
    for name in (*exports, "sessions-csv", "speakers-csv"):
        yield reverse(f"programme:{name}", kwargs={"event": slug})
    days = Day.objects.public().for_event(event).order_by("number")
    for number in days.values_list("number", flat=True):
        yield reverse("programme:day-ics", kwargs={"event": slug, "number": number})
    sessions = Session.objects.public().for_event(event).order_by("slug")
    for session, transcript in sessions.values_list("slug", "transcript"):
        yield reverse("programme:session-detail", kwargs={"event": slug, "slug": session})
        yield reverse("programme:session-ics", kwargs={"event": slug, "slug": session})
        if transcript:
            yield reverse("programme:session-transcript", kwargs={"event": slug, "slug": session})
    attachments = SessionAttachment.objects.filter(session__in=sessions).select_related(
        "session__day__event"
    )
    for attachment in attachments.order_by("pk"):
        yield attachment.get_absolute_url()
    yield reverse("programme:quote-list", kwargs={"event": slug})
    quotes = Quote.objects.public().filter(session__day__event=event).order_by("pk")
    for pk in quotes.values_list("pk", flat=True):
        yield reverse("programme:quote-detail", kwargs={"event": slug, "pk": pk})
        yield reverse("programme:quote-card", kwargs={"event": slug, "pk": pk})
    speakers = Speaker.objects.public().filter(sessions__in=sessions).distinct()
    for speaker in speakers.order_by("slug").values_list("slug", flat=True):
        yield reverse("programme:speaker-ics", kwargs={"slug": speaker})
