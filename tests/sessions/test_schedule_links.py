"""Links to the programme exports from the programme, session and speaker pages."""

import re

import icalendar
import pytest
from django.urls import reverse

from sessions.models import Session
from tests.factories import build_programme

EXPORT_LINKS = {
    "Add to calendar (.ics)": ("event-ics", "text/calendar"),
    "Schedule XML": ("schedule-xml", "application/xml"),
    "Schedule JSON": ("schedule-json", "application/json"),
    "Sessions CSV": ("sessions-csv", "text/csv"),
    "Speakers CSV": ("speakers-csv", "text/csv"),
}


@pytest.fixture
def days(event):
    return build_programme(event)


def _links(page: str) -> dict[str, str]:
    """Link text (without the screen-reader part) -> href."""
    found = re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)', page)
    return {text.strip(): href for href, text in found}


def _calendar_href(page: str) -> str:
    [href] = re.findall(r'<a href="([^"]+)" type="text/calendar">Add to calendar \(.ics\)', page)
    return href


def test_programme_page_links_to_every_export(client, event, days):
    page = client.get(reverse("conference:programme", args=[event.slug])).content.decode()
    links = _links(page)
    for text, (name, content_type) in EXPORT_LINKS.items():
        assert links[text] == reverse(f"programme:{name}", kwargs={"event": event.slug})
        response = client.get(links[text])
        assert response.status_code == 200
        assert response["Content-Type"].startswith(content_type)


def test_session_page_links_to_its_calendar(client, event, days):
    session = days[1].sessions.get(code="2.2")
    page = client.get(session.get_absolute_url()).content.decode()
    href = _calendar_href(page)
    assert href == reverse(
        "programme:session-ics", kwargs={"event": event.slug, "slug": session.slug}
    )
    [vevent] = icalendar.Calendar.from_ical(client.get(href).content).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == f"2.2 {session.title}"


def test_session_page_without_a_time_has_no_calendar_link(client, event, days):
    session = Session.objects.get(title="Lunch with no time yet")
    page = client.get(session.get_absolute_url()).content.decode()
    assert "Add to calendar" not in page


def test_speaker_page_links_to_their_sessions_calendar(client, event, days):
    participation = days[0].sessions.get(code="1.1").participations.first()
    speaker = participation.speaker
    page = client.get(speaker.get_absolute_url()).content.decode()
    href = _calendar_href(page)
    assert href == reverse("programme:speaker-ics", kwargs={"slug": speaker.slug})
    events = icalendar.Calendar.from_ical(client.get(href).content).walk("VEVENT")
    assert len(events) == speaker.participations.filter(session__start__isnull=False).count()
