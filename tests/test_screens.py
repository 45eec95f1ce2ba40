"""Venue screens: /<event>/programme/now/screen/ shows now and next and reloads itself."""

import datetime as dt
import re
import zoneinfo

import pytest

from cms.publishing import Status
from tests.factories import DayFactory, EventFactory, RoomFactory, SessionFactory

LONDON = zoneinfo.ZoneInfo("Europe/London")


def at(day, hour, minute=0):
    return dt.datetime.combine(day.date, dt.time(hour, minute), tzinfo=LONDON)


@pytest.fixture
def day(db):
    return DayFactory(event=EventFactory(slug="tc24", short_name="TC24"), number=1)


@pytest.fixture
def running(day, monkeypatch):
    room = RoomFactory(event=day.event, name="Lecture Theatre")
    SessionFactory(day=day, title="Done already", start=at(day, 9), end=at(day, 10))
    SessionFactory(day=day, code="1.2", title="Running now", room=room,
                   start=at(day, 10), end=at(day, 11))
    SessionFactory(day=day, title="Secret running draft", status=Status.DRAFT,
                   start=at(day, 10), end=at(day, 11))
    SessionFactory(day=day, title="Next up", start=at(day, 11), end=at(day, 12))
    SessionFactory(day=day, title="Much later", start=at(day, 14), end=at(day, 15))
    monkeypatch.setattr("django.utils.timezone.now", lambda: at(day, 10, 30))
    return day


def test_screen_shows_now_and_next_in_large_type_without_navigation(client, running):
    response = client.get("/tc24/programme/now/screen/")
    html = response.content.decode()

    assert response.status_code == 200
    assert '<body class="screen" data-refresh-seconds="60">' in html
    assert re.search(r"On now.*1\.2</span> Running now.*Lecture Theatre.*Up next, 11:00.*Next up",
                     html, re.S)
    assert "Done already" not in html and "Much later" not in html
    assert "Secret" not in html
    assert "<nav" not in html and "site-footer" not in html and "<a " not in html
    assert "10:30" in html


def test_screen_refreshes_itself_and_is_never_cached_longer(client, running):
    first = client.get("/tc24/programme/now/screen/")
    second = client.get("/tc24/programme/now/screen/")

    html = first.content.decode()

    assert '<body class="screen" data-refresh-seconds="60">' in html
    assert '<script src="/static/js/screen.js" defer></script>' in html
    assert '<noscript><meta http-equiv="refresh" content="60"></noscript>' in html
    assert "max-age=60" in first["Cache-Control"]
    assert "X-Page-Cache" not in first and "X-Page-Cache" not in second


def test_screen_when_the_event_is_not_running(client, day, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: at(day, 10) + dt.timedelta(days=30))

    html = client.get("/tc24/programme/now/screen/").content.decode()

    assert "Not running today" in html


def test_screen_of_a_draft_or_unknown_event_is_not_found(client, day):
    day.event.status = Status.DRAFT
    day.event.save()

    assert client.get("/tc24/programme/now/screen/").status_code == 404
    assert client.get("/nowhere/programme/now/screen/").status_code == 404


def test_now_page_links_to_the_screen(client, running):
    html = client.get("/tc24/programme/now/").content.decode()

    assert 'href="/tc24/programme/now/screen/"' in html


def test_screen_query_count_is_fixed(client, running, django_assert_max_num_queries):
    for n in range(20):
        SessionFactory(day=running, start=at(running, 10), end=at(running, 11), slug=f"p-{n}")
    with django_assert_max_num_queries(6):
        response = client.get("/tc24/programme/now/screen/")
    assert response.content.decode().count("screen__session") == 22
