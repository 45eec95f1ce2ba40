"""Cheap reversing (cms.reversing) gives what reverse() gives, under any script prefix."""

from django.urls import reverse, set_script_prefix

from cms.reversing import reverse_cached
from tests.factories import (
    AffiliationFactory,
    QuoteFactory,
    ReportFactory,
    SessionFactory,
    SpeakerFactory,
)


def linked_objects(day):
    session = SessionFactory(day=day, slug="opening-keynote")
    speaker = SpeakerFactory(slug="ada-lovelace")
    affiliation = AffiliationFactory(speaker=speaker)
    quote = QuoteFactory(session=session, speaker=speaker)
    report = ReportFactory(event=day.event)
    return [day.event, day, session, speaker, affiliation.organisation, quote, report]


def test_get_absolute_url_is_what_reverse_gives(day):
    session, speaker = linked_objects(day)[2:4]
    assert session.get_absolute_url() == reverse(
        "programme:session-detail", kwargs={"event": day.event.slug, "slug": "opening-keynote"}
    )
    assert speaker.get_absolute_url() == reverse(
        "speakers:speaker-detail", kwargs={"slug": "ada-lovelace"}
    )
    assert reverse_cached("conference:day-recap", event="tc24", number=12) == "/tc24/day-12/"


def test_reversing_follows_the_script_prefix(day):
    objects = linked_objects(day)
    expected = [obj.get_absolute_url() for obj in objects]  # formats cached under "/"
    set_script_prefix("/archive/")
    try:
        for obj, path in zip(objects, expected, strict=True):
            assert obj.get_absolute_url() == "/archive" + path
    finally:
        set_script_prefix("/")
