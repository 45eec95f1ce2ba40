"""Revision history: who changed what, a diff between versions, revert and recover."""

import re
from datetime import timedelta

import pytest
import reversion
from django.contrib.messages import get_messages
from django.urls import reverse
from reversion.models import Version

from cms.history import REMOVE_ADDED_ROWS, inline_diff
from cms.publication import publish_with_contents
from cms.publishing import Status
from conference.models import Day
from sessions.models import Participation, Quote, Session
from tests.admin_posts import browser_post_data, session_change_data
from tests.factories import DayFactory, ParticipationFactory, QuoteFactory, SessionFactory


def admin_url(obj, view="change", *args):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=[obj.pk, *args])


@pytest.fixture
def session(day):
    return SessionFactory(day=day, code="1.4", title="Outcomes", slug="outcomes", status="draft")


def save(client, session, **changes):
    page = client.get(admin_url(session))
    response = client.post(admin_url(session), session_change_data(page, session, **changes))
    assert response.status_code == 302
    session.refresh_from_db()


def test_admin_saves_record_who_changed_what(staff_client, session):
    editor = staff_client("Editor")

    save(editor, session, title="Outcomes that matter")
    history = editor.get(admin_url(session, "history")).content.decode()

    version = Version.objects.get_for_object(session).get()
    assert version.revision.user == editor.user
    assert version.field_dict["title"] == "Outcomes that matter"
    assert editor.user.get_username() in history
    assert "Compare the chosen versions" not in history  # one version: nothing to compare


def test_session_revision_follows_its_people(staff_client, session):
    ParticipationFactory(session=session)
    editor = staff_client("Editor")

    save(editor, session, title="Outcomes that matter")

    revision = Version.objects.get_for_object(session).get().revision
    assert {v.content_type.model for v in revision.version_set.all()} == {
        "session",
        "participation",
    }


def test_compare_shows_field_differences(staff_client, session):
    editor = staff_client("Editor")
    save(editor, session, title="Outcomes", recap_text="Trust matters.")
    save(editor, session, title="Outcomes that matter", recap_text="Trust matters most.")
    newer, older = Version.objects.get_for_object(session)

    page = editor.get(admin_url(session, "compare"), {"from": older.pk, "to": newer.pk})

    content = page.content.decode()
    assert page.status_code == 200
    assert "<del>matters.</del><ins>matters most.</ins>" in content
    assert "Outcomes<ins> that matter</ins>" in content
    assert [change["label"] for change in page.context["changes"]] == [
        "title [en]",
        "recap text [en]",
    ]


def test_compare_refuses_versions_of_another_object(staff_client, session, day):
    editor = staff_client("Editor")
    other = SessionFactory(day=day, code="1.5", status="draft")
    save(editor, session, title="One")
    save(editor, other, title="Two")

    response = editor.get(
        admin_url(session, "compare"),
        {
            "from": Version.objects.get_for_object(session).get().pk,
            "to": Version.objects.get_for_object(other).get().pk,
        },
    )

    assert response.status_code == 302


def test_compare_needs_staff(client, session):
    response = client.get(admin_url(session, "compare"), {"from": 1, "to": 2})
    assert response["Location"].startswith(reverse("admin:login"))


def test_revert_restores_an_older_version(staff_client, session):
    editor = staff_client("Editor")
    save(editor, session, title="First title")
    save(editor, session, title="Second title")
    older = Version.objects.get_for_object(session).last()
    url = admin_url(session, "revision", older.pk)

    page = editor.get(url)
    response = editor.post(url, session_change_data(page, page.context["original"]))

    assert response.status_code == 302
    session.refresh_from_db()
    assert session.title == "First title"
    assert session.version == 4  # moved on by the revert, then by the save: never back


def test_editor_cannot_revert_to_a_version_that_changes_publication(staff_client, session):
    organiser = staff_client("Organiser")
    save(organiser, session, title="Draft title")
    save(organiser, session, status=Status.PUBLISHED)
    draft_version = Version.objects.get_for_object(session).last()

    response = staff_client("Editor").get(admin_url(session, "revision", draft_version.pk))

    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == Status.PUBLISHED


def test_deleted_session_is_recoverable(staff_client, session):
    ParticipationFactory(session=session)
    organiser = staff_client("Organiser")
    save(organiser, session, title="Keep me")
    organiser.post(admin_url(session, "delete"), {"post": "yes"})
    assert not Session.objects.exists()
    recover_list = reverse("admin:programme_session_recoverlist")
    assert "Keep me" in organiser.get(recover_list).content.decode()
    version = Version.objects.get_deleted(Session).get()
    url = reverse("admin:programme_session_recover", args=[version.pk])

    page = organiser.get(url)
    data = session_change_data(page, page.context["original"])
    data |= {"participations-TOTAL_FORMS": 0, "participations-INITIAL_FORMS": 0}
    response = organiser.post(url, data)

    assert response.status_code == 302
    assert Session.objects.get().title == "Keep me"
    assert Participation.objects.filter(session__title="Keep me").exists()


def test_inline_diff_escapes_html():
    html = inline_diff("<b>old</b>", "<script>new</script>")
    assert "<script>" not in html
    assert "&lt;script&gt;new&lt;/script&gt;" in html


# A revert restores one object and its own rows, never deleting what was added since.


def revert(client, obj, version, **extra):
    """Opens the revert page of ``version`` and posts it as a browser would, plus ``extra``."""
    url = admin_url(obj, "revision", version.pk)
    page = client.get(url)
    assert page.status_code == 200
    form_id = f"{obj._meta.model_name}_form"
    return page, client.post(url, browser_post_data(page, form_id) | extra)


def test_reverting_an_event_keeps_a_published_day_added_since(staff_client, event, day):
    organiser = staff_client("Organiser")
    with reversion.create_revision():
        event.save()
    older = Version.objects.get_for_object(event).get()
    day_2 = DayFactory(event=event, number=2, date=day.date + timedelta(days=1))
    session = SessionFactory(day=day_2, title="Late addition")
    QuoteFactory(session=session, text="Still here.")

    page, response = revert(organiser, event, older)

    assert response.status_code == 302
    assert Day.objects.filter(pk=day_2.pk).exists()
    assert Quote.objects.filter(session=session, text="Still here.").exists()
    assert organiser.get(f"/{event.slug}/day-2/").status_code == 200
    assert "Rows added since this version" in page.content.decode()
    assert str(day_2) in page.content.decode()


def test_reverting_a_session_keeps_a_published_quote_added_since(staff_client, session):
    editor = staff_client("Editor")
    save(editor, session, title="First title")
    save(editor, session, title="Second title")
    older = Version.objects.get_for_object(session).last()
    quote = QuoteFactory(session=session, text="An organiser added this.", status=Status.PUBLISHED)

    page, response = revert(editor, session, older)

    assert response.status_code == 302
    assert Quote.objects.filter(pk=quote.pk).exists()
    session.refresh_from_db()
    assert session.title == "First title"
    assert "An organiser added this." in page.content.decode()


def test_revert_removes_rows_added_since_only_when_confirmed(staff_client, session):
    editor = staff_client("Editor")
    save(editor, session, title="First title")
    older = Version.objects.get_for_object(session).get()
    draft = QuoteFactory(session=session, text="A draft added later.", status=Status.DRAFT)

    _, response = revert(editor, session, older, **{REMOVE_ADDED_ROWS: "yes"})

    assert response.status_code == 302
    assert not Quote.objects.filter(pk=draft.pk).exists()


def test_editor_cannot_remove_published_rows_through_revert(staff_client, session):
    editor = staff_client("Editor")
    save(editor, session, title="First title")
    save(editor, session, title="Second title")
    older = Version.objects.get_for_object(session).last()
    quote = QuoteFactory(session=session, text="Published later.", status=Status.PUBLISHED)

    _, response = revert(editor, session, older, **{REMOVE_ADDED_ROWS: "yes"})

    assert response.status_code == 302
    assert Quote.objects.filter(pk=quote.pk).exists()
    session.refresh_from_db()
    assert session.title == "Second title"  # refused as a whole: nothing changed
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("only organisers can remove" in m and "Published later." in m for m in messages)


def test_reverting_one_session_leaves_the_others_of_its_revision(staff_client, day):
    first = SessionFactory(day=day, code="1.1", title="First", summary="Old first.")
    second = SessionFactory(day=day, code="1.2", title="Second", summary="Old second.")
    with reversion.create_revision():
        first.save()
        second.save()
    older = Version.objects.get_for_object(first).get()
    Session.objects.filter(pk=first.pk).update(summary="New first.")
    Session.objects.filter(pk=second.pk).update(summary="Another editor's summary.")
    first.refresh_from_db()

    _, response = revert(staff_client("Organiser"), first, older)

    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.summary == "Old first."
    assert second.summary == "Another editor's summary."


def test_publishing_a_day_with_contents_records_one_revision_per_object(staff_client, day):
    day.status = Status.DRAFT
    day.save()
    sessions = [
        SessionFactory(day=day, code=f"1.{n}", status=Status.DRAFT) for n in range(1, 3)
    ]
    organiser = staff_client("Organiser")

    publish_with_contents(Day.objects.filter(pk=day.pk), user=organiser.user)

    for obj in (day, *sessions):
        version = Version.objects.get_for_object(obj).get()
        assert version.revision.user == organiser.user
        objects_in_revision = {
            (v.content_type.model, v.object_id)
            for v in version.revision.version_set.all()
            if v.content_type.model in {"day", "session"}
        }
        assert objects_in_revision == {(obj._meta.model_name, str(obj.pk))}


def test_history_lists_newest_first_and_compares_older_to_newer(staff_client, session):
    editor = staff_client("Editor")
    for title in ("One", "Two", "Three"):
        save(editor, session, title=title)
    newest, middle, oldest = Version.objects.get_for_object(session).order_by("-pk")

    page = editor.get(admin_url(session, "history"))

    assert [v.pk for v in page.context["versions"]] == [newest.pk, middle.pk, oldest.pk]
    content = page.content.decode()
    assert re.search(rf'name="from" value="{middle.pk}"[^>]*checked', content)
    assert re.search(rf'name="to" value="{newest.pk}"[^>]*checked', content)


def test_compare_shows_inline_changes(staff_client, session):
    participation = ParticipationFactory(session=session, role="panellist")
    editor = staff_client("Editor")
    save(editor, session, title="Outcomes")
    Participation.objects.filter(pk=participation.pk).update(role="chair")
    save(editor, session, title="Outcomes")
    newer, older = Version.objects.get_for_object(session)

    page = editor.get(admin_url(session, "compare"), {"from": older.pk, "to": newer.pk})

    [row] = page.context["row_changes"]
    assert row["kind"] == "changed"
    assert [(c["label"], c["before"], c["after"]) for c in row["changes"]] == [
        ("role", "Panellist", "Chair")
    ]
    assert "Rows that differ" in page.content.decode()
