"""The public read-only API (/api/v1/): content, drafts, pagination, ETags, CORS and schema."""

import json
import re

import pytest

from cms.publishing import Status
from tests.factories import EventFactory, ReportFactory, SessionFactory
from tests.public_site import DRAFT_MARK, build_public_site, grow_programme

LISTS = [
    "/api/v1/events",
    "/api/v1/events/tc24/days",
    "/api/v1/events/tc24/rooms",
    "/api/v1/events/tc24/sessions",
    "/api/v1/events/tc24/quotes",
    "/api/v1/events/tc24/reports",
    "/api/v1/reports",
    "/api/v1/people",
    "/api/v1/organisations",
]


@pytest.fixture
def site(db):
    return build_public_site()


def _items(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.json()["items"]


def test_sessions_list_gives_published_sessions_with_people_and_stable_ids(client, site):
    sessions = _items(client, "/api/v1/events/tc24/sessions")

    assert [s["slug"] for s in sessions] == ["keynote", "health"]
    keynote = sessions[0]
    assert keynote["id"] == str(site.keynote.uuid)
    assert keynote["title"] == "Of Clocks and Clouds"
    assert keynote["room"]["name"] == "Lecture Theatre"
    assert keynote["topics"] == ["Accountability", "Trust"]
    assert [(p["person"]["slug"], p["role"]) for p in keynote["participants"]] == [
        ("tina-nabatchi", "keynote"),
        ("eleanor-carter", "chair"),
    ]
    assert keynote["url"] == "http://testserver/tc24/sessions/keynote/"
    assert keynote["start"].startswith("2024-09-05T08:30:00")


def test_session_list_filters_by_day(client, site):
    assert len(_items(client, "/api/v1/events/tc24/sessions?day=1")) == 2
    assert _items(client, "/api/v1/events/tc24/sessions?day=2") == []


@pytest.mark.parametrize("path", LISTS)
def test_no_list_shows_a_draft_or_what_only_a_draft_shows(client, site, path):
    response = client.get(path)

    assert response.status_code == 200
    assert DRAFT_MARK not in response.content.decode()
    assert "secret" not in response.content.decode().lower()


def test_people_and_organisations_shown_only_in_drafts_are_absent(client, site):
    people = {p["slug"] for p in _items(client, "/api/v1/people")}
    organisations = {o["slug"] for o in _items(client, "/api/v1/organisations")}

    assert people == {"tina-nabatchi", "eleanor-carter"}
    assert {"go-lab", "bsg", "syracuse"} <= organisations
    assert "secret-org" not in organisations
    assert client.get("/api/v1/people/secret-person").status_code == 404
    assert client.get("/api/v1/organisations/secret-org").status_code == 404


def test_a_draft_days_sessions_are_absent(client, site):
    assert client.get("/api/v1/events/tc24/days/2").status_code == 404
    assert client.get("/api/v1/events/tc24/sessions/secret-day-session").status_code == 404
    assert client.get("/api/v1/events/tc24/sessions/secret-session").status_code == 404
    assert [d["number"] for d in _items(client, "/api/v1/events/tc24/days")] == [1]


def test_a_draft_events_reports_and_sessions_are_absent(client, site):
    draft_event = EventFactory(slug="hidden-conf", status=Status.DRAFT)
    ReportFactory(event=draft_event, title="Hidden report", slug="hidden-report")

    assert "hidden-report" not in {r["slug"] for r in _items(client, "/api/v1/reports")}
    assert client.get("/api/v1/reports/hidden-report").status_code == 404
    assert client.get("/api/v1/events/hidden-conf").status_code == 404
    assert client.get("/api/v1/events/hidden-conf/sessions").status_code == 404
    assert client.get("/api/v1/events/secret-conf/reports").status_code == 404
    assert "hidden-conf" not in {e["slug"] for e in _items(client, "/api/v1/events")}


def test_report_launched_in_a_draft_session_names_no_session(client, site):
    site.report.launch_session = site.draft_session
    site.report.save()

    report = client.get("/api/v1/reports/evolution").json()

    assert report["launch_session"] is None
    assert report["editors"] == [
        {"slug": "eleanor-carter", "name": "Eleanor Carter", "full_name": "Dr Eleanor Carter"}
    ]
    assert report["publisher"]["slug"] == "go-lab"


def test_details_answer_and_unknown_objects_are_404(client, site):
    assert client.get("/api/v1/events/tc24").json()["name"] == "Test Conference 2024"
    assert client.get("/api/v1/events/tc24/sessions/keynote").json()["code"] == "1.0"
    quote = client.get(f"/api/v1/events/tc24/quotes/{site.quote.pk}").json()
    assert quote["attributed_to"] == "Professor Tina Nabatchi"
    assert client.get("/api/v1/people/tina-nabatchi").json()["affiliations"][0]["role"] == (
        "Professor"
    )
    assert client.get("/api/v1/organisations/go-lab").json()["parent"]["slug"] == "bsg"
    missing = client.get("/api/v1/events/nowhere")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Not Found"}


def test_lists_are_paginated(client, site):
    first = client.get("/api/v1/events/tc24/sessions?page_size=1").json()
    second = client.get("/api/v1/events/tc24/sessions?page_size=1&page=2").json()

    assert first["count"] == second["count"] == 2
    assert [s["slug"] for s in first["items"]] == ["keynote"]
    assert [s["slug"] for s in second["items"]] == ["health"]
    assert client.get("/api/v1/events/tc24/sessions?page=0").status_code == 422


def test_answers_carry_an_etag_and_honour_if_none_match(client, site):
    response = client.get("/api/v1/events/tc24/sessions")
    etag = response["ETag"]

    again = client.get("/api/v1/events/tc24/sessions", HTTP_IF_NONE_MATCH=etag)

    assert etag
    assert again.status_code == 304
    assert again.content == b""


def test_etag_changes_when_a_session_changes(client, site):
    etag = client.get("/api/v1/events/tc24/sessions")["ETag"]
    site.keynote.title = "Of Clocks and Clouds, revised"
    site.keynote.save()

    response = client.get("/api/v1/events/tc24/sessions", HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200
    assert "revised" in response.content.decode()


def test_reads_are_open_to_any_origin_without_credentials(client, site):
    response = client.get("/api/v1/events", HTTP_ORIGIN="https://elsewhere.example")

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "ETag" in response["Access-Control-Expose-Headers"]


def test_writes_are_refused_and_not_shared(client, site):
    response = client.post("/api/v1/events", {}, HTTP_ORIGIN="https://elsewhere.example")

    assert response.status_code == 405
    assert "Access-Control-Allow-Origin" not in response


def test_openapi_schema_is_generated_from_the_endpoints(client, site):
    response = client.get("/api/v1/openapi.json")
    schema = response.json()

    assert response["Access-Control-Allow-Origin"] == "*"
    assert schema["info"]["version"] == "1"
    assert {
        "/api/v1/events",
        "/api/v1/events/{slug}/sessions",
        "/api/v1/people",
        "/api/v1/organisations",
        "/api/v1/reports",
        "/api/v1/events/{slug}/quotes",
        "/api/v1/events/{slug}/rooms",
        "/api/v1/events/{slug}/days",
    } <= set(schema["paths"])
    assert all(set(operations) == {"get"} for operations in schema["paths"].values())
    assert "Session" in schema["components"]["schemas"]


def test_docs_page_loads_nothing_from_other_hosts(client, site):
    html = client.get("/api/v1/docs").content.decode()

    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(source.startswith("/static/") for source in sources)
    settings = re.search(r'id="swagger-settings">(.*?)</script>', html, re.S).group(1)
    assert json.loads(settings)["url"] == "/api/v1/openapi.json"


# List -> the most queries it may make, at any size of programme.
BUDGETS = {
    "/api/v1/events": 4,
    "/api/v1/events/tc24/days": 5,
    "/api/v1/events/tc24/rooms": 5,
    "/api/v1/events/tc24/sessions": 8,  # + attachments
    "/api/v1/events/tc24/quotes": 5,
    "/api/v1/events/tc24/reports": 7,
    "/api/v1/reports": 6,
    "/api/v1/people": 5,
    "/api/v1/organisations": 4,
}


@pytest.mark.parametrize("path", LISTS)
def test_list_query_counts_do_not_grow_with_the_programme(
    client, site, path, django_assert_max_num_queries
):
    grow_programme(site, 3)
    with django_assert_max_num_queries(BUDGETS[path]):
        small = client.get(path)
    grow_programme(site, 30)
    with django_assert_max_num_queries(BUDGETS[path]):
        large = client.get(path)

    assert small.status_code == large.status_code == 200


def test_sessions_list_ids_follow_the_helper(client, site):
    late = SessionFactory(day=site.day, slug="late", title="Late session")

    ids = {s["slug"]: s["id"] for s in _items(client, "/api/v1/events/tc24/sessions")}

    assert ids["late"] == str(late.uuid)


def test_a_reports_pdf_is_given_at_the_address_that_serves_it(client, site):
    from django.core.files.base import ContentFile

    from tests.reports.pdfs import pdf_bytes

    site.report.pdf.save("evolution.pdf", ContentFile(pdf_bytes()))

    pdf = client.get("/api/v1/reports/evolution").json()["pdf"]

    assert pdf == "http://testserver/reports/evolution/report.pdf"
    assert client.get(pdf).status_code == 200


def test_sessions_give_their_attachments_and_transcript_address(client, site):
    from django.core.files.base import ContentFile
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sessions.models import SessionAttachment
    from tests.reports.pdfs import pdf_bytes

    slides = SessionAttachment.objects.create(
        session=site.keynote,
        title="Keynote slides",
        licence="CC BY 4.0",
        file=SimpleUploadedFile("deck.pdf", pdf_bytes()),
    )
    site.keynote.transcript.save("t.vtt", ContentFile(b"WEBVTT\n\n00:01.000 --> 00:02.000\nHi"))

    keynote, health = _items(client, "/api/v1/events/tc24/sessions")

    assert keynote["attachments"] == [
        {
            "title": "Keynote slides",
            "kind": "slides",
            "file_type": "PDF",
            "size": len(pdf_bytes()),
            "licence": "CC BY 4.0",
            "url": f"http://testserver{slides.get_absolute_url()}",
        }
    ]
    assert keynote["transcript_url"] == "http://testserver/tc24/sessions/keynote/transcript.vtt"
    assert health["attachments"] == [] and health["transcript_url"] is None
