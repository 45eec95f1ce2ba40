"""The accessibility statement (UK public-sector form) and the footer link to it."""

import pytest
from django.test import override_settings

from tests.public_site import build_public_site
from website.site_urls.event import public_urls


@pytest.fixture
def site(db):
    return build_public_site()


def test_statement_has_the_sections_of_the_public_sector_form(client, site):
    response = client.get("/accessibility/")
    html = response.content.decode()

    assert response.status_code == 200
    for heading in (
        "<h1>Accessibility statement for Conference programmes</h1>",
        "How accessible this website is",
        "Feedback and contact information",
        "Reporting accessibility problems with this website",
        "Enforcement procedure",
        "Compliance status",
        "Non-accessible content",
        "Non-compliance with the accessibility regulations",
        "Disproportionate burden",
        "Content that’s not within the scope of the accessibility regulations",
        "Preparation of this accessibility statement",
    ):
        assert heading in html, heading
    assert "partially compliant" in html
    assert "Equality Advisory and Support Service" in html
    prepared = 'This statement was prepared on <time datetime="2026-11-30">Monday 30 November 2026'
    assert prepared in html


@override_settings(ACCESSIBILITY_CONTACT_EMAIL="access@conference.example")
def test_statement_gives_the_configured_contact(client, site):
    html = client.get("/accessibility/").content.decode()

    assert 'href="mailto:access@conference.example"' in html


def test_statement_without_a_contact_points_to_the_organiser(client, site):
    html = client.get("/accessibility/").content.decode()

    assert "mailto:" not in html
    assert "contact the organiser of the event" in html


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/tc24/",
        "/tc24/programme/",
        "/tc24/day-1/",
        "/tc24/sessions/keynote/",
        "/speakers/",
        "/reports/evolution/",
        "/tc24/agenda/",
        "/accessibility/",
        "/no-such-page/",
    ],
)
def test_every_footer_links_to_the_statement(client, site, path):
    html = client.get(path).content.decode()
    footer = html[html.index('<footer class="site-footer">') :]

    assert '<a href="/accessibility/">Accessibility statement</a>' in footer


def test_statement_is_in_the_static_export(site):
    assert "/accessibility/" in list(public_urls(site.event))
