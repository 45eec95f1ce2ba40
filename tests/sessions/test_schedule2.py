"""The schedule2 export (/<event>/schedule2.json), validated against the c3voc schema copy."""

import json
from pathlib import Path

import jsonschema
import pytest

from cms.publishing import Status
from conference.models import Room
from sessions.models import Participation, Session
from sessions.schedule.identifiers import venue_guid
from speakers.models import Speaker
from tests.factories import (
    DayFactory,
    EventFactory,
    ParticipationFactory,
    SessionFactory,
    SpeakerFactory,
    _at,
    build_programme,
)
from website.site_urls.sessions import public_urls

SCHEMA = Path(__file__).resolve().parent.parent / "fixtures" / "schedule" / "schedule2.schema.json"


def validate(data: dict) -> None:
    schema = json.loads(SCHEMA.read_text())
    checker = jsonschema.Draft6Validator.FORMAT_CHECKER
    jsonschema.Draft6Validator(schema, format_checker=checker).validate(data)


@pytest.fixture
def days(event):
    days = build_programme(event)
    SessionFactory(
        day=days[0], title="Coffee", slug="coffee", kind=Session.Kind.BREAK,
        start=_at(days[0], 16), end=_at(days[0], 16, 30),
    )
    keynote = SessionFactory(
        day=days[1], title="The keynote", slug="the-keynote", kind=Session.Kind.KEYNOTE,
        start=_at(days[1], 17), end=_at(days[1], 18),
        recording_url="https://video.example/keynote", recording_title="Keynote video",
    )
    ParticipationFactory(
        session=keynote, speaker=SpeakerFactory(name="Ada Keynote", honorific="Professor"),
        role=Participation.Role.KEYNOTE,
    )
    ParticipationFactory(
        session=keynote, speaker=SpeakerFactory(name="Chris Chair"),
        role=Participation.Role.CHAIR, order=1,
    )
    draft_day = DayFactory(event=event, number=3, status=Status.DRAFT)  # a date of its own
    SessionFactory(day=draft_day, title="Secret session on a draft day")
    return days


def _data(client, slug="tc24"):
    response = client.get(f"/{slug}/schedule2.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def _events(data):
    return {item["title"]: item for item in data["schedule"]["events"]}


def test_schedule2_validates_against_the_schema(client, event, days):
    data = _data(client)

    validate(data)
    conference = data["schedule"]["conference"]
    assert conference["acronym"] == "tc24"
    assert conference["time_zone_name"] == "Europe/London"
    assert [day["index"] for day in conference["days"]] == [1, 2]
    assert conference["days"][0]["start"] == "2024-09-05T09:00:00+01:00"
    assert len(data["schedule"]["events"]) == 8


def test_rooms_carry_guids_and_sessions_refer_to_them(client, event, days):
    data = _data(client)
    rooms = {room["name"]: room["guid"] for room in data["schedule"]["conference"]["rooms"]}

    venue = "Blavatnik School of Government"  # sessions without a room: no row of its own
    assert rooms == {
        venue: str(venue_guid(event, venue)),
        **{room.name: str(room.uuid) for room in Room.objects.filter(event=event)},
    }
    assert set(rooms) == {venue, "Lecture Theatre", "Seminar Room"}
    for item in data["schedule"]["events"]:
        assert rooms[item["room"]["name"]] == item["room"]["guid"]


def test_participants_have_roles_and_links_are_typed(client, event, days):
    keynote = _events(_data(client))["The keynote"]

    assert keynote["type"] == "TALK"
    ada = Speaker.objects.get(name="Ada Keynote")
    chris = Speaker.objects.get(name="Chris Chair")
    assert keynote["participants"] == [
        {"name": "Professor Ada Keynote", "role": "SPEAKER", "guid": str(ada.uuid)},
        {"name": "Chris Chair", "role": "HOST", "guid": str(chris.uuid)},
    ]
    assert keynote["links"] == [
        {"type": "MEDIA", "url": "https://video.example/keynote", "title": "Keynote video"}
    ]
    assert keynote["guid"] == str(Session.objects.get(slug="the-keynote").uuid)
    assert keynote["url"] == "http://testserver/tc24/sessions/the-keynote/"
    assert keynote["slug"] == "tc24-the-keynote"


def test_breaks_are_meta_events(client, event, days):
    coffee = _events(_data(client))["Coffee"]

    assert coffee["type"] == "BREAK"
    assert "participants" not in coffee


def test_session_guids_match_the_frab_export(client, event, days):
    frab = client.get("/tc24/schedule.json").json()["schedule"]["conference"]
    frab_guids = {
        talk["guid"] for day in frab["days"] for room in day["rooms"].values() for talk in room
    }
    guids = {item["guid"] for item in _data(client)["schedule"]["events"]}

    assert guids == frab_guids


def test_drafts_and_untimed_sessions_are_left_out(client, event, days):
    body = client.get("/tc24/schedule2.json").content.decode()

    assert "Secret" not in body
    assert "Hidden Person" not in body
    assert "Lunch with no time yet" not in body


def test_draft_event_has_no_schedule2(client, event, days):
    draft = EventFactory(slug="hidden-conf", status=Status.DRAFT)
    SessionFactory(day=DayFactory(event=draft))

    assert client.get("/hidden-conf/schedule2.json").status_code == 404


def test_schedule2_answers_conditional_gets(client, event, days):
    etag = client.get("/tc24/schedule2.json")["ETag"]

    assert client.get("/tc24/schedule2.json", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_schedule2_is_linked_from_the_programme_and_in_the_static_export(client, event, days):
    assert 'href="/tc24/schedule2.json"' in client.get("/tc24/programme/").content.decode()
    assert "/tc24/schedule2.json" in list(public_urls(event))


def test_schedule2_query_count_is_fixed(client, event, days, django_assert_max_num_queries):
    with django_assert_max_num_queries(11):  # one of them for the attachments
        client.get("/tc24/schedule2.json")
    other = EventFactory(slug="big")
    build_programme(other, sessions_per_day=40)
    with django_assert_max_num_queries(11):
        data = _data(client, "big")
    assert len(data["schedule"]["events"]) == 80
    validate(data)
