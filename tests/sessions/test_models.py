import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from cms.publishing import Status
from sessions.models import Participation, Quote, Session
from tests.factories import (
    AffiliationFactory,
    DayFactory,
    QuoteFactory,
    RoomFactory,
    SessionFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db
LONDON = zoneinfo.ZoneInfo("Europe/London")


def at(date, hour, minute=0, tz=LONDON):
    return dt.datetime.combine(date, dt.time(hour, minute), tzinfo=tz)


def test_session_must_end_after_it_starts(day):
    session = SessionFactory.build(day=day, start=at(day.date, 11), end=at(day.date, 10))
    with pytest.raises(ValidationError) as excinfo:
        session.full_clean()
    assert "must end after it starts" in str(excinfo.value.message_dict["end"])


def test_session_must_fall_on_its_day(day):
    next_day = day.date + dt.timedelta(days=1)
    session = SessionFactory.build(day=day, start=at(next_day, 10), end=at(next_day, 11))
    with pytest.raises(ValidationError) as excinfo:
        session.full_clean()
    message = "The start must fall within the day (5 September 2024, 00:00 to midnight)."
    assert excinfo.value.message_dict["start"] == [message]


def test_session_day_is_judged_in_event_time_zone(day):
    # 23:30 UTC on the eve is 00:30 in London (BST): the right day.
    utc = zoneinfo.ZoneInfo("UTC")
    eve = day.date - dt.timedelta(days=1)
    session = SessionFactory.build(day=day, start=at(eve, 23, 30, utc), end=at(day.date, 1, 0))
    session.full_clean()


def test_session_code_is_unique_within_event(day):
    SessionFactory(day=day, code="1.4")
    other_day = DayFactory(event=day.event, number=2)
    duplicate = SessionFactory.build(day=other_day, code="1.4")
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert "has this code" in str(excinfo.value.message_dict["code"])


def test_session_code_may_repeat_across_events(day):
    SessionFactory(day=day, code="1.4")
    SessionFactory.build(day=DayFactory(), code="1.4").full_clean()


def test_session_slug_is_unique_within_event(day):
    SessionFactory(day=day, slug="keynote")
    other_day = DayFactory(event=day.event, number=2)
    duplicate = SessionFactory.build(day=other_day, slug="keynote")
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert "has this slug" in str(excinfo.value.message_dict["slug"])


def test_session_room_must_belong_to_its_event(day):
    session = SessionFactory.build(day=day, room=RoomFactory())
    with pytest.raises(ValidationError) as excinfo:
        session.full_clean()
    assert "another event" in str(excinfo.value.message_dict["room"])


def test_quote_needs_speaker_or_attribution(day):
    quote = Quote(session=SessionFactory(day=day), text="Words.")
    with pytest.raises(ValidationError) as excinfo:
        quote.full_clean()
    assert "needs a speaker or an attribution" in str(excinfo.value)


def test_quote_with_attribution_only_is_valid(day):
    quote = Quote(session=SessionFactory(day=day), text="Words.", attribution="A participant")
    quote.full_clean()
    assert quote.attributed_to == "A participant"


def test_participation_affiliation_must_belong_to_speaker(day):
    session = SessionFactory(day=day)
    participation = Participation(
        session=session, speaker=SpeakerFactory(), affiliation=AffiliationFactory()
    )
    with pytest.raises(ValidationError) as excinfo:
        participation.full_clean()
    assert "belongs to another person" in str(excinfo.value.message_dict["affiliation"])


def test_published_sessions_exclude_drafts_at_every_level(day):
    visible = SessionFactory(day=day)
    SessionFactory(day=day, status=Status.DRAFT)
    SessionFactory(day=DayFactory(event=day.event, number=2, status=Status.DRAFT))
    assert list(Session.objects.public()) == [visible]


def test_published_quotes_exclude_quotes_of_draft_sessions(day):
    visible = QuoteFactory(session=SessionFactory(day=day))
    QuoteFactory(session=SessionFactory(day=day, status=Status.DRAFT))
    QuoteFactory(session=SessionFactory(day=day), status=Status.DRAFT)
    assert list(Quote.objects.public()) == [visible]


def test_session_string_and_url(day):
    session = SessionFactory(day=day, code="1.1", title="Education", slug="education")
    assert str(session) == "1.1 Education"
    assert session.get_absolute_url() == "/tc24/sessions/education/"


def test_speaker_full_name_includes_honorific():
    speaker = SpeakerFactory(name="Tina Nabatchi", honorific="Professor")
    assert str(speaker) == "Professor Tina Nabatchi"
    assert speaker.get_absolute_url() == f"/speakers/{speaker.slug}/"
