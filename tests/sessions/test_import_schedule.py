"""Schedule import: frab XML/JSON into days, rooms, sessions and speakers, in one transaction."""

import datetime as dt
import json
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from conference.models import Day, Event, Organisation, Room
from sessions.models import Participation, Session
from sessions.schedule.importer import import_schedule
from sessions.schedule.reading import ScheduleError
from speakers.models import Speaker
from tests.factories import (
    DayFactory,
    EventFactory,
    ParticipationFactory,
    SessionFactory,
    SpeakerFactory,
    build_programme,
)

FORMATS = ["schedule-xml", "schedule-json"]

PENTABARF_XML = b"""<?xml version="1.0" encoding="UTF-8"?>
<schedule>
  <version>Fri 02 Feb 2024</version>
  <conference>
    <title>FOSDEM 2024</title>
    <acronym>fosdem24</acronym>
    <time_zone_name>Europe/Brussels</time_zone_name>
  </conference>
  <day index="1" date="2024-02-03">
    <room name="Janson">
      <event id="15000">
        <start>09:30</start>
        <duration>00:25</duration>
        <room>Janson</room>
        <slug>welcome_to_fosdem</slug>
        <code>ABC123</code>
        <title>Welcome to FOSDEM</title>
        <track>Keynotes</track>
        <type>keynote</type>
        <abstract>&lt;p&gt;Opening.&lt;/p&gt;</abstract>
        <persons><person id="12">Richard &#214;berg</person><person id="13"></person></persons>
        <attachments><attachment href="https://fosdem.example/slides.pdf">Slides</attachment></attachments>
        <links><link href="https://video.fosdem.example/welcome.webm">Video</link></links>
      </event>
    </room>
  </day>
</schedule>
"""


def _export(client, name, slug):
    response = client.get(reverse(f"programme:{name}", kwargs={"event": slug}))
    assert response.status_code == 200
    return response.content


def _empty_database():
    Event.objects.all().delete()
    Speaker.objects.all().delete()
    Organisation.objects.all().delete()


@pytest.mark.parametrize("name", FORMATS)
def test_round_trip_into_empty_database_gives_the_same_file(client, event, name):
    build_programme(event)
    first = _export(client, name, "tc24")
    _empty_database()
    report = import_schedule(event_slug="tc24", data=first, publish=True)
    assert report.created["session"] == 6
    assert _export(client, name, "tc24") == first


@pytest.mark.parametrize("name", FORMATS)
def test_round_trip_into_new_event_keeps_the_programme(client, event, name):
    build_programme(event)
    first = json.loads(_export(client, "schedule-json", "tc24"))
    import_schedule(event_slug="copy24", data=_export(client, name, "tc24"), publish=True)
    again = json.loads(_export(client, "schedule-json", "copy24"))

    def programme(data):
        return [
            (room, t["title"], t["date"], t["duration"], t["type"], t["track"],
             [p["name"] for p in t["persons"]], t["links"], t["slug"].split("-", 1)[1])
            for day in data["schedule"]["conference"]["days"]
            for room, talks in day["rooms"].items()
            for t in talks
        ]  # fmt: skip

    assert programme(again) == programme(first)
    assert Speaker.objects.count() == 5  # the people are matched, not copied


@pytest.mark.parametrize("name", FORMATS)
def test_second_import_of_the_same_file_changes_nothing(client, event, name):
    build_programme(event)
    data = _export(client, name, "tc24")
    import_schedule(event_slug="copy24", data=data)
    counts = (Session.objects.count(), Speaker.objects.count(), Participation.objects.count())
    report = import_schedule(event_slug="copy24", data=data)
    assert not report.changed_anything
    assert counts == (
        Session.objects.count(),
        Speaker.objects.count(),
        Participation.objects.count(),
    )


def test_import_into_the_exported_event_changes_nothing(client, event):
    build_programme(event)
    report = import_schedule(event_slug="tc24", data=_export(client, "schedule-xml", "tc24"))
    assert not report.changed_anything


@pytest.mark.parametrize("name", FORMATS)
@pytest.mark.parametrize("slug", ["tc24", "test-conf-2024"])
def test_import_without_event_recreates_the_files_event(client, db, name, slug):
    event = EventFactory(
        slug=slug, name="Test Conference", time_zone="Europe/Paris",
        start_date=dt.date(2024, 9, 5), end_date=dt.date(2024, 9, 7),
    )  # fmt: skip
    build_programme(event)
    first = _export(client, name, slug)
    _empty_database()
    report = import_schedule(data=first, publish=True)
    event = Event.objects.get()
    assert (report.event_slug, report.created["event"]) == (slug, 1)
    assert (event.slug, event.name, event.time_zone) == (slug, "Test Conference", "Europe/Paris")
    assert (event.start_date, event.end_date) == (dt.date(2024, 9, 5), dt.date(2024, 9, 7))
    assert _export(client, name, slug) == first


@pytest.mark.parametrize("name", FORMATS)
def test_second_import_without_event_changes_nothing(client, event, name):
    build_programme(event)
    data = _export(client, name, "tc24")
    _empty_database()
    import_schedule(data=data)
    report = import_schedule(data=data)
    assert not report.changed_anything
    assert Event.objects.count() == 1


def test_import_without_event_matches_the_event_by_acronym(client, db):
    event = EventFactory(slug="soc-2024", name="SOC 2024")
    build_programme(event)
    data = json.loads(_export(client, "schedule-json", "soc-2024"))
    del data["schedule"]["conference"]["url"]
    assert data["schedule"]["conference"]["acronym"] == "soc_2024"
    report = import_schedule(data=json.dumps(data).encode())
    assert (report.event_slug, report.changed_anything) == ("soc-2024", False)
    assert Event.objects.count() == 1


def test_import_without_event_takes_title_and_zone_from_the_file(client, event):
    build_programme(event)
    data = json.loads(_export(client, "schedule-json", "tc24"))
    data["schedule"]["conference"] |= {"title": "Renamed 2024", "end": "2024-09-09"}
    report = import_schedule(data=json.dumps(data).encode())
    event.refresh_from_db()
    assert report.updated == {"event": 1}
    assert (event.name, event.end_date) == ("Renamed 2024", dt.date(2024, 9, 9))


def test_import_with_event_keeps_that_events_name(client, event):
    build_programme(event)
    data = json.loads(_export(client, "schedule-json", "tc24"))
    data["schedule"]["conference"]["title"] = "Another name"
    report = import_schedule(data=json.dumps(data).encode(), event_slug="tc24")
    assert not report.changed_anything
    assert Event.objects.get().name == "Test Conference 2024"


def test_import_without_acronym_names_the_event_after_its_title(db):
    data = _xml_event().replace(b"<acronym>tc24</acronym>", b"").replace(
        b"<title>T</title>", b"<title>Open Data Day 2024</title>"
    )
    report = import_schedule(data=data)
    assert report.event_slug == "open-data-day-2024"
    assert Event.objects.get().name == "Open Data Day 2024"


def test_import_updates_what_the_file_changed(client, event):
    build_programme(event)
    data = json.loads(_export(client, "schedule-json", "tc24"))
    talk = data["schedule"]["conference"]["days"][0]["rooms"]["Lecture Theatre"][0]
    talk["title"] = "A better title"
    talk["persons"] = talk["persons"][:1]
    report = import_schedule(event_slug="tc24", data=json.dumps(data).encode())
    assert report.updated == {"session": 1}
    assert report.removed == {"participation": 1}
    session = Session.objects.get(title="A better title")
    assert session.participations.count() == 1


def test_imported_content_is_draft_unless_published(client, event):
    build_programme(event)
    import_schedule(event_slug="copy24", data=_export(client, "schedule-json", "tc24"))
    assert set(Session.objects.for_event(Event.objects.get(slug="copy24")).values_list(
        "status", flat=True
    )) == {"draft"}
    response = client.get(reverse("programme:schedule-json", kwargs={"event": "copy24"}))
    assert response.status_code == 404


def test_dry_run_saves_nothing(client, event):
    build_programme(event)
    data = _export(client, "schedule-xml", "tc24")
    report = import_schedule(event_slug="copy24", data=data, dry_run=True)
    assert report.created["session"] == 6
    assert not Event.objects.filter(slug="copy24").exists()
    assert "Dry run: nothing was saved." in report.summary()


def test_import_reads_old_pentabarf_files_and_reports_what_it_skipped(db):
    report = import_schedule(data=PENTABARF_XML, publish=True)
    event = Event.objects.get(slug="fosdem24")
    assert (event.name, event.time_zone) == ("FOSDEM 2024", "Europe/Brussels")
    assert (event.start_date, event.end_date, event.status) == (
        dt.date(2024, 2, 3), dt.date(2024, 2, 3), "published"
    )  # fmt: skip
    session = Session.objects.get()
    assert session.start.astimezone(event.tzinfo).isoformat() == "2024-02-03T09:30:00+01:00"
    assert (session.slug, session.kind) == ("welcome_to_fosdem", "keynote")
    assert session.room.name == "Janson"
    assert (session.code, session.external_id, session.summary) == ("ABC123", "15000", "Opening.")
    assert session.recording_url == ""
    assert list(session.topics.names()) == ["Keynotes"]
    assert (session.type.name, session.track.name) == ("keynote", "Keynotes")
    assert [p.speaker.name for p in session.participations.all()] == ["Richard Öberg"]
    assert session.speakers.get().external_id == "fosdem24:12"
    assert any("a person without a name" in item for item in report.skipped)
    assert [(link.kind, link.title, link.url) for link in session.links.all()] == [
        ("video", "Video", "https://video.fosdem.example/welcome.webm"),
        ("slides", "Slides", "https://fosdem.example/slides.pdf"),
    ]


def test_import_reads_pretalx_json_with_codes_and_non_uuid_ids(db):
    data = {
        "schedule": {
            "version": "0.3",
            "conference": {
                "acronym": "democon",
                "title": "Demo Con",
                "time_zone_name": "Europe/Berlin",
                "days": [
                    {
                        "index": 1,
                        "date": "2025-06-01",
                        "rooms": {
                            "Hall A": [
                                {
                                    "guid": "not-a-uuid-17",
                                    "code": "ABCDEF",
                                    "id": 17,
                                    "date": "2025-06-01T10:00:00+02:00",
                                    "start": "10:00",
                                    "duration": "01:00",
                                    "room": "Hall A",
                                    "slug": "democon-17-opening",
                                    "title": "Opening",
                                    "type": "Talk",
                                    "persons": [{"code": "XYZ", "name": "Ada Lovelace"}],
                                    "links": [],
                                }
                            ]
                        },
                    }
                ],
            },
        }
    }
    import_schedule(event_slug="democon", data=json.dumps(data).encode())
    session = Session.objects.get()
    assert (session.slug, session.kind, session.title) == ("17-opening", "other", "Opening")
    assert session.speakers.get().name == "Ada Lovelace"


BAD_FILES = {
    "xxe": (
        b'<?xml version="1.0"?><!DOCTYPE schedule [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b"<schedule><conference><title>&xxe;</title></conference></schedule>",
        "declares a DTD or entities",
    ),
    "entity bomb": (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b"<schedule>&lol2;</schedule>",
        "declares a DTD or entities",
    ),
    "not well formed": (b"<schedule><conference>", "not well formed (line 1"),
    "not a schedule": (b"<html><body>Hello</body></html>", "root is <html>"),
    "neither xml nor json": (b"Title,Start\nHello,10:00\n", "neither a frab XML nor"),
    "json without schedule": (b'{"talks": []}', "no “schedule” object"),
    "person not an object": (
        b'{"schedule": {"conference": {"title": "X", "days": [{"index": 1, "date": '
        b'"2024-09-05", "rooms": {"Hall": [{"title": "T", "date": "2024-09-05T10:00:00Z", '
        b'"duration": "00:30", "persons": ["Ada"]}]}}]}}}',
        "day 1, room “Hall”, event 1 (“T”): persons and links must be objects",
    ),
    "conference start not a date": (
        b'{"schedule": {"conference": {"title": "X", "start": "soon", "days": []}}}',
        "conference: the start “soon” is not a date",
    ),
    "no days": (
        b'{"schedule": {"conference": {"title": "X", "days": []}}}',
        "the schedule has no days",
    ),
}


def _xml_event(**overrides):
    fields = {
        "date": "2024-09-05T10:00:00+01:00",
        "start": "10:00",
        "duration": "00:30",
        "room": "Hall",
        "title": "A talk",
    } | overrides
    body = "".join(f"<{tag}>{value}</{tag}>" for tag, value in fields.items() if value is not None)
    return (
        '<schedule><version>1</version><conference><title>T</title><acronym>tc24</acronym>'
        "<time_zone_name>Europe/London</time_zone_name></conference>"
        '<day index="1" date="2024-09-05"><room name="Hall">'
        '<event id="1" guid="x">' + body + "</event>"
        '<event id="2" guid="y"><date>2024-09-05T12:00:00+01:00</date><start>12:00</start>'
        "<duration>00:30</duration><title>Fine talk</title></event>"
        "</room></day></schedule>"
    ).encode()


BAD_FILES |= {
    "zero duration": (
        _xml_event(duration="00:00"), "event 1 (id 1, “A talk”): the duration must be"
    ),
    "duration not a time": (_xml_event(duration="soon"), "the duration “soon” is not HH:MM"),
    "impossible date": (
        _xml_event(date="2024-09-31T10:00:00+01:00"),
        "day 1, room “Hall”, event 1 (id 1, “A talk”): the date",
    ),
    "impossible start": (_xml_event(date=None, start="25:00"), "the start “25:00” is not"),
    "missing title": (
        _xml_event(title=None), "day 1, room “Hall”, event 1 (id 1): “title” is missing"
    ),
    "day outside schedule": (
        _xml_event(date="2024-09-07T10:00:00+01:00"),
        "it starts on 2024-09-07, not on a day of the schedule",
    ),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_file_gets_a_clear_error_and_imports_nothing(db, case):
    EventFactory(slug="tc24")
    data, message = BAD_FILES[case]
    with pytest.raises(ScheduleError, match=re.escape(message)):
        import_schedule(event_slug="tc24", data=data)
    assert not Session.objects.exists()
    assert not Room.objects.exists()
    assert not Day.objects.exists()
    assert Event.objects.count() == 1


def test_command_imports_and_reports(client, event, tmp_path):
    build_programme(event)
    path = tmp_path / "schedule.json"
    path.write_bytes(_export(client, "schedule-json", "tc24"))
    out = _Out()
    call_command("import_schedule", str(path), "--event", "copy24", "--publish", stdout=out)
    assert (
        "Created: 2 day, 1 event, 12 participation, 3 room, 6 session, 1 session type, "
        "1 track." in out.text
    )
    assert Session.objects.for_event(Event.objects.get(slug="copy24")).public().count() == 6


def test_command_dry_run_saves_nothing(client, event, tmp_path):
    build_programme(event)
    path = tmp_path / "schedule.xml"
    path.write_bytes(_export(client, "schedule-xml", "tc24"))
    out = _Out()
    call_command("import_schedule", str(path), "--event", "copy24", "--dry-run", stdout=out)
    assert "Dry run: nothing was saved." in out.text
    assert not Event.objects.filter(slug="copy24").exists()


def test_command_names_the_place_of_an_error(db, tmp_path):
    path = tmp_path / "schedule.xml"
    path.write_bytes(_xml_event(duration="00:00"))
    with pytest.raises(CommandError, match=r"event 1 .*Nothing was imported"):
        call_command("import_schedule", str(path), "--event", "tc24")
    assert not Event.objects.exists()


def test_command_without_event_imports_the_files_event(client, event, tmp_path):
    build_programme(event)
    path = tmp_path / "schedule.xml"
    path.write_bytes(_export(client, "schedule-xml", "tc24"))
    _empty_database()
    out = _Out()
    call_command("import_schedule", str(path), stdout=out)
    assert "Event: tc24." in out.text
    assert "Created: 2 day, 1 event," in out.text
    assert Event.objects.get().status == "draft"


def test_command_reports_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_schedule", str(tmp_path / "missing.xml"))


def test_import_places_times_in_the_event_zone(db):
    """23:30 in New York is the next morning in London: not a day of this schedule."""
    with pytest.raises(ScheduleError, match=r"event 1 .*starts on 2024-09-06"):
        import_schedule(event_slug="tc24", data=_xml_event(date="2024-09-05T23:30:00-05:00"))


class _Out:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text

    def flush(self):
        pass


def test_import_keeps_apart_people_whose_names_share_a_slug(db):
    """“A” and “À” slugify alike; the import must not take one for the other."""
    existing = SpeakerFactory(name="A", slug="a")
    event = EventFactory(slug="tc24", name="Test Conference 2024", short_name="TC24")
    day = DayFactory(event=event)
    session = SessionFactory(day=day, slug="talk")
    ParticipationFactory(session=session, speaker=SpeakerFactory(name="À", slug="a-2"))
    exported = Client().get(reverse("programme:schedule-json", kwargs={"event": "tc24"})).content
    Speaker.objects.exclude(pk=existing.pk).delete()

    import_schedule(data=exported, event_slug="tc24", publish=True)

    names = sorted(Speaker.objects.values_list("name", flat=True))
    assert names == ["A", "À"]
    assert Session.objects.get(slug="talk").speakers.get().name == "À"


def test_a_session_after_midnight_goes_to_the_day_whose_window_holds_it(db, event):
    DayFactory(event=event, number=1, start=dt.time(10), end=dt.time(4))
    DayFactory(event=event, number=2)
    data = (
        b"<schedule><version>1</version><conference><acronym>tc24</acronym>"
        b"<title>Test Conference 2024</title>"
        b"<time_zone_name>Europe/London</time_zone_name></conference>"
        b'<day index="1" date="2024-09-05"><room name="Hall">'
        b'<event id="1" guid="late"><date>2024-09-06T01:30:00+01:00</date><start>01:30</start>'
        b"<duration>00:30</duration><title>Late talk</title></event></room></day>"
        b'<day index="2" date="2024-09-06"><room name="Hall">'
        b'<event id="2" guid="morning"><date>2024-09-06T10:00:00+01:00</date>'
        b"<start>10:00</start><duration>00:30</duration><title>Morning talk</title></event>"
        b"</room></day></schedule>"
    )

    import_schedule(event_slug="tc24", data=data)

    days = dict(Session.objects.values_list("title", "day__number"))
    assert days == {"Late talk": 1, "Morning talk": 2}
