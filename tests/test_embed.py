"""The embeddable schedule: framable event and day pages, and the web component script."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from sessions.models import Session, Track
from tests.public_site import build_public_site, grow_programme
from website.site_urls.event import public_urls

COMPONENT = Path(settings.BASE_DIR) / "static" / "js" / "schedule-embed.js"


@pytest.fixture
def site(db):
    return build_public_site()


def _frame_ancestors(response) -> str:
    policy = response["Content-Security-Policy"]
    return re.search(r"frame-ancestors ([^;]+)", policy).group(1)


def test_event_embed_lists_published_sessions_only(client, site):
    html = client.get("/tc24/embed/").content.decode()

    assert "Of Clocks and Clouds" in html and "Outcomes for health" in html
    assert "Professor Tina Nabatchi, Dr Eleanor Carter" in html
    assert "Secret" not in html
    assert 'target="_blank" rel="noopener"' in html
    assert "<nav" not in html


def test_day_embed_shows_that_day_and_drafts_are_not_found(client, site):
    html = client.get("/tc24/day-1/embed/").content.decode()

    assert "Day 1, Thursday 5 September 2024" in html
    assert client.get("/tc24/day-2/embed/").status_code == 404
    assert client.get("/secret-conf/embed/").status_code == 404
    assert client.get("/secret-conf/day-1/embed/").status_code == 404


@pytest.mark.parametrize("path", ["/tc24/embed/", "/tc24/day-1/embed/"])
def test_embed_pages_may_be_framed_even_from_the_page_cache(client, site, path):
    miss = client.get(path)
    hit = client.get(path)

    assert hit["X-Page-Cache"] == "hit"
    for response in (miss, hit):
        assert "X-Frame-Options" not in response
        assert _frame_ancestors(response) == "*"
        assert "script-src 'self'" in response["Content-Security-Policy"]


def test_other_pages_still_refuse_frames(client, site):
    response = client.get("/tc24/programme/")

    assert response["X-Frame-Options"] == "DENY"
    assert _frame_ancestors(response) == "'none'"


@override_settings(EMBED_FRAME_ANCESTORS=["https://partner.example"])
def test_who_may_frame_is_configurable(client, site):
    assert _frame_ancestors(client.get("/tc24/embed/")) == "https://partner.example"


def test_embed_page_loads_only_its_own_assets(client, site):
    html = client.get("/tc24/embed/").content.decode()

    assert re.findall(r'src="([^"]+)"', html) == ["/static/js/embed-frame.js"]
    links = re.findall(r'href="([^"]+)"', html)
    assert links and all(not url.startswith(("http:", "https:", "//")) for url in links)
    assert "<script>" not in html


def test_component_is_dependency_free_and_asks_only_its_own_host():
    script = COMPONENT.read_text()

    assert 'customElements.define("conference-schedule"' in script
    assert "new URL(script.src" in script  # the frame's address is built on the script's origin
    for forbidden in ("http://", "https://", "import ", "fetch(", "XMLHttpRequest", "eval("):
        assert forbidden not in script, forbidden
    assert "message.origin !== origin" in script


def test_embed_pages_are_in_the_static_export(site):
    urls = list(public_urls(site.event))

    assert "/tc24/embed/" in urls
    assert "/tc24/day-1/embed/" in urls
    assert "/tc24/day-2/embed/" not in urls


def test_embed_query_count_is_fixed(client, site, django_assert_max_num_queries):
    grow_programme(site, 3)
    with django_assert_max_num_queries(10):
        client.get("/tc24/day-1/embed/")
    grow_programme(site, 30)
    with django_assert_max_num_queries(10):
        html = client.get("/tc24/embed/").content.decode()
    assert html.count('class="embed__session"') == 35


@pytest.fixture
def tracks(site):
    policy = Track.objects.create(event=site.event, name="Policy", slug="policy")
    health = Track.objects.create(event=site.event, name="Health", slug="health")
    Track.objects.create(event=site.event, name="Empty", slug="empty")
    Session.objects.filter(pk=site.keynote.pk).update(track=policy)
    Session.objects.filter(pk__in=[site.deep_dive.pk, site.draft_session.pk]).update(track=health)
    return policy, health


def test_track_embed_lists_that_tracks_published_sessions(client, site, tracks):
    html = client.get("/tc24/tracks/health/embed/").content.decode()
    assert "Outcomes for health" in html
    assert "Of Clocks and Clouds" not in html  # another track
    assert "Secret" not in html  # a draft of the track
    assert "<title>Health · Programme · Test Conference 2024</title>" in html
    empty = client.get("/tc24/tracks/empty/embed/").content.decode()
    assert "No session of this track has been published yet." in empty
    assert client.get("/tc24/tracks/nope/embed/").status_code == 404
    assert client.get("/secret-conf/tracks/health/embed/").status_code == 404
    assert _frame_ancestors(client.get("/tc24/tracks/policy/embed/")) == "*"


def test_track_embeds_of_tracks_with_public_sessions_are_exported(site, tracks):
    urls = list(public_urls(site.event))
    assert "/tc24/tracks/policy/embed/" in urls
    assert "/tc24/tracks/health/embed/" in urls
    assert "/tc24/tracks/empty/embed/" not in urls


def test_the_web_component_frames_a_track():
    script = COMPONENT.read_text()
    assert '"/tracks/" + track + "/embed/"' in script
    assert '["event", "day", "track", "title"]' in script
