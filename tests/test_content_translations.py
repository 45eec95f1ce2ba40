"""Content in English and French (django-modeltranslation): French where it is written,
English where it is not, through the admin, pending changes, history and imports."""

import pytest
import reversion
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import translation
from reversion.models import Version

from cms.models import PendingChange
from conference.models import Day, Event, Organisation
from reports.models import Report
from sessions.models import Quote, Session
from sessions.schedule.importer import import_schedule
from speakers.models import Speaker
from tests.admin_posts import browser_post_data, publish_pending_changes, session_change_data
from tests.factories import QuoteFactory, SessionFactory, SpeakerFactory

TRANSLATED = {
    Event: {"name", "summary", "theme"},
    Day: {"title", "recap_intro"},
    Organisation: {"description"},
    Speaker: {"bio"},
    Session: {"title", "subtitle", "summary", "recap_text"},
    Quote: {"text"},
    Report: {"title", "subtitle", "summary"},
}


def change_url(obj, name="change", *args):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{name}", args=[obj.pk, *args])


def test_each_translated_field_has_an_english_and_a_french_column():
    for model, fields in TRANSLATED.items():
        columns = {field.name for field in model._meta.concrete_fields}
        for name in fields:
            assert {f"{name}_en", f"{name}_fr"} <= columns, (model, name)


def test_french_shows_where_written_and_english_fills_the_rest(day):
    session = SessionFactory(
        day=day, title="Trust in outcomes", summary="Why trust matters.", recap_text="Recap."
    )
    Session.objects.filter(pk=session.pk).update(title_fr="La confiance dans les résultats")

    with translation.override("fr"):
        french = Session.objects.get(pk=session.pk)
        assert french.title == "La confiance dans les résultats"
        assert french.summary == "Why trust matters."  # no French summary: the English one
    with translation.override("en"):
        assert Session.objects.get(pk=session.pk).title == "Trust in outcomes"


def test_the_session_page_reads_in_the_active_language(client, day):
    session = SessionFactory(day=day, title="Trust in outcomes", summary="Why trust matters.")
    Session.objects.filter(pk=session.pk).update(title_fr="La confiance dans les résultats")

    with translation.override("fr"):
        page = client.get(session.get_absolute_url()).content.decode()

    assert "La confiance dans les résultats" in page
    assert "Why trust matters." in page


def test_quote_and_biography_fall_back_to_english(day):
    speaker = SpeakerFactory(bio="Studies trust.")
    quote = QuoteFactory(session=SessionFactory(day=day), speaker=speaker, text="Trust first.")
    Quote.objects.filter(pk=quote.pk).update(text_fr="La confiance d’abord.")

    with translation.override("fr"):
        assert Quote.objects.get(pk=quote.pk).text == "La confiance d’abord."
        assert Speaker.objects.get(pk=speaker.pk).bio == "Studies trust."


def test_the_admin_edits_each_language_of_a_draft(admin_submit, day):
    session = SessionFactory(day=day, title="Trust in outcomes", status="draft")

    response = admin_submit(
        change_url(session),
        session_change_data_for(session) | {"title_fr": "La confiance dans les résultats"},
    )

    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.title_en, session.title_fr) == (
        "Trust in outcomes",
        "La confiance dans les résultats",
    )


def session_change_data_for(session) -> dict:
    tz = session.day.event.tzinfo
    start, end = session.start.astimezone(tz), session.end.astimezone(tz)
    return {
        "day": session.day_id,
        "title": session.title,
        "slug": session.slug,
        "kind": session.kind,
        "languages": session.languages,
        "start_0": start.date().isoformat(),
        "start_1": start.strftime("%H:%M"),
        "end_0": end.date().isoformat(),
        "end_1": end.strftime("%H:%M"),
        "order": 0,
        "summary": session.summary,
        "recap_text": session.recap_text,
        "status": session.status,
    }


def test_the_change_form_has_an_input_per_language(editor_client, day):
    session = SessionFactory(day=day)

    form = editor_client.get(change_url(session)).context["adminform"].form

    for name in ("title", "subtitle", "summary", "recap_text"):
        assert {f"{name}_en", f"{name}_fr"} <= set(form.fields)
        assert name not in form.fields


def test_a_french_edit_of_live_content_waits_for_publication(client, staff_client, day):
    editor = staff_client("Editor")
    session = SessionFactory(day=day, title="Trust in outcomes")
    page = editor.get(change_url(session))

    response = editor.post(
        change_url(session),
        session_change_data(page, session, title_fr="La confiance dans les résultats"),
    )

    assert response.status_code == 302
    assert PendingChange.objects.get().data["fields"]["title_fr"] == (
        "La confiance dans les résultats"
    )
    with translation.override("fr"):
        assert "La confiance" not in client.get(session.get_absolute_url()).content.decode()
    publish_pending_changes()
    session.refresh_from_db()
    assert (session.title_en, session.title_fr) == (
        "Trust in outcomes",
        "La confiance dans les résultats",
    )


def test_a_revert_brings_back_the_french_text_of_a_version(staff_client, day):
    organiser = staff_client("Organiser")
    session = SessionFactory(day=day, title="Trust in outcomes", status="draft")
    Session.objects.filter(pk=session.pk).update(title_fr="Première version")
    session.refresh_from_db()
    with reversion.create_revision():
        session.save()
    older = Version.objects.get_for_object(session).get()
    Session.objects.filter(pk=session.pk).update(title_fr="Seconde version")

    url = change_url(session, "revision", older.pk)
    page = organiser.get(url)
    response = organiser.post(url, browser_post_data(page, "session_form"))

    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.title_en, session.title_fr) == ("Trust in outcomes", "Première version")


def test_history_compares_each_language(staff_client, day):
    editor = staff_client("Editor")
    session = SessionFactory(day=day, title="Trust", status="draft")
    for title_fr in ("Confiance", "La confiance"):
        page = editor.get(change_url(session))
        editor.post(change_url(session), session_change_data(page, session, title_fr=title_fr))
    newer, older = Version.objects.get_for_object(session)

    page = editor.get(change_url(session, "compare"), {"from": older.pk, "to": newer.pk})

    assert [change["label"] for change in page.context["changes"]] == ["title [fr]"]


SCHEDULE = b"""<?xml version="1.0" encoding="utf-8"?>
<schedule>
  <conference>
    <acronym>tr24</acronym><title>Translation Days 2024</title>
    <start>2024-09-05</start><end>2024-09-05</end><days>1</days>
    <time_zone_name>Europe/Paris</time_zone_name>
  </conference>
  <day index="1" date="2024-09-05">
    <room name="Salle 1">
      <event guid="3a3f5fc6-7b46-4c32-9e8e-6b7a1d0b1f11" id="1">
        <date>2024-09-05T10:00:00+02:00</date><start>10:00</start><duration>00:45</duration>
        <room>Salle 1</room><slug>tr24-1-opening</slug><title>Opening</title>
        <subtitle></subtitle><track>Plenary</track><type>Talk</type><language>en</language>
        <abstract>Why we meet.</abstract><description></description>
        <persons></persons><links></links>
      </event>
    </room>
  </day>
</schedule>
"""


def test_an_import_while_french_is_active_writes_the_english_texts(db):
    with translation.override("fr"):
        import_schedule(data=SCHEDULE, publish=True)

    session = Session.objects.get()
    assert (session.title_en, session.summary_en) == ("Opening", "Why we meet.")
    assert not session.title_fr
    assert Event.objects.get().name_en == "Translation Days 2024"


BEFORE = [
    ("conference", "0009_identities"),
    ("speakers", "0006_identities"),
    ("programme", "0005_type_track_link_permissions"),
    ("reports", "0005_alter_report_summary"),
]
AFTER = [
    ("conference", "0011_content_translations"),
    ("speakers", "0007_content_translations"),
    ("programme", "0010_content_translations"),
    ("reports", "0007_content_translations"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_migration_copies_existing_texts_to_english():
    apps = _migrate(BEFORE)
    event = apps.get_model("conference", "Event").objects.create(
        name="Old", slug="old24", summary="Old summary.", theme="Trust",
        start_date="2024-09-05", end_date="2024-09-05",
    )  # fmt: skip
    day = apps.get_model("conference", "Day").objects.create(
        event=event, number=1, date="2024-09-05", title="Day one", recap_intro="Intro."
    )
    apps.get_model("programme", "Session").objects.create(
        day=day, title="Panel", slug="panel", summary="Short.", recap_text="Long."
    )
    apps.get_model("speakers", "Speaker").objects.create(name="Ada", slug="ada", bio="Bio.")
    apps.get_model("reports", "Report").objects.create(
        title="Report", slug="report", event=event, summary="Findings."
    )

    apps = _migrate(AFTER)

    session = apps.get_model("programme", "Session").objects.get()
    assert (session.title_en, session.summary_en, session.recap_text_en) == (
        "Panel", "Short.", "Long.",
    )  # fmt: skip
    assert session.title_fr is None
    event = apps.get_model("conference", "Event").objects.get()
    assert (event.name_en, event.summary_en, event.theme_en) == ("Old", "Old summary.", "Trust")
    day = apps.get_model("conference", "Day").objects.get()
    assert (day.title_en, day.recap_intro_en) == ("Day one", "Intro.")
    assert apps.get_model("speakers", "Speaker").objects.get().bio_en == "Bio."
    report = apps.get_model("reports", "Report").objects.get()
    assert (report.title_en, report.summary_en) == ("Report", "Findings.")
