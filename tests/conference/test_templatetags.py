"""The conference template filters: Markdown, British dates and event-local times."""

import datetime as dt

from django.template import Context, Template

from conference.models import Event
from tests.factories import AffiliationFactory, QuoteFactory, SessionFactory, SpeakerFactory
from website.templatetags.conference_tags import (
    british_date,
    date_range,
    jsonld,
    local_time,
    markdown,
    short_date,
    zone_label,
)

UTC = dt.UTC


def make_event(**kwargs):
    values = {
        "start_date": dt.date(2024, 9, 5),
        "end_date": dt.date(2024, 9, 6),
        "time_zone": "Europe/London",
    }
    return Event(**{**values, **kwargs})


def test_british_date_writes_weekday_day_month_year():
    assert british_date(dt.date(2024, 9, 5)) == "Thursday 5 September 2024"


def test_british_date_reads_datetimes_in_the_event_time_zone():
    late_utc = dt.datetime(2024, 9, 5, 23, 30, tzinfo=UTC)  # 00:30 on the 6th in London
    assert british_date(late_utc, make_event()) == "Friday 6 September 2024"


def test_short_date_and_empty_values():
    assert short_date(dt.date(2024, 9, 5)) == "5 September 2024"
    assert british_date(None) == ""


def test_date_range_is_as_short_as_it_can_be():
    assert date_range(make_event()) == "5–6 September 2024"
    assert date_range(make_event(end_date=dt.date(2024, 9, 5))) == "5 September 2024"
    assert date_range(make_event(end_date=dt.date(2024, 10, 1))) == "5 September – 1 October 2024"
    assert (
        date_range(make_event(end_date=dt.date(2025, 1, 2)))
        == "5 September 2024 – 2 January 2025"
    )


def test_local_time_uses_the_event_time_zone():
    moment = dt.datetime(2024, 9, 5, 8, 0, tzinfo=UTC)
    assert local_time(moment, make_event()) == "09:00"
    assert local_time(moment, make_event(time_zone="Asia/Tokyo")) == "17:00"


def test_zone_label_names_the_abbreviation_and_the_zone():
    assert zone_label(make_event()) == "BST, Europe/London"
    assert zone_label(make_event(start_date=dt.date(2024, 1, 10))) == "GMT, Europe/London"
    # Zones without a letter abbreviation are named by their identifier only.
    assert zone_label(make_event(time_zone="Asia/Dubai")) == "Asia/Dubai"


def test_markdown_filter_renders_and_sanitises():
    html = markdown("*Hello* <script>alert(1)</script>")
    assert "<em>Hello</em>" in html
    assert "<script>" not in html


def test_jsonld_cannot_close_its_script_element():
    body = jsonld({"name": "</script><script>alert(1)</script>"})
    assert "</script>" not in body
    assert "\\u003C/script\\u003E" in body


def test_speaker_line_and_pull_quote_escape_what_editors_typed(day):
    speaker = SpeakerFactory(name="Ada <b>Lovelace</b>", slug="ada")
    affiliation = AffiliationFactory(speaker=speaker, role="Head & chair")
    quote = QuoteFactory(session=SessionFactory(day=day), speaker=speaker, text="<script>x")
    context = {"speaker": speaker, "affiliation": affiliation, "quote": quote}

    line = Template(
        '{% load conference_tags %}{% speaker_line speaker "Chair" "chair" affiliation %}'
    ).render(Context(context))
    card = Template(
        "{% load conference_tags %}{% pull_quote quote affiliation True %}"
    ).render(Context(context))

    assert "Ada &lt;b&gt;Lovelace&lt;/b&gt;" in line and "Head &amp; chair, " in line
    assert 'speaker-line__role speaker-line__role--chair">Chair</span>' in line
    assert f'href="{affiliation.organisation.get_absolute_url()}"' in line
    assert "“&lt;script&gt;x”" in card and "<script>" not in card
    assert f'href="{quote.get_absolute_url()}"' in card
