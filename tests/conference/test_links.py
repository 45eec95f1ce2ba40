"""Cheap object URLs (website.links) give what get_absolute_url gives."""

from django.urls import set_script_prefix

from tests.factories import (
    AffiliationFactory,
    QuoteFactory,
    ReportFactory,
    SessionFactory,
    SpeakerFactory,
)
from website.links import href
from website.templatetags.conference_tags import pull_quote, speaker_line


def linked_objects(day):
    session = SessionFactory(day=day, slug="opening-keynote")
    speaker = SpeakerFactory(slug="ada-lovelace")
    affiliation = AffiliationFactory(speaker=speaker)
    quote = QuoteFactory(session=session, speaker=speaker)
    report = ReportFactory(event=day.event)
    return [day.event, day, session, speaker, affiliation.organisation, quote, report]


def test_href_is_each_objects_absolute_url(day):
    for obj in linked_objects(day):
        assert href(obj) == obj.get_absolute_url(), obj._meta.label


def test_href_follows_the_script_prefix(day):
    objects = linked_objects(day)
    href(objects[2])  # a format string cached under the default prefix
    set_script_prefix("/archive/")
    try:
        for obj in objects:
            assert href(obj) == obj.get_absolute_url()
            assert href(obj).startswith("/archive/")
    finally:
        set_script_prefix("/")


def test_speaker_line_and_pull_quote_escape_what_editors_typed(day):
    speaker = SpeakerFactory(name="Ada <b>Lovelace</b>", slug="ada")
    affiliation = AffiliationFactory(speaker=speaker, role="Head & chair")
    quote = QuoteFactory(session=SessionFactory(day=day), speaker=speaker, text="<script>x")

    line = speaker_line(speaker, "Chair", "chair", affiliation)
    card = pull_quote(quote, affiliation, permalink=True)

    assert "Ada &lt;b&gt;Lovelace&lt;/b&gt;" in line and "Head &amp; chair, " in line
    assert 'speaker-line__role speaker-line__role--chair">Chair</span>' in line
    assert "“&lt;script&gt;x”" in card and "<script>" not in card
    assert f'href="{quote.get_absolute_url()}"' in card
