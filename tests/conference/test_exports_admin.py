"""Admin actions on days and events: export the selected recaps, several at once as a zip."""

import io
import zipfile

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from tests.factories import DayFactory, SessionFactory
from tests.public_site import DRAFT_MARK

DAYS = reverse("admin:conference_day_changelist")
EVENTS = reverse("admin:conference_event_changelist")


def run_action(client, url, action, objects):
    return client.post(
        url, {"action": action, ACTION_CHECKBOX_NAME: [obj.pk for obj in objects]}, follow=False
    )


def test_day_and_event_changelists_offer_the_export_actions(editor_client, public_site):
    for url in (DAYS, EVENTS):
        html = editor_client.get(url).content.decode()
        for label in ("PDF", "HTML", "Markdown"):
            assert f"Export selected recaps as {label}" in html


def test_exporting_one_day_downloads_its_file(editor_client, public_site):
    response = run_action(editor_client, DAYS, "export_recaps_as_md", [public_site.day])

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="tc24-day-1-recap.md"'
    assert "Leave our world more beautiful" in response.content.decode()


def test_exporting_several_days_downloads_a_zip_of_their_files(editor_client, public_site):
    third = DayFactory(event=public_site.event, number=3)
    SessionFactory(day=third, title="Closing plenary")

    response = run_action(editor_client, DAYS, "export_recaps_as_html", [public_site.day, third])

    assert response["Content-Type"] == "application/zip"
    disposition = 'attachment; filename="tc24-days-1-3-recaps-html.zip"'
    assert response["Content-Disposition"] == disposition
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.namelist() == ["tc24-day-1-recap.html", "tc24-day-3-recap.html"]
    assert "Closing plenary" in archive.read("tc24-day-3-recap.html").decode()


def test_exporting_skips_draft_days_and_says_so(editor_client, public_site):
    draft_day = public_site.event.days.get(number=2)

    response = run_action(
        editor_client, DAYS, "export_recaps_as_md", [public_site.day, draft_day]
    )

    assert response["Content-Disposition"] == 'attachment; filename="tc24-day-1-recap.md"'
    assert DRAFT_MARK not in response.content.decode()
    page = editor_client.get(DAYS).content.decode()
    assert "1 of the selected days left out" in page


def test_exporting_only_drafts_downloads_nothing(editor_client, public_site):
    draft_day = public_site.event.days.get(number=2)

    response = run_action(editor_client, DAYS, "export_recaps_as_pdf", [draft_day])

    assert response.status_code == 302
    assert "left out" in editor_client.get(DAYS).content.decode()


def test_exporting_an_event_downloads_all_its_published_days(editor_client, public_site):
    response = run_action(editor_client, EVENTS, "export_recaps_as_pdf", [public_site.event])

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="tc24-recap.pdf"'
    assert response.content.startswith(b"%PDF")


def test_exporting_several_events_names_the_zip_after_the_events(editor_client, public_site):
    other_day = DayFactory(event__slug="gw25", event__short_name="GW25")
    SessionFactory(day=other_day, title="Opening")

    response = run_action(
        editor_client, EVENTS, "export_recaps_as_md", [public_site.event, other_day.event]
    )

    assert response["Content-Type"] == "application/zip"
    name = response["Content-Disposition"]
    assert name.startswith('attachment; filename="event-recaps-') and name.endswith('-md.zip"')
    assert "tc24" in name and "gw25" in name
    days = run_action(editor_client, DAYS, "export_recaps_as_md", [public_site.day, other_day])
    assert days["Content-Disposition"].startswith('attachment; filename="day-recaps-')
    assert days["Content-Disposition"] != name
