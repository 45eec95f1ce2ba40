"""Revision history: who changed what, a diff between versions, revert and recover."""

import pytest
from django.urls import reverse
from reversion.models import Version

from cms.history import inline_diff
from cms.publishing import Status
from sessions.models import Participation, Session
from tests.admin_posts import session_change_data
from tests.factories import ParticipationFactory, SessionFactory


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
    assert [change["label"] for change in page.context["changes"]] == ["title", "recap text"]


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
