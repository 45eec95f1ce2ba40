"""Property-based tests: the Markdown pipeline and the schedule export/import round trip."""

import re

import lxml.html
import nh3
import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cms.richtext import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    URL_SCHEMES,
    markdown_to_html,
)
from conference.models import Event
from sessions.schedule.importer import import_schedule
from speakers.models import Speaker
from tests.factories import DayFactory, EventFactory, ParticipationFactory, SessionFactory, _at
from tests.security.html_checks import injections
from tests.security.payloads import PAYLOADS

PROPERTIES = settings(max_examples=40, deadline=None)
DB_PROPERTIES = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
MARKUP = st.sampled_from(
    ["<", ">", "[", "](", ")", "<script>", "</script>", "javascript:", "data:", " on", "=",
     '"', "'", "*", "_", "`", "\n", "\n\n", "> ", "- ", "<img src=x onerror=alert(1)>",
     "<svg onload=alert(1)>", "<a href=", "&#", "{{", "%}", "|"]
)  # fmt: skip
HOSTILE_TEXT = st.lists(
    st.one_of(st.text(max_size=20), MARKUP, st.sampled_from(PAYLOADS[:120])), max_size=30
).map("".join)


@PROPERTIES
@given(HOSTILE_TEXT)
def test_render_markdown_never_outputs_executable_html(text):
    html = markdown_to_html(text)

    assert injections(str(html)) == []
    assert "<script" not in html.lower()


@PROPERTIES
@given(HOSTILE_TEXT)
def test_render_markdown_output_is_already_sanitised(text):
    html = str(markdown_to_html(text))

    again = nh3.clean(
        html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )  # fmt: skip
    # Byte-for-byte equality fails only where html5ever re-nests an emptied <p> ("0<select>"):
    # the words and the absence of anything executable are what must not change.
    assert _words(again) == _words(html)
    assert injections(again) == []


def _words(html: str) -> str:
    """The visible words; control characters (which lxml refuses) are not words."""
    html = CONTROL_CHARACTERS.sub("", html)
    return " ".join(lxml.html.fragment_fromstring(html, create_parent="div").text_content().split())


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


# Text a schedule carries: any printable Unicode, trimmed (the reader trims titles and names).
NAME = (
    st.text(st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=40)
    .map(str.strip)
    .filter(bool)
)
PROGRAMME = st.lists(
    st.tuples(NAME, st.lists(NAME, max_size=3, unique=True)), min_size=1, max_size=5
)


def _export(client, name: str) -> bytes:
    return client.get(reverse(name, kwargs={"event": "tc24"})).content


def _build(programme) -> None:
    event = EventFactory(name="Test Conference 2024", slug="tc24", short_name="TC24")
    day = DayFactory(event=event, number=1)
    people = {}
    for n, (title, names) in enumerate(programme):
        session = SessionFactory(
            day=day, title=title, slug=f"session-{n}", start=_at(day, 9 + n), end=_at(day, 10 + n)
        )
        for order, name in enumerate(names):
            speaker = people.get(name) or Speaker.objects.create(name=name, slug=f"p{len(people)}")
            people[name] = speaker
            ParticipationFactory(session=session, speaker=speaker, order=order)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["programme:schedule-json", "programme:schedule-xml"])
@DB_PROPERTIES
@given(programme=PROGRAMME)
def test_schedule_round_trip_keeps_any_unicode(client, name, programme):
    with transaction.atomic():
        _build(programme)
        first = _export(client, name)
        Event.objects.all().delete()
        Speaker.objects.all().delete()

        import_schedule(data=first, publish=True)

        assert _export(client, name) == first
        transaction.set_rollback(True)
