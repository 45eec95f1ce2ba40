"""The shared steps of every public page: finding the event, its time zone, the page head."""

import pytest
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from cms.publishing import Status
from tests.factories import EventFactory
from website import pages

pytestmark = pytest.mark.django_db


def test_public_event_is_found_by_slug_and_drafts_are_not_found():
    event = EventFactory(slug="soc24")
    EventFactory(slug="draft24", status=Status.DRAFT)

    assert pages.public_event("soc24") == event
    for slug in ("draft24", "missing"):
        with pytest.raises(Http404):
            pages.public_event(slug)


def test_an_events_page_renders_in_the_events_time_zone(monkeypatch):
    seen = {}

    def fake_render(request, template, context):
        seen["zone"] = timezone.get_current_timezone_name()
        seen["context"] = context
        return HttpResponse("ok")

    monkeypatch.setattr(pages, "render", fake_render)
    event = EventFactory(time_zone="America/New_York")
    request = RequestFactory().get("/")

    pages.render_page(request, "x.html", title="T", description="D", event=event, extra=1)

    assert seen["zone"] == "America/New_York"
    assert timezone.get_current_timezone_name() != "America/New_York"  # only while rendering
    assert seen["context"] == {
        "page_title": "T",
        "description": "D",
        "structured_data": None,
        "event": event,
        "og_type": "",
        "og_image": "",
        "og_image_size": None,
        "og_image_alt": "",
        "extra": 1,
    }


def test_every_public_page_names_itself_in_title_and_social_tags(client, public_site):
    html = client.get(public_site.event.get_absolute_url()).content.decode()

    name = public_site.event.name
    assert f"<title>{name}</title>" in html
    assert f'<meta property="og:title" content="{name}">' in html
    assert '<script type="application/ld+json">' in html
