"""A session held in several languages (a bilingual panel): stored, shown, filtered,
exported and imported."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from icalendar import Calendar
from lxml import etree

from sessions.models import Session
from sessions.schedule.importer import import_schedule
from tests.admin_posts import session_change_data
from tests.factories import SessionFactory, _at
from tests.sessions.test_schedule2 import validate


@pytest.fixture
def bilingual(day):
    """An English talk and a panel held in French and English."""
    SessionFactory(
        day=day, title="English talk", slug="english-talk", start=_at(day, 9), end=_at(day, 10)
    )
    return SessionFactory(day=day, title="Bilingual panel", slug="panel", languages="fr,en")


def test_languages_are_validated_iso_codes_and_normalised(day):
    session = SessionFactory.build(day=day, slug="talk", languages=" FR, en ,fr")
    session.full_clean()
    assert session.languages == "fr,en"
    assert session.language_names == ["French", "English"]
    assert session.language == "fr"

    for wrong, message in ((" , ", "at least one language"), ("en, xx", "xx"), ("French", "fren")):
        session.languages = wrong
        with pytest.raises(ValidationError) as error:
            session.full_clean()
        assert message in str(error.value.message_dict["languages"]), wrong


def test_the_session_page_and_programme_show_the_languages(client, bilingual):
    page = client.get(bilingual.get_absolute_url()).content.decode()
    programme = client.get(f"/{bilingual.day.event.slug}/programme/").content.decode()

    assert "<dt>Languages</dt><dd>French, English</dd>" in page
    assert "French, English" in programme


def test_the_programme_filters_by_language_without_scripts(client, bilingual):
    url = reverse("conference:programme-day", args=[bilingual.day.event.slug, 1])

    page = client.get(url, {"language": "fr"})

    content = page.content.decode()
    assert '<select name="language"' in content
    assert '<option value="fr" selected>French</option>' in content
    assert "Bilingual panel" in content
    assert "English talk" not in content
    assert "English talk" in client.get(url, {"language": "en"}).content.decode()
    unknown = client.get(url, {"language": "zz"}).content.decode()
    assert "English talk" in unknown and "Bilingual panel" in unknown  # reported, ignored


def test_the_language_filter_counts_matches_per_day(
    client, bilingual, django_assert_max_num_queries
):
    url = reverse("conference:programme-day", args=[bilingual.day.event.slug, 1])

    with django_assert_max_num_queries(14):
        page = client.get(url, {"language": "fr"})

    assert page.context["programme"].matches == {1: 1}


def test_exports_carry_the_languages(client, bilingual):
    event = bilingual.day.event.slug

    xml = etree.fromstring(client.get(f"/{event}/schedule.xml").content)
    schedule2 = json.loads(client.get(f"/{event}/schedule2.json").content)
    calendar = Calendar.from_ical(client.get(f"/{event}/programme.ics").content)

    assert xml.findtext(".//event[title='Bilingual panel']/language") == "fr"
    validate(schedule2)
    assert schedule2["schedule"]["conference"]["languages"] == ["en", "fr"]
    panel = next(e for e in schedule2["schedule"]["events"] if e["title"] == "Bilingual panel")
    assert panel["language"] == "fr"
    descriptions = {
        str(e["summary"]): str(e.get("description", "")) for e in calendar.walk("VEVENT")
    }
    assert "Languages: French, English" in descriptions["Bilingual panel"]
    assert "Languages" not in descriptions["English talk"]


def test_the_importer_reads_a_list_of_languages(db):
    data = {
        "schedule": {
            "version": "1",
            "conference": {
                "acronym": "bi24", "title": "Bilingual Days", "start": "2024-09-05",
                "end": "2024-09-05", "daysCount": 1, "time_zone_name": "Europe/Paris",
                "days": [{
                    "index": 1, "date": "2024-09-05",
                    "rooms": {"Salle 1": [{
                        "guid": "0d4f3c52-3a0a-4a57-a6a8-2bb1b5d1c0aa", "id": 1,
                        "date": "2024-09-05T10:00:00+02:00", "start": "10:00",
                        "duration": "01:00", "room": "Salle 1", "slug": "bi24-1-panel",
                        "title": "Panel", "type": "Panel", "language": "fr-FR, en",
                        "abstract": "", "persons": [], "links": [],
                    }]},
                }],
            },
        }
    }  # fmt: skip

    import_schedule(data=json.dumps(data).encode(), publish=True)

    assert Session.objects.get().languages == "fr,en"


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_each_language_into_a_list():
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    # the other apps at their latest state, as the database has them
    latest = [
        ("conference", "0011_content_translations"),
        ("speakers", "0007_content_translations"),
    ]
    before = [("programme", "0010_content_translations"), *latest]
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    event = apps.get_model("conference", "Event").objects.create(
        name="Old", slug="old24", start_date="2024-09-05", end_date="2024-09-05"
    )
    day = apps.get_model("conference", "Day").objects.create(
        event=event, number=1, date="2024-09-05"
    )
    apps.get_model("programme", "Session").objects.create(
        day=day, title="Keynote", slug="keynote", language="es"
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    after = [("programme", "0011_session_languages"), *latest]
    executor.migrate(after)

    session = executor.loader.project_state(after).apps.get_model("programme", "Session")
    assert session.objects.get().languages == "es"


def test_the_admin_saves_a_list_of_languages_and_refuses_unknown_codes(editor_client, day):
    session = SessionFactory(day=day, slug="talk", status="draft")
    url = reverse("admin:programme_session_change", args=[session.pk])

    response = editor_client.post(
        url, session_change_data(editor_client.get(url), session, languages="FR, en")
    )
    refused = editor_client.post(
        url, session_change_data(editor_client.get(url), session, languages="en, klingon")
    )

    assert response.status_code == 302
    assert "Not an ISO 639-1 language code: klingon" in refused.content.decode()
    session.refresh_from_db()
    assert session.languages == "fr,en"
