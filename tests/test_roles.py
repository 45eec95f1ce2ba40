"""The Editor and Organiser roles: what each may do in the admin, enforced on every path."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from cms.publishing import Status
from conference.models import Event
from sessions.models import Session
from tests.admin_posts import session_change_data
from tests.factories import SessionFactory

SESSION_LIST = reverse("admin:programme_session_changelist")
DAY_LIST = reverse("admin:conference_day_changelist")


def admin_url(obj, view="change"):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=[obj.pk])


@pytest.fixture
def session(day):
    return SessionFactory(
        day=day, code="1.1", title="Opening", slug="opening", status=Status.DRAFT
    )


def test_groups_hold_the_roles_permissions(db):
    editor = set(Group.objects.get(name="Editor").permissions.values_list("codename", flat=True))
    organiser = set(
        Group.objects.get(name="Organiser").permissions.values_list("codename", flat=True)
    )

    assert {"add_session", "change_session", "change_day", "delete_quote"} <= editor
    assert not {"publish_content", "export_content", "delete_event", "delete_day"} & editor
    assert not any(codename.endswith("_user") for codename in editor | organiser)
    assert {"publish_content", "export_content", "delete_event"} <= organiser
    assert editor <= organiser


def test_anonymous_gets_the_login_page(client, session):
    for url in (SESSION_LIST, admin_url(session), admin_url(session, "history")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_editor_sees_status_disabled_and_cannot_publish_through_the_form(
    staff_client, session
):
    editor = staff_client("Editor")
    page = editor.get(admin_url(session))
    form = page.context["adminform"].form
    assert form.fields["status"].disabled
    assert form.fields["publish_at"].disabled

    data = session_change_data(page, session, title="Opening, retitled", status="published")
    response = editor.post(admin_url(session), data)

    assert response.status_code == 302

    session.refresh_from_db()
    assert session.title == "Opening, retitled"
    assert session.status == Status.DRAFT


def test_editor_is_not_offered_or_allowed_publish_actions(staff_client, session):
    editor = staff_client("Editor")

    page = editor.get(SESSION_LIST).content.decode()
    editor.post(SESSION_LIST, {"action": "publish_selected", "_selected_action": [session.pk]})

    assert "publish_selected" not in page
    session.refresh_from_db()
    assert session.status == Status.DRAFT


def test_editor_cannot_change_status_in_the_changelist(staff_client, session):
    editor = staff_client("Editor")
    page = editor.get(SESSION_LIST)
    assert page.context["cl"].formset.forms[0].fields["status"].disabled

    editor.post(
        SESSION_LIST,
        {
            "form-TOTAL_FORMS": 1,
            "form-INITIAL_FORMS": 1,
            "form-0-id": session.pk,
            "form-0-order": 3,
            "form-0-status": Status.PUBLISHED,
            "_save": "Save",
        },
    )

    session.refresh_from_db()
    assert (session.order, session.status) == (3, Status.DRAFT)


@pytest.mark.parametrize("role", ["Organiser", "superuser"])
def test_organiser_and_superuser_publish_with_the_action(staff_client, session, role):
    client = staff_client(role)

    response = client.post(
        SESSION_LIST,
        {"action": "publish_selected", "_selected_action": [session.pk]},
        follow=True,
    )

    assert "1 session published." in response.content.decode()
    session.refresh_from_db()
    assert session.status == Status.PUBLISHED


def test_editor_cannot_delete_events_but_organiser_can(staff_client, event):
    refused = staff_client("Editor").post(admin_url(event, "delete"), {"post": "yes"})

    assert refused.status_code == 403
    assert Event.objects.filter(pk=event.pk).exists()

    staff_client("Organiser").post(admin_url(event, "delete"), {"post": "yes"})

    assert not Event.objects.filter(pk=event.pk).exists()


def test_editor_deletes_draft_session_but_not_published_one(staff_client, day, session):
    published = SessionFactory(day=day, code="1.2", status=Status.PUBLISHED)
    editor = staff_client("Editor")

    assert editor.post(admin_url(published, "delete"), {"post": "yes"}).status_code == 403
    editor.post(admin_url(session, "delete"), {"post": "yes"})

    assert list(Session.objects.all()) == [published]


def test_editor_is_not_offered_exports_but_organiser_is(staff_client, day):
    day.status = Status.PUBLISHED
    day.save()

    editor_page = staff_client("Editor").get(DAY_LIST).content.decode()
    organiser_page = staff_client("Organiser").get(DAY_LIST).content.decode()

    assert "export_recaps_as_" not in editor_page
    assert "export_recaps_as_" in organiser_page


def test_editor_cannot_run_an_export_action(staff_client, day):
    day.status = Status.PUBLISHED
    day.save()
    editor = staff_client("Editor")
    export = next(
        name
        for name in staff_client("Organiser").get(DAY_LIST).context["action_form"]
        .fields["action"].choices
        if str(name[0]).startswith("export_")
    )[0]

    response = editor.post(DAY_LIST, {"action": export, "_selected_action": [day.pk]})

    assert "Content-Disposition" not in response


@pytest.mark.parametrize(
    ("role", "status"), [("Editor", 403), ("Organiser", 403), ("superuser", 200)]
)
def test_only_superusers_manage_users(staff_client, role, status):
    assert staff_client(role).get(reverse("admin:auth_user_changelist")).status_code == status


def test_non_staff_user_cannot_preview_or_use_admin(db, session):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username="visitor", password="x")
    client = Client()
    client.force_login(user)
    preview = reverse("admin-preview", args=["programme", "session", session.pk])

    for url in (SESSION_LIST, preview):
        assert client.get(url).status_code == 302
