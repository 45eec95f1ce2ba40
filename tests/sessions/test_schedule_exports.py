"""The programme exports: iCalendar, frab schedule XML/JSON and CSV."""

import json
from pathlib import Path

import icalendar
import jsonschema
import pytest
from django.urls import reverse
from lxml import etree

from cms.publishing import Status
from sessions.models import Session
from tests.factories import (
    EventFactory,
    ParticipationFactory,
    SessionFactory,
    SpeakerFactory,
    build_programme,
)

SCHEMAS = Path(__file__).resolve().parent.parent / "fixtures" / "schedule"
EVENT_EXPORTS = [
    "event-ics",
    "schedule-xml",
    "schedule-json",
    "sessions-csv",
    "speakers-csv",
]


def validate_xml(body: bytes) -> None:
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "schedule.xml.xsd")))
    schema.assertValid(etree.fromstring(body))


def validate_json(data: dict) -> None:
    schema = json.loads((SCHEMAS / "schedule.schema.json").read_text())
    checker = jsonschema.Draft6Validator.FORMAT_CHECKER
    jsonschema.Draft6Validator(schema, format_checker=checker).validate(data)


def _get(client, name, **kwargs):
    response = client.get(reverse(f"programme:{name}", kwargs=kwargs))
    assert response.status_code == 200, response.content[:500]
    return response


def _events(body: bytes):
    return icalendar.Calendar.from_ical(body).walk("VEVENT")


@pytest.fixture
def programme_days(event):
    return build_programme(event)


def test_schedule_xml_validates_against_schema(client, event, programme_days):
    body = _get(client, "schedule-xml", event=event.slug).content
    validate_xml(body)
    root = etree.fromstring(body)
    assert root.findtext("conference/acronym") == "tc24"
    assert root.findtext("conference/time_zone_name") == "Europe/London"
    assert len(root.findall("day/room/event")) == 6
    first = root.find("day[@index='1']/room/event")
    assert first.findtext("date") == "2024-09-05T09:00:00+01:00"
    assert first.findtext("duration") == "00:04"
    assert first.findtext("url").startswith("http://testserver/tc24/sessions/")
    persons = first.findall("persons/person")
    assert [person.text.startswith("Dr ") for person in persons] == [False, True]
    assert all(person.get("guid") for person in persons)


def test_schedule_json_validates_against_schema(client, event, programme_days):
    data = _get(client, "schedule-json", event=event.slug).json()
    validate_json(data)
    conference = data["schedule"]["conference"]
    assert conference["daysCount"] == 2
    assert [room["name"] for room in conference["rooms"]] == [
        "Blavatnik School of Government",
        "Lecture Theatre",
        "Seminar Room",
    ]
    talks = [t for day in conference["days"] for room in day["rooms"].values() for t in room]
    assert len(talks) == 6
    assert talks[0]["links"] == [
        {"type": "media", "url": "https://video.example/1", "title": "Recording"}
    ]
    assert len({talk["guid"] for talk in talks}) == 6


def test_schedule_guids_do_not_depend_on_database_keys(client, event, programme_days):
    first = _get(client, "schedule-json", event=event.slug).content
    other = EventFactory(slug="other-conference")
    build_programme(other)
    assert _get(client, "schedule-json", event=event.slug).content == first


def test_exports_leave_out_drafts_and_untimed_sessions(client, event, programme_days):
    for name in ["event-ics", "schedule-xml", "schedule-json", "speakers-csv"]:
        body = _get(client, name, event=event.slug).content.decode()
        assert "Secret draft session" not in body
        assert "Hidden Person" not in body
        if name != "speakers-csv":
            assert "Lunch with no time yet" not in body
    sessions_csv = _get(client, "sessions-csv", event=event.slug).content.decode()
    assert "Secret draft session" not in sessions_csv
    assert "Lunch with no time yet" in sessions_csv


def test_event_ics_holds_one_event_per_timed_session(client, event, programme_days):
    response = _get(client, "event-ics", event=event.slug)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 6
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    first = events[0]
    assert str(first["SUMMARY"]).startswith("1.1 Session ")
    assert first["DTSTART"].params["TZID"] == "Europe/London"
    assert first["DTSTART"].dt.isoformat() == "2024-09-05T09:00:00+01:00"
    session = Session.objects.get(code="1.1", day__event=event)
    assert str(first["UID"]) == f"{session.uuid}@programme.invalid"
    assert str(first["LOCATION"]) == "Blavatnik School of Government"
    assert str(events[1]["LOCATION"]) == "Seminar Room, Blavatnik School of Government"
    assert str(first["URL"]).startswith("http://testserver/tc24/sessions/")
    assert str(first["DESCRIPTION"]) == "Why outcomes matter."
    assert first["ORGANIZER"].params["CN"] == "Government Outcomes Lab"
    assert first["CATEGORIES"].cats == ["Panel", "Outcomes", "Topic 0"]


def test_ics_description_carries_the_programme_note(client, event, programme_days):
    event.programme_note = "Session times are illustrative."
    event.save()
    session = programme_days[1].sessions.get(code="2.2")
    session.summary = ""
    session.save()

    events = _events(_get(client, "event-ics", event=event.slug).content)

    by_code = {str(e["SUMMARY"]).split()[0]: str(e["DESCRIPTION"]) for e in events}
    assert by_code["1.1"] == "Why outcomes matter.\n\nSession times are illustrative."
    assert by_code["2.2"] == "Session times are illustrative."


def test_day_ics_holds_only_that_day(client, event, programme_days):
    body = _get(client, "day-ics", event=event.slug, number=2).content
    summaries = sorted(str(e["SUMMARY"]).split()[0] for e in _events(body))
    assert summaries == ["2.1", "2.2", "2.3"]


def test_session_ics_of_untimed_session_is_an_empty_calendar(client, event, programme_days):
    body = _get(client, "session-ics", event=event.slug, slug=_slug("Lunch with no time yet"))
    assert _events(body.content) == []


def test_session_ics_holds_the_session(client, event, programme_days):
    session = programme_days[1].sessions.get(code="2.2")
    body = _get(client, "session-ics", event=event.slug, slug=session.slug).content
    [vevent] = _events(body)
    assert str(vevent["UID"]) == f"{session.uuid}@programme.invalid"


def test_session_ics_of_draft_session_is_not_found(client, event, programme_days):
    slug = _slug("Secret draft session")
    url = reverse("programme:session-ics", kwargs={"event": event.slug, "slug": slug})
    assert client.get(url).status_code == 404


def test_speaker_ics_lists_published_sessions_across_events(client, event, programme_days):
    speaker = SpeakerFactory(name="Busy Person")
    ParticipationFactory(session=programme_days[0].sessions.get(code="1.1"), speaker=speaker)
    ParticipationFactory(
        session=SessionFactory(title="Elsewhere", day__event__slug="elsewhere"), speaker=speaker
    )
    ParticipationFactory(
        session=SessionFactory(day=programme_days[0], title="Draft", status=Status.DRAFT),
        speaker=speaker,
    )
    body = _get(client, "speaker-ics", slug=speaker.slug).content
    assert sorted(str(e["SUMMARY"]) for e in _events(body)) == [
        "1.1 " + programme_days[0].sessions.get(code="1.1").title,
        "Elsewhere",
    ]


@pytest.mark.parametrize("name", EVENT_EXPORTS)
def test_event_exports_of_draft_event_are_not_found(client, db, name):
    event = EventFactory(status=Status.DRAFT)
    SessionFactory(day__event=event)
    assert client.get(reverse(f"programme:{name}", kwargs={"event": event.slug})).status_code == 404


@pytest.mark.parametrize("name", EVENT_EXPORTS)
def test_event_exports_answer_matching_etag_with_not_modified(client, event, programme_days, name):
    url = reverse(f"programme:{name}", kwargs={"event": event.slug})
    first = client.get(url)
    assert first["ETag"]
    again = client.get(url, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    ParticipationFactory(session__day=programme_days[0], session__code="1.9")
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 200


def test_sessions_csv_is_spreadsheet_friendly(client, event, programme_days):
    SessionFactory(day=programme_days[0], title="=HYPERLINK(\"http://evil\")", summary="-1+1")
    response = _get(client, "sessions-csv", event=event.slug)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbfCode,Title,Day,Date,Start,End,Room,")
    text = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert ",'-1+1," in text
    assert "\r\n1.1,Session " in text


def test_speakers_csv_lists_people_with_affiliations(client, event, programme_days):
    text = _get(client, "speakers-csv", event=event.slug).content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "Honorific,Name,Affiliations,Sessions,Website,URL"
    assert len(lines) == 5
    assert "Researcher, Organisation" in text


@pytest.mark.parametrize("name", EVENT_EXPORTS)
def test_event_exports_query_count_is_flat(client, db, django_assert_max_num_queries, name):
    """The same number of queries for 6 and for 60 sessions."""
    for size in (3, 30):
        event = EventFactory()
        build_programme(event, sessions_per_day=size)
        url = reverse(f"programme:{name}", kwargs={"event": event.slug})
        with django_assert_max_num_queries(10):
            assert client.get(url).status_code == 200


def _slug(title):
    return Session.objects.get(title=title).slug
