"""Every request about an event runs in the event's time zone, whatever the server's.

A Berlin event on a server in Europe/London: what its editor types in the admin is what every
page and every export says, and a day that runs past midnight keeps its late sessions.
"""

import csv
import datetime as dt
import io
import json
import zoneinfo

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from cms.publishing import Status
from conference.models import Event
from sessions.models import Session
from tests.admin_posts import publish_pending_changes
from tests.conference.test_exports import pdf_text
from tests.factories import (
    DayFactory,
    EventFactory,
    QuoteFactory,
    ReportFactory,
    RoomFactory,
    SessionFactory,
)
from tests.sessions.test_schedule_exports import validate_json, validate_xml
from website.selectors.event import now_and_next

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
UTC = dt.UTC


@pytest.fixture(autouse=True)
def _london_server(settings):
    settings.TIME_ZONE = "Europe/London"


@pytest.fixture
def admin_submit(admin_submit):
    """Saves as the superuser, then publishes what the save left pending (``cms.drafts``):
    these tests are about the times typed, which the public sees once published."""

    def submit(url, data):
        response = admin_submit(url, data)
        publish_pending_changes()
        return response

    return submit


@pytest.fixture
def berlin_day(db):
    event = EventFactory(
        name="Berlin Programme Days 2024",
        short_name="BPD24",
        slug="bpd24",
        time_zone="Europe/Berlin",
        venue="Festsaal Kreuzberg",
    )
    return DayFactory(event=event, number=1, date=dt.date(2024, 9, 5), title="Opening day")


def change_url(obj):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def day_form(day, **rows):
    """The day's change form with session rows (``sessions-0-title`` and so on)."""
    data = {
        "event": day.event.pk,
        "number": day.number,
        "date": day.date.isoformat(),
        "start": day.start.strftime("%H:%M") if day.start else "",
        "end": day.end.strftime("%H:%M") if day.end else "",
        "title": day.title,
        "status": Status.PUBLISHED,
        "sessions-TOTAL_FORMS": len(rows),
    }
    for index, (slug, (title, start, end)) in enumerate(rows.items()):
        data |= {
            f"sessions-{index}-code": f"1.{index + 1}",
            f"sessions-{index}-title": title,
            f"sessions-{index}-slug": slug,
            f"sessions-{index}-kind": Session.Kind.KEYNOTE,
            f"sessions-{index}-start": start,
            f"sessions-{index}-end": end,
            f"sessions-{index}-order": 0,
            f"sessions-{index}-status": Status.PUBLISHED,
        }
    return data


def get(client, name, **kwargs):
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200, response.content[:300]
    return response


def html(response) -> str:
    return response.content.decode()


# ---------- The admin ----------


def test_day_page_session_rows_take_times_in_the_events_zone(admin_submit, berlin_day):
    response = admin_submit(
        change_url(berlin_day), day_form(berlin_day, welcome=("Welcome", "09:00", "09:45"))
    )

    assert response.status_code == 302
    session = Session.objects.get()
    assert session.start == dt.datetime(2024, 9, 5, 7, 0, tzinfo=UTC)  # 09:00 CEST
    assert session.end == dt.datetime(2024, 9, 5, 7, 45, tzinfo=UTC)


def test_day_page_shows_session_times_without_seconds_in_the_events_zone(
    editor_client, berlin_day
):
    SessionFactory(
        day=berlin_day,
        start=dt.datetime(2024, 9, 5, 9, 0, tzinfo=BERLIN),
        end=dt.datetime(2024, 9, 5, 9, 45, tzinfo=BERLIN),
    )

    content = html(editor_client.get(change_url(berlin_day)))

    assert 'name="sessions-0-start" value="09:00"' in content
    assert 'name="sessions-0-end" value="09:45"' in content
    assert 'name="sessions-0-start_0"' not in content  # no date to ask for
    assert "Times in Europe/Berlin." in content


def test_session_change_form_reads_and_shows_times_in_the_events_zone(
    admin_submit, editor_client, berlin_day
):
    session = SessionFactory(
        day=berlin_day,
        code="1.1",
        start=dt.datetime(2024, 9, 5, 10, 0, tzinfo=BERLIN),
        end=dt.datetime(2024, 9, 5, 11, 0, tzinfo=BERLIN),
    )
    content = html(editor_client.get(change_url(session)))
    assert 'name="start_1" value="10:00"' in content
    assert "Times in Europe/Berlin." in content

    response = admin_submit(
        change_url(session),
        {
            "day": berlin_day.pk,
            "code": "1.1",
            "title": session.title,
            "slug": session.slug,
            "kind": session.kind,
            "languages": "en",
            "start_0": "2024-09-05",
            "start_1": "09:00",
            "end_0": "2024-09-05",
            "end_1": "10:00",
            "order": 0,
            "status": Status.PUBLISHED,
        },
    )

    assert response.status_code == 302
    session.refresh_from_db()
    assert session.start == dt.datetime(2024, 9, 5, 7, 0, tzinfo=UTC)


def test_session_add_form_reads_times_in_the_chosen_days_zone(admin_submit, berlin_day):
    response = admin_submit(
        reverse("admin:programme_session_add"),
        {
            "day": berlin_day.pk,
            "code": "1.1",
            "title": "Welcome",
            "slug": "welcome",
            "kind": Session.Kind.WELCOME,
            "languages": "en",
            "start_0": "2024-09-05",
            "start_1": "09:00",
            "end_0": "2024-09-05",
            "end_1": "09:30",
            "order": 0,
            "status": Status.DRAFT,
        },
    )

    assert response.status_code == 302
    assert Session.objects.get().start == dt.datetime(2024, 9, 5, 7, 0, tzinfo=UTC)


def test_admin_says_which_zone_times_are_in(editor_client, berlin_day):
    quote_session = SessionFactory(day=berlin_day)
    quote = QuoteFactory(session=quote_session)

    report = ReportFactory(event=berlin_day.event)
    for obj in (berlin_day.event, berlin_day, quote, report):
        content = html(editor_client.get(change_url(obj)))
        assert "Times in Europe/Berlin." in content, obj
    # A new session: the day, and so the zone, is chosen in the form.
    add = reverse("admin:programme_session_add")
    content = html(editor_client.get(add))
    assert "Times in the time zone of the chosen day’s event." in content
    content = html(editor_client.get(f"{add}?day={berlin_day.pk}"))
    assert "Times in Europe/Berlin." in content


def test_admin_request_leaves_the_servers_zone_active_afterwards(editor_client, berlin_day):
    editor_client.get(change_url(berlin_day))

    assert timezone.get_current_timezone_name() == "Europe/London"


def test_session_changelist_shows_starts_in_each_events_zone(editor_client, berlin_day):
    SessionFactory(
        day=berlin_day,
        title="Keynote in Berlin",
        start=dt.datetime(2024, 9, 5, 9, 0, tzinfo=BERLIN),
        end=dt.datetime(2024, 9, 5, 10, 0, tzinfo=BERLIN),
    )

    content = html(editor_client.get(reverse("admin:programme_session_changelist")))

    assert "5 Sep 2024 09:00" in content


# ---------- What the public sees: 09:00 everywhere ----------


@pytest.fixture
def typed_nine(admin_submit, berlin_day):
    """The editor types 09:00 to 10:00 for a keynote in the admin; it is published."""
    room = RoomFactory(event=berlin_day.event, name="Main hall")
    response = admin_submit(
        change_url(berlin_day),
        day_form(berlin_day, keynote=("Opening keynote", "09:00", "10:00")),
    )
    assert response.status_code == 302
    session = Session.objects.get()
    session.room = room
    session.save()
    return session


def test_session_page_says_nine(client, typed_nine):
    content = html(get(client, "programme:session-detail", event="bpd24", slug="keynote"))

    assert ">09:00</time>–<time" in content
    assert "CEST, Europe/Berlin" in content
    assert '"startDate": "2024-09-05T09:00:00+02:00"' in content  # JSON-LD


def test_programme_and_recap_say_nine(client, typed_nine):
    for name in ("conference:programme", "conference:day-recap"):
        kwargs = {"event": "bpd24"} | ({"number": 1} if name.endswith("recap") else {})
        content = html(get(client, name, **kwargs))
        assert '<time datetime="2024-09-05T07:00:00+00:00">09:00</time>' in content, name
        assert ">10:00</time>" in content, name


def test_recap_exports_say_nine(client, typed_nine):
    markdown = get(client, "conference:day-recap-md", event="bpd24", number=1).content.decode()
    standalone = get(client, "conference:day-recap-html", event="bpd24", number=1)
    _, text = pdf_text(get(client, "conference:day-recap-pdf", event="bpd24", number=1).content)

    assert "09:00" in markdown and "08:00" not in markdown
    assert ">09:00</time>" in html(standalone)
    assert "09:00" in text and "08:00" not in text


def test_sessions_csv_says_nine(client, typed_nine):
    body = get(client, "programme:sessions-csv", event="bpd24").content.decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(body)))

    assert (row["Date"], row["Start"], row["End"]) == ("2024-09-05", "09:00", "10:00")


def test_frab_xml_and_json_say_nine_with_the_berlin_offset(client, typed_nine):
    root = etree.fromstring(get(client, "programme:schedule-xml", event="bpd24").content)
    data = json.loads(get(client, "programme:schedule-json", event="bpd24").content)

    event = root.find("day/room/event")
    assert event.findtext("date") == "2024-09-05T09:00:00+02:00"
    assert event.findtext("start") == "09:00"
    assert event.findtext("duration") == "01:00"
    assert root.findtext("conference/time_zone_name") == "Europe/Berlin"
    talk = data["schedule"]["conference"]["days"][0]["rooms"]["Main hall"][0]
    assert (talk["date"], talk["start"]) == ("2024-09-05T09:00:00+02:00", "09:00")


def test_ics_says_nine_in_berlin_at_seven_utc(client, typed_nine):
    body = get(client, "programme:session-ics", event="bpd24", slug="keynote").content

    assert b"DTSTART;TZID=Europe/Berlin:20240905T090000" in body
    assert b"TZID:Europe/Berlin" in body  # with its VTIMEZONE
    (vevent,) = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert vevent["DTSTART"].dt.astimezone(UTC) == dt.datetime(2024, 9, 5, 7, 0, tzinfo=UTC)


# ---------- A day from 10:00 to 04:00 ----------


@pytest.fixture
def late_night(admin_submit, berlin_day):
    """Day 1 runs 10:00 to 04:00; the editor adds a session at 01:00 and one at 10:00."""
    berlin_day.start, berlin_day.end = dt.time(10), dt.time(4)
    berlin_day.save()
    DayFactory(event=berlin_day.event, number=2, date=dt.date(2024, 9, 6))
    response = admin_submit(
        change_url(berlin_day),
        day_form(
            berlin_day,
            opening=("Opening", "10:00", "11:00"),
            nightcap=("Nightcap session", "01:00", "02:00"),
        ),
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    return berlin_day


def test_session_after_midnight_is_saved_on_the_next_date_of_its_day(late_night):
    nightcap = Session.objects.get(slug="nightcap")

    assert nightcap.day == late_night
    assert nightcap.start == dt.datetime(2024, 9, 6, 1, 0, tzinfo=BERLIN)


def test_session_outside_the_days_hours_is_refused(admin_submit, late_night):
    response = admin_submit(
        change_url(late_night),
        day_form(late_night, too_late=("Breakfast", "05:00", "06:00"))
        | {"sessions-INITIAL_FORMS": 0},
    )

    assert response.status_code == 200
    assert (
        "The start must fall within the day (5 September 2024, 10:00 to 04:00 the next morning)."
        in html(response)
    )
    assert not Session.objects.filter(slug="too_late").exists()


def test_day_after_midnight_keeps_its_session_in_programme_and_recap(client, late_night):
    def main(name, number):
        content = html(get(client, name, event="bpd24", number=number))
        return content.split("<main", 1)[1]

    programme = main("conference:programme-day", 1)
    recap = main("conference:day-recap", 1)
    opening, nightcap = 'href="/bpd24/sessions/opening/"', 'href="/bpd24/sessions/nightcap/"'
    for content in (programme, recap):
        assert content.index(opening) < content.index(nightcap)
        assert ">01:00</time>–<time" in content
    night = programme.index('<h3 class="part-of-day">Night</h3>')
    assert programme.index(opening) < night < programme.index(nightcap)
    assert nightcap not in main("conference:programme-day", 2)


def test_now_and_next_after_midnight_is_still_the_day_before(client, late_night, monkeypatch):
    half_past_one = dt.datetime(2024, 9, 6, 1, 30, tzinfo=BERLIN)
    on = now_and_next(event=late_night.event, now=half_past_one)
    assert on.day == late_night
    assert [session.slug for session in on.current] == ["nightcap"]

    monkeypatch.setattr("django.utils.timezone.now", lambda: half_past_one)
    now_page = html(get(client, "conference:programme-now", event="bpd24"))
    programme = html(get(client, "conference:programme", event="bpd24"))

    assert "on Opening day, Thursday 5 September 2024" in now_page
    assert 'href="/bpd24/sessions/nightcap/"' in now_page.split('id="now-title"')[1]
    assert 'href="/bpd24/sessions/nightcap/"' in programme.split("<main", 1)[1]  # day 1


def test_day_ics_and_frab_group_the_late_session_under_its_day(client, late_night):
    day_ics = get(client, "programme:day-ics", event="bpd24", number=1).content
    root = etree.fromstring(get(client, "programme:schedule-xml", event="bpd24").content)
    data = json.loads(get(client, "programme:schedule-json", event="bpd24").content)

    summaries = [str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(day_ics).walk("VEVENT")]
    assert "1.2 Nightcap session" in summaries
    (day_one,) = root.xpath("day[@index='1']")
    assert day_one.get("start") == "2024-09-05T10:00:00+02:00"
    assert day_one.get("end") == "2024-09-06T04:00:00+02:00"
    assert "Nightcap session" in day_one.xpath("room/event/title/text()")
    assert not root.xpath("day[@index='2']/room/event")
    first = data["schedule"]["conference"]["days"][0]
    assert (first["day_start"], first["day_end"]) == (
        "2024-09-05T10:00:00+02:00",
        "2024-09-06T04:00:00+02:00",
    )
    titles = [talk["title"] for talks in first["rooms"].values() for talk in talks]
    assert "Nightcap session" in titles
    validate_xml(etree.tostring(root))
    validate_json(data)


# ---------- Zone names ----------


def test_event_form_stores_a_legacy_alias_under_its_canonical_name(admin_submit, db):
    response = admin_submit(
        reverse("admin:conference_event_add"),
        {
            "name": "New York Outcomes Forum",
            "slug": "nyof25",
            "start_date": "2025-03-04",
            "end_date": "2025-03-05",
            "time_zone": "US/Eastern",
            "format": "in_person",
            "status": Status.DRAFT,
            "rooms-TOTAL_FORMS": 0,
            "rooms-INITIAL_FORMS": 0,
        },
    )

    assert response.status_code == 302
    assert Event.objects.get(slug="nyof25").time_zone == "America/New_York"


def test_exports_write_the_canonical_zone_name(client, db):
    event = EventFactory(slug="nyc24", time_zone="US/Eastern")  # stored before the form said no
    day = DayFactory(event=event, number=1)
    new_york = zoneinfo.ZoneInfo("America/New_York")
    start = dt.datetime.combine(day.date, dt.time(9), tzinfo=new_york)
    SessionFactory(day=day, slug="opening", start=start, end=start + dt.timedelta(hours=1))

    root = etree.fromstring(get(client, "programme:schedule-xml", event="nyc24").content)
    data = json.loads(get(client, "programme:schedule-json", event="nyc24").content)
    ics = get(client, "programme:event-ics", event="nyc24").content

    assert root.findtext("conference/time_zone_name") == "America/New_York"
    assert data["schedule"]["conference"]["time_zone_name"] == "America/New_York"
    validate_json(data)
    validate_xml(etree.tostring(root))
    assert b"TZID=America/New_York:" in ics
    assert b"US/Eastern" not in ics
    page = html(get(client, "programme:session-detail", event="nyc24", slug="opening"))
    assert "America/New_York" in page
