"""The admin's schedule import: upload, dry-run summary, confirmation."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.urls import reverse

from conference.models import Event
from sessions.admin_import import IMPORT_PERMISSIONS
from sessions.models import Session
from sessions.schedule.importer import import_schedule
from speakers.models import Speaker
from tests.factories import build_programme

URL = "/admin/programme/session/import/"
XXE = (
    b'<?xml version="1.0"?><!DOCTYPE schedule [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    b"<schedule><conference><title>&xxe;</title></conference></schedule>"
)


@pytest.fixture
def exported(client, event):
    """The tc24 programme as schedule.json, and then an empty database."""
    build_programme(event)
    data = client.get(reverse("programme:schedule-json", kwargs={"event": "tc24"})).content
    Event.objects.all().delete()
    Speaker.objects.all().delete()
    return data


def _upload(client, data, name="schedule.json", **fields):
    return client.post(URL, {"file": SimpleUploadedFile(name, data), **fields})


def _staff(db, *permissions):
    user = get_user_model().objects.create_user(username="staff", password="x", is_staff=True)
    query = Q(pk__in=[])
    for permission in permissions:
        app_label, codename = permission.split(".")
        query |= Q(content_type__app_label=app_label, codename=codename)
    user.user_permissions.set(Permission.objects.filter(query))
    return user


def test_import_url_is_the_admin_view():
    assert reverse("admin-schedule-import") == URL


def test_session_changelist_links_to_the_import(editor_client):
    response = editor_client.get(reverse("admin:programme_session_changelist"))
    assert f'<a href="{URL}" class="addlink">Import a schedule</a>' in response.content.decode()


def test_import_needs_a_staff_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_import_needs_the_import_permissions(client, db):
    client.force_login(_staff(db, "programme.add_session", "programme.change_session"))
    assert client.get(URL).status_code == 403


def test_upload_shows_what_would_change_and_saves_nothing(editor_client, exported):
    response = _upload(editor_client, exported)
    page = response.content.decode()
    assert response.status_code == 200
    assert "create the event <strong>tc24</strong>" in page
    assert (
        "2 day, 1 event, 12 participation, 3 room, 6 session, 1 session type, 4 speaker, "
        "1 track" in page
    )
    assert 'value="Import the schedule"' in page
    assert not Event.objects.exists()
    assert not Session.objects.exists()


def test_confirming_imports_the_previewed_file(editor_client, exported):
    preview = _upload(editor_client, exported, publish="on")
    payload = preview.context["confirm_form"]["payload"].value()
    response = editor_client.post(URL, {"payload": payload}, follow=True)
    event = Event.objects.get(slug="tc24")
    assert response.redirect_chain[-1][0] == (
        reverse("admin:programme_session_changelist") + f"?day__event__id__exact={event.pk}"
    )
    assert "The schedule was imported into “tc24”." in response.content.decode()
    assert Session.objects.public().count() == 6


def test_second_upload_of_the_same_file_changes_nothing(editor_client, exported):
    preview = _upload(editor_client, exported)
    editor_client.post(URL, {"payload": preview.context["confirm_form"]["payload"].value()})
    page = _upload(editor_client, exported).content.decode()
    assert "update the event <strong>tc24</strong>" in page
    assert "importing it changes nothing" in page


def test_upload_into_a_chosen_event(editor_client, exported):
    other = Event.objects.create(
        name="Copy", slug="copy24", start_date="2024-09-05", end_date="2024-09-06"
    )
    preview = _upload(editor_client, exported, event=other.pk)
    editor_client.post(URL, {"payload": preview.context["confirm_form"]["payload"].value()})
    assert Session.objects.for_event(other).count() == 6
    assert Event.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (XXE, "declares a DTD or entities"),
        (b"<html><body>Hello</body></html>", "The XML root is &lt;html&gt;, not &lt;schedule&gt;"),
        (b'{"schedule": {"conference": {"title": "X", "days": []}}}', "has no days"),
    ],
)
def test_bad_file_shows_the_error_and_saves_nothing(editor_client, db, data, message):
    response = _upload(editor_client, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "Nothing was imported." in page
    assert not Event.objects.exists()


def test_changed_confirmation_is_refused(editor_client, exported):
    preview = _upload(editor_client, exported)
    payload = preview.context["confirm_form"]["payload"].value()
    response = editor_client.post(URL, {"payload": payload[:-3] + "abc"})
    assert "The confirmation was changed or damaged" in response.content.decode()
    assert not Event.objects.exists()


def test_publishing_needs_the_publish_permission(client, exported):
    client.force_login(_staff(None, *IMPORT_PERMISSIONS))
    preview = _upload(client, exported, publish="on")
    assert "publish" not in preview.context["form"].fields
    client.post(URL, {"payload": preview.context["confirm_form"]["payload"].value()})
    assert set(Session.objects.values_list("status", flat=True)) == {"draft"}
    assert Event.objects.get().status == "draft"


@pytest.mark.parametrize(("role", "status"), [("Editor", 403), ("Organiser", 200)])
def test_import_is_for_organisers_not_editors(staff_client, role, status):
    assert staff_client(role).get(URL).status_code == status


FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "schedule"


def test_upload_without_a_zone_asks_for_one_and_the_field_supplies_it(editor_client, db):
    data = (FIXTURES / "frab1-no-timezone.xml").read_bytes()
    page = _upload(editor_client, data, name="schedule.xml").content.decode()
    assert "names no time zone for the new event" in page
    preview = _upload(editor_client, data, name="schedule.xml", time_zone="US/Eastern")
    assert preview.context["report"].created["session"] == 3
    editor_client.post(URL, {"payload": preview.context["confirm_form"]["payload"].value()})
    assert Event.objects.get(slug="froscon12").time_zone == "America/New_York"


def test_unknown_time_zone_in_the_form_is_refused(editor_client, db):
    data = (FIXTURES / "frab1-no-timezone.xml").read_bytes()
    page = _upload(editor_client, data, name="schedule.xml", time_zone="Mars/Olympus")
    assert "“Mars/Olympus” is not a known time zone" in page.content.decode()
    assert not Event.objects.exists()


def test_sync_checkbox_previews_and_withdraws_missing_sessions(editor_client, db):
    import_schedule(data=(FIXTURES / "ccc-hub.xml").read_bytes(), publish=True)
    newer = (FIXTURES / "ccc-hub-newer.xml").read_bytes()
    preview = _upload(editor_client, newer, name="schedule.xml", sync="on")
    page = preview.content.decode()
    assert "Withdrawn to draft (1)" in page
    assert "“Lightning Talks” (" in page
    assert "title: “Security Nightmares” -&gt; “Security Nightmares 0x18”" in page
    assert Session.objects.get(title="Lightning Talks").status == "published"
    editor_client.post(URL, {"payload": preview.context["confirm_form"]["payload"].value()})
    assert Session.objects.get(title="Lightning Talks").status == "draft"


def test_every_problem_of_a_file_is_listed_on_its_own(editor_client, db):
    data = (
        (FIXTURES / "ccc-hub.xml")
        .read_bytes()
        .replace(b"<duration>00:40</duration>", b"<duration>00:00</duration>")
        .replace(b"<title>Lightning Talks</title>", b"")
    )
    page = _upload(editor_client, data, name="schedule.xml").content.decode()
    assert "<li>day 1, room “Saal 1”, event 1 (id 1001, “Opening Ceremony”): the duration" in page
    assert "<li>day 2, room “Saal GLITCH”, event 1 (id 1003): “title” is missing.</li>" in page
    assert "<li>Nothing was imported.</li>" in page
    assert not Event.objects.exists()
