"""Editor admin for reports and their editors."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cms.publishing import Status
from reports.models import Report
from tests.factories import ReportEditorFactory, SessionFactory, SpeakerFactory

REPORT_ADD = reverse("admin:reports_report_add")


def report_data(event, **overrides):
    return {"title": "Outcomes 2024", "slug": "outcomes-2024", "event": event.pk} | {
        "status": Status.DRAFT
    } | overrides


def test_report_admin_saves_report_with_editors_in_order(admin_submit, event):
    first, second = SpeakerFactory(name="Ada Lovelace"), SpeakerFactory(name="Alan Turing")
    data = report_data(event) | {
        "report_editors-TOTAL_FORMS": 2,
        "report_editors-0-speaker": second.pk,
        "report_editors-0-order": 1,
        "report_editors-1-speaker": first.pk,
        "report_editors-1-order": 0,
    }

    response = admin_submit(REPORT_ADD, data)

    assert response.status_code == 302
    editors = Report.objects.get().report_editors.select_related("speaker")
    assert [editor.speaker.name for editor in editors] == ["Ada Lovelace", "Alan Turing"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        pytest.param("cover.jpg", b"plain text pretending to be a JPEG", id="text"),
        pytest.param("cover.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>', id="svg"),
    ],
)
def test_report_admin_rejects_cover_that_is_not_an_image(
    admin_submit, settings, tmp_path, event, name, content
):
    settings.MEDIA_ROOT = tmp_path
    cover = SimpleUploadedFile(name, content, content_type="image/jpeg")

    response = admin_submit(REPORT_ADD, report_data(event, cover=cover))

    assert response.status_code == 200
    assert "JPEG, PNG or WebP" in response.content.decode()
    assert not Report.objects.exists()
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == []


def test_report_admin_rejects_launch_session_of_another_event(admin_submit, event):
    session = SessionFactory()

    response = admin_submit(REPORT_ADD, report_data(event, launch_session=session.pk))

    assert "The launch session belongs to another event." in response.content.decode()
    assert not Report.objects.exists()


def test_report_admin_pages_load(editor_client):
    editor = ReportEditorFactory(report__title="Outcomes 2024", speaker__name="Ada Lovelace")
    pages = {
        reverse("admin:reports_report_changelist"): ["Outcomes 2024"],
        REPORT_ADD: ["Add report"],
        reverse("admin:reports_report_change", args=[editor.report.pk]): [
            "Outcomes 2024",
            "Ada Lovelace",
            "View on site",
        ],
    }
    for url, expected in pages.items():
        response = editor_client.get(url)
        assert response.status_code == 200, url
        for text in expected:
            assert text in response.content.decode(), (url, text)
