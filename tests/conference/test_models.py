import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import URLResolver, get_resolver

from cms.publishing import Status
from conference.models import RESERVED_EVENT_SLUGS, Day, Event, Organisation
from tests.factories import DayFactory, EventFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_day_date_outside_event_is_rejected(event):
    day = Day(event=event, number=3, date=dt.date(2024, 9, 9))
    with pytest.raises(ValidationError) as excinfo:
        day.full_clean()
    assert "within the event" in str(excinfo.value.message_dict["date"])


def test_day_date_within_event_is_accepted(event):
    Day(event=event, number=2, date=dt.date(2024, 9, 6)).full_clean()


LONDON = zoneinfo.ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("start", "end", "window", "label"),
    [
        (None, None, ((5, 0), (6, 0)), "5 September 2024, 00:00 to midnight"),
        (dt.time(9), dt.time(18), ((5, 9), (5, 18)), "5 September 2024, 09:00 to 18:00"),
        (
            dt.time(10),
            dt.time(4),
            ((5, 10), (6, 4)),
            "5 September 2024, 10:00 to 04:00 the next morning",
        ),
        (dt.time(10), dt.time(0), ((5, 10), (6, 0)), "5 September 2024, 10:00 to midnight"),
    ],
)
def test_day_window_runs_past_midnight_when_the_end_is_earlier(day, start, end, window, label):
    day.start, day.end = start, end

    assert day.window == tuple(
        dt.datetime(2024, 9, date, hour, tzinfo=LONDON) for date, hour in window
    )
    assert day.window_label == label


def test_day_places_times_before_its_start_on_the_next_date_only_past_midnight(day):
    day.start, day.end = dt.time(10), dt.time(4)
    assert day.at(dt.time(1, 30)) == dt.datetime(2024, 9, 6, 1, 30, tzinfo=LONDON)
    assert day.at(dt.time(11)) == dt.datetime(2024, 9, 5, 11, tzinfo=LONDON)

    day.end = dt.time(18)
    assert day.at(dt.time(1, 30)) == dt.datetime(2024, 9, 5, 1, 30, tzinfo=LONDON)


def test_day_that_ends_when_it_starts_is_rejected(day):
    day.start = day.end = dt.time(10)
    with pytest.raises(ValidationError) as excinfo:
        day.full_clean()
    assert excinfo.value.message_dict["end"] == [
        "The day must end at another time than it starts."
    ]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("US/Eastern", "America/New_York"),
        ("Asia/Calcutta", "Asia/Kolkata"),
        ("Europe/Kiev", "Europe/Kyiv"),
        ("GB", "Europe/London"),
        ("Europe/Berlin", "Europe/Berlin"),
        ("Europe/Ljubljana", "Europe/Ljubljana"),  # a country's own zone, kept
        ("UTC", "UTC"),
    ],
)
def test_event_clean_stores_the_canonical_zone_name(event, typed, stored):
    event.time_zone = typed
    event.full_clean()

    assert event.time_zone == stored
    assert event.zone_name == stored


def test_event_with_an_unknown_zone_is_rejected(event):
    event.time_zone = "Europe/Atlantis"
    with pytest.raises(ValidationError) as excinfo:
        event.full_clean()
    assert "not a known time zone" in str(excinfo.value.message_dict["time_zone"])


def test_day_number_is_unique_within_event(day):
    duplicate = Day(event=day.event, number=day.number, date=day.date)
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert "already has a day with this number" in str(excinfo.value)


def test_day_number_may_repeat_across_events(day):
    other_event = EventFactory()
    Day(event=other_event, number=day.number, date=other_event.start_date).full_clean()


def test_event_end_before_start_is_rejected():
    event = EventFactory.build(start_date=dt.date(2024, 9, 6), end_date=dt.date(2024, 9, 5))
    with pytest.raises(ValidationError) as excinfo:
        event.full_clean()
    assert "cannot end before it starts" in str(excinfo.value.message_dict["end_date"])


def test_event_unknown_time_zone_is_rejected():
    event = EventFactory.build(time_zone="Mars/Olympus")
    with pytest.raises(ValidationError) as excinfo:
        event.full_clean()
    assert "not a known time zone" in str(excinfo.value.message_dict["time_zone"])


def test_event_slug_is_unique(event):
    duplicate = EventFactory.build(slug=event.slug)
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert "slug" in excinfo.value.message_dict


@pytest.mark.parametrize("slug", ["search", "topics", "speakers", "programme", "admin", "Feeds"])
def test_event_slug_taken_by_a_site_url_is_refused(slug):
    event = EventFactory.build(slug=slug)
    with pytest.raises(ValidationError) as excinfo:
        event.full_clean()
    [message] = excinfo.value.message_dict["slug"]
    assert f"“{slug}” is taken by the site’s own /{slug.lower()}/ pages" in message


def test_event_slug_like_a_site_url_but_longer_is_allowed():
    EventFactory.build(slug="search-2024").full_clean()


def _first_segments(patterns):
    """The literal first path segment of every URL the site serves."""
    for pattern in patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLResolver) and route == "":
            yield from _first_segments(pattern.url_patterns)
        elif route and not route.startswith(("<", "^")):
            yield route.split("/")[0].split(".")[0]


def test_every_top_level_url_segment_is_a_reserved_event_slug():
    segments = set(_first_segments(get_resolver().url_patterns))
    assert {"admin", "search", "topics", "speakers", "reports", "feeds"} <= segments
    assert segments <= RESERVED_EVENT_SLUGS


def test_scheduled_content_needs_publication_time(event):
    event.status = Status.SCHEDULED
    with pytest.raises(ValidationError) as excinfo:
        event.full_clean()
    assert "needs a publication time" in str(excinfo.value.message_dict["publish_at"])


def test_organisation_cannot_be_its_own_ancestor():
    parent = OrganisationFactory()
    child = OrganisationFactory(parent=parent)
    parent.parent = child
    with pytest.raises(ValidationError) as excinfo:
        parent.full_clean()
    assert "cannot be part of itself" in str(excinfo.value.message_dict["parent"])


def test_string_representations(day):
    organisation = OrganisationFactory(name="Government Outcomes Lab", short_name="GO Lab")
    assert str(organisation) == "Government Outcomes Lab"
    assert organisation.display_name == "GO Lab"
    assert str(day.event) == "Test Conference 2024"
    assert str(day) == "Test Conference 2024 – Day 1"


def test_absolute_urls_are_readable(day):
    assert day.event.get_absolute_url() == "/tc24/"
    assert day.get_absolute_url() == "/tc24/day-1/"


def test_days_published_requires_published_event(day):
    assert list(Day.objects.public()) == [day]
    Event.objects.filter(pk=day.event.pk).update(status=Status.DRAFT)
    assert list(Day.objects.public()) == []


def test_draft_day_is_not_published(event):
    DayFactory(event=event, number=2, status=Status.DRAFT)
    assert not Day.objects.public().filter(number=2).exists()


def test_organisation_ordering_is_alphabetical():
    OrganisationFactory(name="Zeta")
    OrganisationFactory(name="Alpha")
    assert [o.name for o in Organisation.objects.all()] == ["Alpha", "Zeta"]
