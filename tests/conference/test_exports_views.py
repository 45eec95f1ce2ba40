"""Recap downloads on the public site: URLs, headers, drafts, query counts and ETags."""

import pytest
from django.urls import reverse

from cms.publishing import Status
from tests.public_site import DRAFT_MARK, grow_programme

# One bound whatever the size of the day (measured: 11 for a day, 12 for a one-day event):
# exports must not query per session, person or quote.
EXPORT_QUERY_BUDGET = 12
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
}


def day_url(site, fmt):
    return reverse(f"conference:day-recap-{fmt}", kwargs={"event": "tc24", "number": 1})


def event_url(fmt, event="tc24"):
    return reverse(f"conference:event-recap-{fmt}", kwargs={"event": event})


def test_recap_download_urls_hang_off_their_pages():
    assert reverse("conference:day-recap-pdf", kwargs={"event": "e", "number": 2}) == (
        "/e/day-2/recap.pdf"
    )
    assert reverse("conference:event-recap-md", kwargs={"event": "e"}) == "/e/recap.md"


@pytest.mark.parametrize("fmt", ["pdf", "html", "md"])
def test_day_recap_download_is_an_attachment_of_its_format(client, public_site, fmt):
    response = client.get(day_url(public_site, fmt))

    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES[fmt]
    assert response["Content-Disposition"] == f'attachment; filename="tc24-day-1-recap.{fmt}"'
    assert response["ETag"]


def test_day_recap_download_links_use_the_requests_host(client, public_site):
    response = client.get(day_url(public_site, "md"))

    text = response.content.decode()
    assert "(http://testserver/speakers/tina-nabatchi/)" in text


def test_day_recap_download_links_use_the_public_base_url_when_set(
    client, public_site, settings
):
    settings.PUBLIC_BASE_URL = "https://conference.example"
    settings.ALLOWED_HOSTS = ["127.0.0.1"]

    text = client.get(day_url(public_site, "md"), HTTP_HOST="127.0.0.1:8000").content.decode()

    assert "(https://conference.example/speakers/tina-nabatchi/)" in text
    assert "127.0.0.1" not in text


def test_recap_download_answers_not_modified_to_a_matching_etag(client, public_site):
    etag = client.get(day_url(public_site, "html"))["ETag"]

    response = client.get(day_url(public_site, "html"), HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304


@pytest.mark.parametrize("fmt", ["pdf", "html", "md"])
def test_draft_day_recap_downloads_are_not_found(client, public_site, fmt):
    response = client.get(
        reverse(f"conference:day-recap-{fmt}", kwargs={"event": "tc24", "number": 2})
    )

    assert response.status_code == 404


def test_draft_event_and_event_without_published_days_are_not_found(client, public_site):
    assert client.get(event_url("md", "secret-conf")).status_code == 404
    public_site.day.status = Status.DRAFT
    public_site.day.save()

    assert client.get(event_url("md")).status_code == 404


def test_event_recap_download_holds_its_published_days(client, public_site):
    response = client.get(event_url("md"))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="tc24-recap.md"'
    text = response.content.decode()
    assert "## TC24 Day 1 recap" in text and DRAFT_MARK not in text


def test_standalone_html_download_can_link_images_instead(client, public_site):
    assert client.get(day_url(public_site, "html") + "?images=absolute").status_code == 200
    assert client.get(day_url(public_site, "html") + "?images=nonsense").status_code == 404


def test_recap_page_links_its_downloads(client, public_site):
    html = client.get(reverse("conference:day-recap", args=["tc24", 1])).content.decode()

    for fmt in ("pdf", "html", "md"):
        assert f'href="/tc24/day-1/recap.{fmt}"' in html
        assert f'href="/tc24/recap.{fmt}"' in html


@pytest.mark.parametrize("fmt", ["pdf", "html", "md"])
@pytest.mark.parametrize("extra_sessions", [0, 12])
def test_recap_download_queries_do_not_grow_with_the_day(
    client, public_site, django_assert_max_num_queries, fmt, extra_sessions
):
    grow_programme(public_site, extra_sessions)

    with django_assert_max_num_queries(EXPORT_QUERY_BUDGET):
        response = client.get(day_url(public_site, fmt))

    assert response.status_code == 200


@pytest.mark.parametrize("extra_sessions", [0, 12])
def test_event_recap_download_queries_do_not_grow_with_the_day(
    client, public_site, django_assert_max_num_queries, extra_sessions
):
    grow_programme(public_site, extra_sessions)

    with django_assert_max_num_queries(EXPORT_QUERY_BUDGET):
        response = client.get(event_url("html"))

    assert response.status_code == 200
