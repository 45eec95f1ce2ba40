"""Exports in several languages: schedule2 language maps, frab and recaps in the active
language, translations in the API."""

import json

from lxml import etree

from conference.models import Day, Event
from sessions.models import Quote, Session
from tests.factories import QuoteFactory, SessionFactory, SpeakerFactory
from tests.sessions.test_schedule2 import validate


def _bilingual(day):
    """A session and a quote written in English and French, on a day with a French recap."""
    session = SessionFactory(
        day=day, title="Trust in outcomes", slug="trust", summary="Why trust matters.",
        recap_text="The panel agreed on trust.",
    )  # fmt: skip
    Session.objects.filter(pk=session.pk).update(
        title_fr="La confiance dans les résultats",
        summary_fr="Pourquoi la confiance compte.",
    )
    quote = QuoteFactory(session=session, speaker=SpeakerFactory(), text="Trust first.")
    Quote.objects.filter(pk=quote.pk).update(text_fr="La confiance d’abord.")
    Day.objects.filter(pk=day.pk).update(
        title_fr="Premier jour", recap_intro_fr="Une journée sur la confiance."
    )
    Event.objects.filter(pk=day.event_id).update(
        summary_en="A conference on outcomes.", summary_fr="Une conférence sur les résultats."
    )
    session.refresh_from_db()
    return session


def test_schedule2_writes_language_maps_for_texts_written_in_both(client, day):
    _bilingual(day)

    data = json.loads(client.get(f"/{day.event.slug}/schedule2.json").content)

    validate(data)
    talk = data["schedule"]["events"][0]
    assert talk["abstract"] == {
        "en": "Why trust matters.",
        "fr": "Pourquoi la confiance compte.",
    }
    assert talk["description"] == "The panel agreed on trust."  # English only: a string
    assert talk["title"] == "Trust in outcomes"
    assert data["schedule"]["conference"]["description"] == {
        "en": "A conference on outcomes.",
        "fr": "Une conférence sur les résultats.",
    }


def test_frab_exports_write_the_active_language(client, day):
    _bilingual(day)

    xml = client.get(f"/fr/{day.event.slug}/schedule.xml").content
    frab = json.loads(client.get(f"/fr/{day.event.slug}/schedule.json").content)

    root = etree.fromstring(xml)
    assert root.findtext(".//event/title") == "La confiance dans les résultats"
    assert root.findtext(".//event/description") == "The panel agreed on trust."  # fallback
    talk = next(iter(frab["schedule"]["conference"]["days"][0]["rooms"].values()))[0]
    assert talk["title"] == "La confiance dans les résultats"
    assert talk["abstract"] == "Pourquoi la confiance compte."


def test_the_recap_exports_in_the_active_language(client, day):
    _bilingual(day)

    markdown = client.get(f"/fr/{day.event.slug}/day-1/recap.md").content.decode()
    html = client.get(f"/fr/{day.event.slug}/day-1/recap.html").content.decode()
    english = client.get(f"/{day.event.slug}/day-1/recap.html").content.decode()

    assert "Premier jour" in markdown
    assert "Une journée sur la confiance." in markdown
    assert "La confiance dans les résultats" in markdown
    assert "Trust in outcomes" not in markdown
    assert '<html lang="fr">' in html
    assert "Premier jour" in html
    assert '<html lang="en-GB">' in english


def test_the_api_gives_each_language_of_a_session_and_a_quote(client, day):
    _bilingual(day)

    sessions = client.get(f"/api/v1/events/{day.event.slug}/sessions").json()["items"]
    quotes = client.get(f"/api/v1/events/{day.event.slug}/quotes").json()["items"]

    assert sessions[0]["translations"] == {
        "en": {
            "title": "Trust in outcomes",
            "summary": "Why trust matters.",
            "recap_text": "The panel agreed on trust.",
        },
        "fr": {
            "title": "La confiance dans les résultats",
            "summary": "Pourquoi la confiance compte.",
        },
    }
    assert sessions[0]["languages"] == ["en"]
    assert quotes[0]["translations"] == {
        "en": {"text": "Trust first."},
        "fr": {"text": "La confiance d’abord."},
    }
