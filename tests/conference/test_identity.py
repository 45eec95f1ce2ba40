"""The site identity: name, logo, accent colour and typefaces, set by an Organiser."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage

from cms.colours import contrast_ratio, dark_mode_tint, validate_accent_colour
from cms.fonts import FAMILIES
from conference.models import SiteIdentity
from tests.factories import image_upload

pytestmark = pytest.mark.django_db


def _identity_css(response) -> str:
    html = response.content.decode()
    url = re.search(r'<link rel="stylesheet" href="/media/(identity/site-\w+\.css)">', html)
    assert url, "the page links no identity stylesheet"
    with default_storage.open(url[1]) as file:
        return file.read().decode()


def test_without_an_identity_the_settings_name_the_site(client, settings):
    settings.SITE_NAME = "Programmes of the Example Society"
    html = client.get("/").content.decode()
    assert "<title>Programmes of the Example Society</title>" in html
    assert '<span>Programmes of the Example Society</span>' in html
    assert "#9b2c1f" in _identity_css(client.get("/"))


def test_a_saved_identity_replaces_the_default_name_everywhere(client):
    SiteIdentity.objects.create(name="Social Outcomes Conference", accent_colour="#005f73")
    html = client.get("/").content.decode()
    assert "Conference programmes" not in html
    assert "<title>Social Outcomes Conference</title>" in html
    assert '<meta property="og:site_name" content="Social Outcomes Conference">' in html
    assert "Accessibility statement for Social Outcomes Conference" in (
        client.get("/accessibility/").content.decode()
    )
    assert "<title>Social Outcomes Conference: day recaps</title>" in (
        client.get("/feeds/recaps.atom").content.decode()
    )


def test_the_accent_colour_reaches_the_stylesheet_with_a_dark_tint(client):
    SiteIdentity.objects.create(name="S", accent_colour="#005f73")
    css = _identity_css(client.get("/"))
    assert "--accent: #005f73;" in css
    tint = dark_mode_tint("#005f73")
    assert f"--accent: {tint};" in css
    assert contrast_ratio(tint, "#141416") >= 4.5


def test_the_logo_shows_before_the_name(client):
    SiteIdentity.objects.create(name="S", logo=image_upload("mark.png", image_format="PNG"))
    html = client.get("/").content.decode()
    header = html.split('<header class="site-header">')[1].split("</header>")[0]
    logo = r'<img src="/media/renditions/[^"]+" [^>]*alt=""[^>]*class="site-name__logo"'
    assert re.search(logo, header)
    assert "<span>S</span>" in header


@pytest.mark.parametrize(
    ("colour", "code"),
    [
        ("teal", "invalid"),
        ("#12345", "invalid"),
        ("#ffcc00", "low_contrast"),
        ("#8a8a8a", "low_contrast"),
    ],
)
def test_unreadable_or_malformed_accents_are_refused(colour, code):
    with pytest.raises(Exception) as error:
        validate_accent_colour(colour)
    assert error.value.code == code


def test_an_organiser_sets_the_identity_in_the_admin(role_submit):
    submit = role_submit("Organiser")
    response = submit(
        "/admin/conference/siteidentity/add/",
        {"name": "Social Outcomes Conference", "accent_colour": "#005f73",
         "typeface": "garamond-inter"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    identity = SiteIdentity.objects.get()
    assert (identity.name, identity.typeface) == ("Social Outcomes Conference", "garamond-inter")


def test_a_pale_accent_is_refused_with_its_contrast_and_nothing_changes(role_submit):
    SiteIdentity.objects.create(name="Before", accent_colour="#005f73")
    identity = SiteIdentity.objects.get()
    response = role_submit("Organiser")(
        f"/admin/conference/siteidentity/{identity.pk}/change/",
        {"name": "After", "accent_colour": "#ffcc00", "typeface": "system"},
    )
    assert response.status_code == 200
    assert "#ffcc00 has a contrast of 1.5:1 against white" in response.content.decode()
    identity.refresh_from_db()
    assert (identity.name, identity.accent_colour) == ("Before", "#005f73")


def test_the_identity_list_opens_the_one_identity(editor_client):
    SiteIdentity.objects.create(name="S")
    response = editor_client.get("/admin/conference/siteidentity/")
    identity = SiteIdentity.objects.get()
    assert response.url == f"/admin/conference/siteidentity/{identity.pk}/change/"
    assert editor_client.get("/admin/conference/siteidentity/add/").url == response.url


def test_an_editor_cannot_change_the_identity(staff_client):
    SiteIdentity.objects.create(name="S")
    editor = staff_client("Editor")
    assert editor.get("/admin/conference/siteidentity/").status_code == 403
    identity = SiteIdentity.objects.get()
    assert editor.get(f"/admin/conference/siteidentity/{identity.pk}/change/").status_code == 403


def test_a_typeface_pair_is_served_from_this_site(client):
    SiteIdentity.objects.create(name="S", typeface="garamond-inter")
    css = _identity_css(client.get("/"))
    urls = re.findall(r'url\("([^"]+)"\)', css)
    assert urls and all(url.startswith("/static/fonts/") for url in urls)
    assert '--sans: "Inter"' in css and '--headings: "EB Garamond"' in css
    assert 'font-family: "EB Garamond"' in css


@pytest.mark.skipif(
    not all(f.source.exists() for family in FAMILIES.values() for f in family.files),
    reason="the Debian font packages are not installed",
)
def test_the_font_files_are_found_for_collectstatic():
    for family in FAMILIES.values():
        for file in family.files:
            assert finders.find(file.static_name) == str(file.source)


def test_the_demo_sets_soc24s_identity(client):
    from demo.loader import load_demo

    load_demo()
    identity = SiteIdentity.objects.get()
    assert (identity.name, identity.accent_colour, identity.typeface) == (
        "Social Outcomes Conference", "#005f73", "garamond-inter"
    )
    assert "<span>Social Outcomes Conference</span>" in client.get("/soc24/").content.decode()


def test_the_settings_identity_is_checked_at_start(settings):
    from conference.identity import check_identity_settings

    assert check_identity_settings() == []
    settings.SITE_ACCENT_COLOUR = "#ffcc00"
    settings.SITE_TYPEFACE = "comic"
    errors = check_identity_settings()
    assert [error.id for error in errors] == ["conference.E001", "conference.E002"]
    assert "1.5:1 against white" in errors[0].msg
