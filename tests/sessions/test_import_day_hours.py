"""A file's days keep their real hours: a congress day from 10:00 to 04:00 stays one day,
with its sessions after midnight on it, through import, export and import again."""

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse

from conference.models import Day, Event
from sessions.models import Session
from sessions.schedule.importer import import_schedule
from tests.sessions.test_schedule_exports import validate_xml

CONGRESS = (Path(__file__).parents[1] / "fixtures" / "schedule" / "congress-night.xml").read_bytes()


@pytest.fixture
def congress(db):
    report = import_schedule(data=CONGRESS, publish=True)
    return Event.objects.get(slug=report.event_slug)


def test_days_keep_the_files_hours_and_sessions_after_midnight_stay_on_their_day(congress):
    first = Day.objects.get(event=congress, number=1)
    night = Session.objects.get(title="Lightning talks at night")

    assert (first.start, first.end) == (dt.time(10), dt.time(4))
    assert night.day == first
    assert night.start == dt.datetime(2026, 12, 28, 0, 30, tzinfo=dt.UTC)


def test_the_days_hours_survive_export_and_import(client, congress):
    exported = client.get(reverse("programme:schedule-xml", kwargs={"event": congress.slug}))
    validate_xml(exported.content)
    body = exported.content.decode()
    assert 'start="2026-12-27T10:00:00+01:00" end="2026-12-28T04:00:00+01:00"' in body

    again = import_schedule(data=exported.content)

    assert not again.changed_anything
    assert Session.objects.get(title="Lightning talks at night").day.number == 1


def test_a_day_without_hours_is_exported_midnight_to_midnight_and_stays_without(client, db):
    plain = CONGRESS.replace(
        b' start="2026-12-28T10:00:00+01:00" end="2026-12-29T04:00:00+01:00"', b""
    )
    event = Event.objects.get(slug=import_schedule(data=plain, publish=True).event_slug)
    second = Day.objects.get(event=event, number=2)
    assert (second.start, second.end) == (None, None)

    exported = client.get(reverse("programme:schedule-xml", kwargs={"event": event.slug}))

    assert 'start="2026-12-28T00:00:00+01:00" end="2026-12-29T00:00:00+01:00"' in (
        exported.content.decode()
    )
    assert not import_schedule(data=exported.content).changed_anything
