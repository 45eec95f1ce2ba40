"""Report and topic pages."""

import json
import re

import pytest
from django.urls import reverse

from tests.public_site import grow_programme

pytestmark = pytest.mark.django_db

REPORTS = reverse("reports:report-list")


def test_report_list_shows_published_reports_with_editors(client, public_site):
    html = client.get(REPORTS).content.decode()
    assert "The Evolution of Social Outcomes Partnerships in the UK" in html
    assert "Edited by Dr Eleanor Carter" in html
    assert "Secret" not in html


@pytest.mark.parametrize("extra", [0, 30])
def test_report_list_query_count_is_constant(
    client, public_site, extra, django_assert_max_num_queries
):
    grow_programme(public_site, extra)
    with django_assert_max_num_queries(5):
        assert client.get(REPORTS).status_code == 200


def test_report_page_shows_editors_contributors_launch_and_link(client, public_site):
    html = client.get(public_site.report.get_absolute_url()).content.decode()
    assert "Distilling fifteen years of experience" in html
    assert 'href="/speakers/eleanor-carter/">Dr Eleanor Carter' in html
    assert "<dd>26</dd>" in html
    assert 'href="/tc24/sessions/health/">1.1 Outcomes for health' in html
    assert 'href="https://example.org/report"' in html
    assert "What fifteen years taught us." in html
    data = json.loads(re.search(r'ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "Report"
    assert data["editor"][0]["name"] == "Dr Eleanor Carter"


def test_report_page_hides_draft_launch_session(client, public_site):
    public_site.report.launch_session = public_site.draft_session
    public_site.report.save()
    html = client.get(public_site.report.get_absolute_url()).content.decode()
    assert "Secret" not in html
    assert 'href="/tc24/">Test Conference 2024' in html


def test_report_draft_is_not_found(client, public_site):
    assert client.get(public_site.draft_report.get_absolute_url()).status_code == 404
    assert client.get("/reports/no-such-report/").status_code == 404


@pytest.mark.parametrize("extra", [0, 30])
def test_report_page_query_count_is_constant(
    client, public_site, extra, django_assert_max_num_queries
):
    grow_programme(public_site, extra)
    with django_assert_max_num_queries(7):
        assert client.get(public_site.report.get_absolute_url()).status_code == 200


def test_topic_list_shows_topics_of_published_content(client, public_site):
    html = client.get(reverse("topics:topic-list")).content.decode()
    assert "Accountability" in html and "Health" in html and "Trust" in html
    assert "Secret" not in html


def test_topic_list_sorts_whatever_the_case(client, public_site):
    public_site.keynote.topics.add("VCSE", "accountability in practice", "évaluation")

    html = client.get(reverse("topics:topic-list")).content.decode()

    main = html[html.index("<main"):]
    order = ["Accountability", "accountability in practice", "évaluation", "Health", "VCSE"]
    assert sorted(order, key=lambda name: main.index(f">{name}<")) == order


def test_topic_page_shows_sessions_quotes_and_reports(client, public_site):
    html = client.get(reverse("topics:topic-detail", kwargs={"slug": "trust"})).content.decode()
    assert "<h1>Trust</h1>" in html
    assert "1.0 Of Clocks and Clouds" in html
    assert "Leave our world more beautiful" in html
    assert "The Evolution of Social Outcomes Partnerships in the UK" in html
    assert "Secret" not in html


def test_topic_of_drafts_only_is_not_found(client, public_site):
    for slug in ["secret-topic", "nothing"]:
        url = reverse("topics:topic-detail", kwargs={"slug": slug})
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("extra", [0, 30])
def test_topic_pages_query_count_is_constant(
    client, public_site, extra, django_assert_max_num_queries
):
    grow_programme(public_site, extra)
    url = reverse("topics:topic-detail", kwargs={"slug": "trust"})
    with django_assert_max_num_queries(7):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get(reverse("topics:topic-list")).status_code == 200


def test_report_page_without_link_or_pdf_sends_readers_to_the_publisher(client, public_site):
    report = public_site.report
    report.url = ""
    report.save()
    report.publisher.website = "https://golab.example.org/"
    report.publisher.save()

    html = client.get(report.get_absolute_url()).content.decode()

    assert 'class="button" href="https://golab.example.org/">Find the report at' in html
    assert "the publisher’s website" in html


def test_report_page_with_a_pdf_offers_the_download(client, public_site):
    from django.core.files.base import ContentFile

    report = public_site.report
    report.url = ""
    report.pdf.save("full.pdf", ContentFile(b"%PDF-1.4 report"), save=True)

    html = client.get(report.get_absolute_url()).content.decode()

    link = f'href="{report.get_pdf_url()}" type="application/pdf" download>Download the full report'
    assert link in html
