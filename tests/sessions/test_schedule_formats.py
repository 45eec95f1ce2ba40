"""Schedule files as frab, the CCC hub, pentabarf and pretalx write them: identity, lossless
import, time zones, errors, sync and round trips (fixtures in tests/fixtures/schedule/)."""

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from lxml import etree

from cms.publishing import Status
from conference.models import Event, Room
from sessions.models import Link, Session, SessionType, Track
from sessions.schedule.importer import import_schedule
from sessions.schedule.reading import ScheduleError
from speakers.models import Speaker
from tests.sessions.test_schedule_exports import validate_json, validate_xml

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "schedule"
HUB_OPENING = "c2d4b5a0-1111-4a6f-9d0e-000000000001"


def _file(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def _export(client, name: str, slug: str) -> bytes:
    response = client.get(reverse(f"programme:{name}", kwargs={"event": slug}))
    assert response.status_code == 200
    return response.content


def _empty_database():
    Event.objects.all().delete()
    Speaker.objects.all().delete()


class _Out:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text

    def flush(self):
        pass


# Time zones


def test_file_without_zone_for_a_new_event_needs_one(db):
    with pytest.raises(ScheduleError, match=r"names no time zone .*--timezone ZONE"):
        import_schedule(data=_file("frab1-no-timezone.xml"))
    assert not Event.objects.exists()


def test_command_timezone_gives_the_zone_and_offsets_give_the_instants(db):
    out = _Out()
    call_command(
        "import_schedule", str(FIXTURES / "frab1-no-timezone.xml"), "--timezone",
        "Europe/Berlin", stdout=out,
    )  # fmt: skip
    event = Event.objects.get(slug="froscon12")
    assert event.time_zone == "Europe/Berlin"
    opening = Session.objects.get(title="Opening")
    assert opening.start == dt.datetime(2012, 8, 25, 8, 0, tzinfo=dt.UTC)
    assert "Created: 2 day, 1 event," in out.text


def test_given_zone_does_not_change_an_existing_events_zone(db):
    import_schedule(data=_file("frab1-no-timezone.xml"), time_zone="Europe/Berlin")
    report = import_schedule(data=_file("frab1-no-timezone.xml"), time_zone="Europe/Lisbon")
    assert Event.objects.get(slug="froscon12").time_zone == "Europe/Berlin"
    assert not report.changed_anything, report.summary()


def test_command_refuses_an_unknown_time_zone(db):
    with pytest.raises(CommandError, match="“Mars/Olympus” is not a known time zone"):
        call_command(
            "import_schedule", str(FIXTURES / "frab1-no-timezone.xml"), "--timezone",
            "Mars/Olympus",
        )  # fmt: skip
    assert not Event.objects.exists()


def test_times_without_offset_or_zone_get_a_clear_error(db):
    data = _file("pentabarf.xml").replace(
        b"<time_zone_name>Europe/Brussels</time_zone_name>", b""
    )
    with pytest.raises(ScheduleError) as error:
        import_schedule(data=data)
    message = str(error.value)
    assert message.startswith("3 problems:")
    assert "its time has no offset and the file names no time zone" in message
    assert not Event.objects.exists()


def test_legacy_zone_names_become_canonical(db):
    import_schedule(data=_file("pretalx.json"))
    event = Event.objects.get(slug="pycon2024")
    assert event.time_zone == "America/New_York"
    keynote = Session.objects.get(title="Keynote")
    assert keynote.start == dt.datetime(2024, 5, 18, 13, 0, tzinfo=dt.UTC)


def test_pentabarf_times_without_dates_are_placed_in_the_files_zone(db):
    import_schedule(data=_file("pentabarf.xml"))
    welcome = Session.objects.get(title="Welcome to FOSDEM 2013")
    assert welcome.start == dt.datetime(2013, 2, 2, 8, 30, tzinfo=dt.UTC)
    assert welcome.end - welcome.start == dt.timedelta(minutes=25)


# People


def test_people_with_the_same_name_and_different_ids_stay_two(db):
    import_schedule(data=_file("frab1-no-timezone.xml"), time_zone="Europe/Berlin")
    alexes = Speaker.objects.filter(name="Alex Meyer").order_by("external_id")
    assert [s.external_id for s in alexes] == ["froscon12:7", "froscon12:8"]
    assert len({s.slug for s in alexes}) == 2
    long_talk = Session.objects.get(title__startswith="A very long title")
    assert long_talk.speakers.get() == alexes[1]


def test_a_person_listed_twice_is_one_and_does_not_flip(db):
    data = _file("frab1-no-timezone.xml")
    import_schedule(data=data, time_zone="Europe/Berlin")
    kim = Speaker.objects.get(name="Kim Lee")
    assert sorted(kim.sessions.values_list("title", flat=True)) == ["Closing", "Opening"]
    before = list(Speaker.objects.order_by("pk").values_list("pk", "name", "slug"))
    report = import_schedule(data=data, time_zone="Europe/Berlin")
    assert not report.changed_anything, report.summary()
    assert list(Speaker.objects.order_by("pk").values_list("pk", "name", "slug")) == before


def test_people_are_never_matched_by_name_alone(db):
    import_schedule(data=_file("frab1-no-timezone.xml"), time_zone="Europe/Berlin")
    other = _file("pentabarf.xml").replace(b"FOSDEM Staff", b"Kim Lee")
    import_schedule(data=other)
    assert Speaker.objects.filter(name="Kim Lee").count() == 2


def test_pretalx_people_keep_their_biography_as_markdown(db):
    import_schedule(data=_file("pretalx.json"))
    adas = Speaker.objects.filter(name="Ada Lovelace").order_by("external_id")
    assert [(s.external_id, s.bio) for s in adas] == [
        ("pycon2024:PERS01", "Mathematician."),
        ("pycon2024:PERS02", "Another Ada."),
    ]
    talk = Session.objects.get(title="What’s new in Python?")
    assert [p.speaker.name for p in talk.participations.all()] == ["Ada Lovelace", "Grace Hopper"]


# What a file carries


def test_hub_file_is_imported_without_losses(db):
    report = import_schedule(data=_file("ccc-hub.xml"), publish=True)
    opening = Session.objects.get(uuid=HUB_OPENING)
    assert (opening.title, opening.subtitle, opening.code) == (
        "Opening Ceremony", "A subtitle for Opening Ceremony", "ABCDEF"
    )  # fmt: skip
    assert (opening.language, opening.type.name, opening.track.name) == (
        "de", "Talk", "Ethics, Society & Politics"
    )  # fmt: skip
    assert opening.summary == "Abstract of Opening Ceremony."
    assert opening.recap_text == "Description of *Opening Ceremony*."
    assert opening.recording_url == "https://media.ccc.example/v/38c3-1001-opening"
    assert (opening.recording_licence, opening.recording_optout) == ("CC BY 4.0", False)
    assert opening.origin_url == "https://cfp.ccc.example/38c3/talk/ABCDEF"
    assert opening.feedback_url == "https://events.ccc.example/feedback/abcdef"
    assert [(link.kind, link.title, link.url) for link in opening.links.all()] == [
        ("paper", "The paper", "https://example.org/paper.pdf"),
        ("slides", "Slides", "https://cfp.ccc.example/media/ABCDEF/slides.pdf"),
    ]
    assert opening.extra == {
        "logo": "https://events.ccc.example/media/abcdef.png",
        "answers": '<answers><answer question="Do you need a projector?">yes</answer></answers>',
    }
    assert str(Room.objects.get(name="Saal 1").uuid) == "ba692ba3-421b-5371-8309-60acc34a3c05"
    speaker = Speaker.objects.get()
    assert str(speaker.uuid) == "1b1f4a4e-3a52-5d37-9f4c-4f6ad3e1c0a1"
    assert report.kept_only_in_extra() == ["answers (3 session)", "logo (3 session)"]
    assert "Kept only verbatim (Session.extra): answers (3 session), logo (3 session)." in (
        report.summary()
    )


def test_html_is_sanitised_and_converted_to_markdown(db):
    import_schedule(data=_file("frab1-no-timezone.xml"), time_zone="Europe/Berlin")
    opening = Session.objects.get(title="Opening")
    assert opening.summary == "The **opening** of the conference."
    assert opening.recap_text == "- Welcome\n- Orga"
    import_schedule(data=_file("pretalx.json"))
    typing = Session.objects.get(title="Typing!")
    assert typing.recap_text == "HTML **description** with a bad link."
    assert "javascript" not in typing.recap_text


def test_languages_are_kept_and_exported(client, db):
    import_schedule(data=_file("pretalx.json"), publish=True)
    assert Session.objects.get(title="Keynote").language == "es"
    data = json.loads(_export(client, "schedule-json", "pycon2024"))
    languages = {
        talk["title"]: talk["language"]
        for day in data["schedule"]["conference"]["days"]
        for talks in day["rooms"].values()
        for talk in talks
    }
    assert languages == {"What’s new in Python?": "en", "Typing!": "en", "Keynote": "es"}
    root = etree.fromstring(_export(client, "schedule-xml", "pycon2024"))
    assert root.findtext(".//event[title='Keynote']/language") == "es"


def test_long_titles_get_slugs_that_fit(db):
    import_schedule(data=_file("frab1-no-timezone.xml"), time_zone="Europe/Berlin")
    talk = Session.objects.get(title__startswith="A very long title")
    assert len(talk.title) == 250
    assert len(talk.slug) <= Session._meta.get_field("slug").max_length
    assert not talk.slug.endswith("-")


def test_pretalx_slugs_ending_in_a_hyphen_and_rooms_without_guid(db):
    import_schedule(data=_file("pretalx.json"))
    assert sorted(Session.objects.values_list("slug", flat=True)) == [
        "42-what-s-new-in-python", "43-typing", "44-keynote"
    ]  # fmt: skip
    assert sorted(Room.objects.values_list("name", flat=True)) == ["Hall A", "Room 2"]


def test_types_and_tracks_are_created_per_event(db):
    import_schedule(data=_file("pretalx.json"))
    event = Event.objects.get(slug="pycon2024")
    assert list(SessionType.objects.filter(event=event).values_list("name", "slug")) == [
        ("Talk", "talk")
    ]
    assert sorted(Track.objects.filter(event=event).values_list("name", flat=True)) == [
        "Typing", "Web"
    ]  # fmt: skip


def test_pentabarf_extra_conference_elements_are_reported_and_ids_match_again(db):
    report = import_schedule(data=_file("pentabarf.xml"))
    for tag in ("city", "day_change", "release", "venue"):
        assert f"conference: <{tag}>, which the programme has no place for." in report.skipped
    assert Session.objects.get(title="Welcome to FOSDEM 2013").extra == {"tag": "welcome"}
    renamed = _file("pentabarf.xml").replace(b"Welcome to FOSDEM 2013", b"Welcome!")
    report = import_schedule(data=renamed)
    assert Session.objects.count() == 3
    assert report.changed_fields == [
        "“Welcome to FOSDEM 2013”: title: “Welcome to FOSDEM 2013” -> “Welcome!”"
    ]


def test_json_after_xml_of_the_same_event_changes_nothing_for_whitespace(db):
    data = json.loads(_file("pretalx.json"))
    import_schedule(data=json.dumps(data).encode())
    for day in data["schedule"]["conference"]["days"]:
        for talks in day["rooms"].values():
            for talk in talks:
                talk["title"] = f"  {talk['title']}\r\n"
                talk["abstract"] = talk["abstract"].replace("\r\n", "\n").strip() + "\n\n"
    report = import_schedule(data=json.dumps(data).encode())
    assert not report.changed_anything, report.summary()


# Errors


def test_every_problem_of_a_file_is_reported_at_once(db):
    data = (
        _file("ccc-hub.xml")
        .replace(b"<duration>00:40</duration>", b"<duration>00:00</duration>")
        .replace(b"<title>Lightning Talks</title>", b"")
    )
    with pytest.raises(ScheduleError) as error:
        import_schedule(data=data)
    message = str(error.value)
    assert message.startswith("2 problems:")
    assert (
        "day 1, room “Saal 1”, event 1 (id 1001, “Opening Ceremony”): the duration must be "
        "longer than zero." in message
    )
    assert "day 2, room “Saal GLITCH”, event 1 (id 1003): “title” is missing." in message
    assert not Event.objects.exists()


def test_problems_found_while_saving_are_all_reported_and_nothing_is_saved(db):
    data = _file("ccc-hub.xml").replace(b'code="GHJKLM"', b'code="ABCDEF"')
    data = data.replace(b'code="NPQRST"', b'code="ABCDEF"')
    with pytest.raises(ScheduleError) as error:
        import_schedule(data=data)
    problems = error.value.problems
    assert len(problems) == 2
    assert all("code: Another session of this event has this code." in p for p in problems)
    assert not Event.objects.exists()
    assert not Session.objects.exists()


# Newer files and sync


def test_newer_file_updates_by_guid_and_lists_changed_fields(db):
    import_schedule(data=_file("ccc-hub.xml"), publish=True)
    nightmares = Session.objects.get(title="Security Nightmares")
    report = import_schedule(data=_file("ccc-hub-newer.xml"), dry_run=True)
    assert report.changed_fields == [
        "“Security Nightmares”: title: “Security Nightmares” -> “Security Nightmares 0x18”"
    ]
    assert report.withdrawn == []
    assert Session.objects.get(pk=nightmares.pk).title == "Security Nightmares"
    import_schedule(data=_file("ccc-hub-newer.xml"))
    assert Session.objects.get(pk=nightmares.pk).title == "Security Nightmares 0x18"
    assert Session.objects.count() == 4  # the removed one stays without --sync
    assert Session.objects.get(title="Lightning Talks").status == Status.PUBLISHED
    assert Session.objects.get(title="Closing Ceremony").status == Status.DRAFT


def test_sync_withdraws_sessions_the_file_no_longer_has(db):
    import_schedule(data=_file("ccc-hub.xml"), publish=True)
    lightning = Session.objects.get(title="Lightning Talks")
    dry = import_schedule(data=_file("ccc-hub-newer.xml"), sync=True, dry_run=True)
    assert dry.withdrawn == [f"“Lightning Talks” ({lightning.uuid})"]
    assert "Withdrawn to draft (no longer in the file):" in dry.summary()
    assert Session.objects.get(pk=lightning.pk).status == Status.PUBLISHED
    import_schedule(data=_file("ccc-hub-newer.xml"), sync=True)
    assert Session.objects.get(pk=lightning.pk).status == Status.DRAFT
    assert Session.objects.filter(status=Status.PUBLISHED).count() == 2


def test_command_sync_and_dry_run_list_withdrawals_and_changes(db, tmp_path):
    import_schedule(data=_file("ccc-hub.xml"), publish=True)
    out = _Out()
    call_command(
        "import_schedule", str(FIXTURES / "ccc-hub-newer.xml"), "--sync", "--dry-run",
        stdout=out,
    )  # fmt: skip
    assert "“Lightning Talks” (" in out.text
    assert "title: “Security Nightmares” -> “Security Nightmares 0x18”" in out.text
    assert "Dry run: nothing was saved." in out.text
    assert Session.objects.get(title="Lightning Talks").status == Status.PUBLISHED


# Round trips


def _programme(data: dict) -> list:
    conference = data["schedule"]["conference"]
    return sorted(
        (
            talk["guid"], talk["title"], dt.datetime.fromisoformat(talk["date"]),
            talk["duration"], talk["room"], [(p["guid"], p["name"]) for p in talk["persons"]],
            talk["language"], talk["type"], talk["track"], talk["links"], talk["subtitle"],
        )
        for day in conference["days"]
        for talks in day["rooms"].values()
        for talk in talks
    )  # fmt: skip


ROUND_TRIP_SOURCES = {
    "ccc-hub.xml": 3, "pretalx.json": 3, "pretalx.xml": 1, "pentabarf.xml": 3,
    "frab1-no-timezone.xml": 3,
}  # fmt: skip


@pytest.mark.parametrize("source", ROUND_TRIP_SOURCES)
@pytest.mark.parametrize("fmt", ["schedule-xml", "schedule-json"])
def test_round_trip_through_an_empty_database_keeps_the_programme(client, db, source, fmt):
    import_schedule(data=_file(source), publish=True, time_zone="Europe/Berlin")
    slug = Event.objects.get().slug
    first_xml, first_json = _export(client, "schedule-xml", slug), _export(
        client, "schedule-json", slug
    )
    validate_xml(first_xml)
    first = json.loads(first_json)
    validate_json(first)
    _empty_database()
    import_schedule(data=first_xml if fmt == "schedule-xml" else first_json, publish=True)
    again_xml = _export(client, "schedule-xml", slug)
    validate_xml(again_xml)
    again = json.loads(_export(client, "schedule-json", slug))
    validate_json(again)
    assert _programme(again) == _programme(first)
    assert len(_programme(first)) == ROUND_TRIP_SOURCES[source]
    if fmt == "schedule-json":
        assert again == first  # the extras come back too, through conference.meta


def test_export_writes_the_extras_back_and_the_file_guids(client, db):
    import_schedule(data=_file("ccc-hub.xml"), publish=True)
    data = json.loads(_export(client, "schedule-json", "38c3"))
    validate_json(data)
    extra = data["schedule"]["conference"]["meta"]["event_extra"]
    assert extra[HUB_OPENING]["answers"].startswith("<answers>")
    days = data["schedule"]["conference"]["days"]
    talks = [talk for day in days for room in day["rooms"].values() for talk in room]
    opening = next(t for t in talks if t["guid"] == HUB_OPENING)
    assert opening["code"] == "ABCDEF"
    assert opening["recording_license"] == "CC BY 4.0"
    assert opening["origin_url"] == "https://cfp.ccc.example/38c3/talk/ABCDEF"
    assert {"type": "paper", "url": "https://example.org/paper.pdf", "title": "The paper"} in (
        opening["links"]
    )
    rooms = {room["name"]: room["guid"] for room in data["schedule"]["conference"]["rooms"]}
    assert rooms["Saal 1"] == "ba692ba3-421b-5371-8309-60acc34a3c05"


def test_ics_uid_is_the_uuid_at_the_configured_domain(client, db, settings):
    settings.SCHEDULE_UID_DOMAIN = "programme.example.org"
    import_schedule(data=_file("ccc-hub.xml"), publish=True)
    body = _export(client, "event-ics", "38c3").decode()
    assert f"UID:{HUB_OPENING}@programme.example.org" in body
    assert not re.search(r"UID:session-\d+@", body)


def test_session_page_json_ld_id_is_built_from_the_uuid(client, db):
    import_schedule(data=_file("ccc-hub.xml"), publish=True)
    opening = Session.objects.get(uuid=HUB_OPENING)
    page = client.get(opening.get_absolute_url()).content.decode()
    assert f'"@id": "urn:uuid:{HUB_OPENING}"' in page
    assert '"@id": "urn:uuid:1b1f4a4e-3a52-5d37-9f4c-4f6ad3e1c0a1"' in page


def test_links_of_a_session_are_replaced_when_the_file_changes_them(db):
    import_schedule(data=_file("ccc-hub.xml"))
    changed = _file("ccc-hub.xml").replace(
        b"https://example.org/paper.pdf", b"https://example.org/paper-v2.pdf"
    )
    report = import_schedule(data=changed)
    opening = Session.objects.get(uuid=HUB_OPENING)
    assert list(opening.links.values_list("url", flat=True)) == [
        "https://example.org/paper-v2.pdf",
        "https://cfp.ccc.example/media/ABCDEF/slides.pdf",
    ]
    assert Link.objects.count() == 4
    assert "“Opening Ceremony”: links: 2 -> 2" in report.changed_fields


def test_session_page_shows_what_the_import_kept(client, db):
    import_schedule(data=_file("ccc-hub.xml"), publish=True)
    page = client.get(Session.objects.get(uuid=HUB_OPENING).get_absolute_url()).content.decode()
    assert "38th Chaos Communication Congress</a> · Talk</p>" in page
    assert '<p class="subtitle">A subtitle for Opening Ceremony</p>' in page
    assert "<dt>Track</dt><dd>Ethics, Society &amp; Politics</dd>" in page
    assert "<dt>Language</dt><dd>German</dd>" in page
    assert '<a href="https://example.org/paper.pdf">The paper</a>' in page
    assert '<span class="note-inline">(slides)</span>' in page


def test_relative_attachments_resolve_and_bad_links_are_reported(db):
    report = import_schedule(data=_file("pretalx.json"))
    talk = Session.objects.get(title="What’s new in Python?")
    assert [(link.kind, link.url) for link in talk.links.all()] == [
        ("slides", "https://pretalx.example/media/pycon2024/submissions/ABC123/resources/slides.pdf")
    ]
    assert any(
        "the link “javascript:alert(1)”, which is not a web address." in item
        for item in report.skipped
    )


def test_a_biography_fills_an_empty_one_and_never_overwrites(db):
    import_schedule(data=_file("pretalx.json"))
    Speaker.objects.filter(external_id="pycon2024:PERS01").update(bio="")
    Speaker.objects.filter(external_id="pycon2024:PERS02").update(bio="Written by an editor.")
    report = import_schedule(data=_file("pretalx.json"))
    assert Speaker.objects.get(external_id="pycon2024:PERS01").bio == "Mathematician."
    assert Speaker.objects.get(external_id="pycon2024:PERS02").bio == "Written by an editor."
    assert report.changed_fields == ["person “Ada Lovelace”: bio: (empty) -> “Mathematician.”"]


def test_an_unknown_type_is_kept_for_a_session_that_had_none(db):
    import_schedule(data=_file("pretalx.json"))
    Session.objects.update(type=None, kind=Session.Kind.OTHER)
    report = import_schedule(data=_file("pretalx.json"))
    assert set(Session.objects.values_list("type__name", flat=True)) == {"Talk"}
    assert "“Keynote”: type: (empty) -> Talk" in report.changed_fields


def test_a_track_that_is_not_the_sessions_first_topic_becomes_its_track(client, db):
    import_schedule(data=_file("pretalx.json"), publish=True)
    keynote = Session.objects.get(title="Keynote")
    Session.objects.filter(pk=keynote.pk).update(track=None)
    keynote.topics.add("Alpha")  # now the first topic, which exports stand for the track
    import_schedule(data=_file("pretalx.json"))
    keynote.refresh_from_db()
    assert keynote.track.name == "Web"
    data = json.loads(_export(client, "schedule-json", "pycon2024"))
    tracks = {
        talk["title"]: talk["track"]
        for day in data["schedule"]["conference"]["days"]
        for talks in day["rooms"].values()
        for talk in talks
    }
    assert tracks["Keynote"] == "Web"
