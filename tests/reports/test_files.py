"""Report PDFs: unguessable names outside public media, served only while the report is
public, and validated by opening them."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cms.publishing import Status
from reports.models import Report
from tests.factories import ReportFactory
from tests.reports.pdfs import pdf_bytes
from tests.reports.test_admin import REPORT_ADD, report_data

EMBARGOED = "SOC24_Draft_Report_embargoed.pdf"


def upload(name=EMBARGOED, content=None):
    return SimpleUploadedFile(name, content or pdf_bytes(), content_type="application/pdf")


def test_uploaded_report_pdf_gets_an_unguessable_name_outside_media(admin_submit, event):
    response = admin_submit(REPORT_ADD, report_data(event, pdf=upload()))

    assert response.status_code == 302
    report = Report.objects.get()
    assert "embargoed" not in report.pdf.name
    assert len(Path(report.pdf.name).stem) == 32
    assert (Path(settings.PRIVATE_MEDIA_ROOT) / report.pdf.name).is_file()
    assert not list(Path(settings.MEDIA_ROOT).rglob(EMBARGOED))


def test_draft_report_pdf_is_not_served(client, event):
    report = ReportFactory(event=event, status=Status.DRAFT, pdf=upload())
    url = reverse("reports:report-pdf", args=[report.slug])

    assert client.get(url).status_code == 404
    assert client.get(f"{settings.MEDIA_URL}reports/{EMBARGOED}").status_code == 404
    assert client.get(f"{settings.MEDIA_URL}{report.pdf.name}").status_code == 404


def test_public_report_pdf_is_served_by_its_page(client, event):
    report = ReportFactory(event=event, status=Status.PUBLISHED, pdf=upload())
    url = reverse("reports:report-pdf", args=[report.slug])

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{report.slug}.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == pdf_bytes()
    page = client.get(report.get_absolute_url()).content.decode()
    assert f'href="{url}"' in page


def test_unpublished_report_pdf_is_gone(client, event):
    report = ReportFactory(event=event, status=Status.PUBLISHED, pdf=upload())
    url = reverse("reports:report-pdf", args=[report.slug])
    assert client.get(url).status_code == 200
    report.status = Status.DRAFT
    report.save()

    assert client.get(url).status_code == 404


def test_report_without_pdf_has_no_pdf_address(client, event):
    report = ReportFactory(event=event, status=Status.PUBLISHED)
    assert report.get_pdf_url() == ""
    assert client.get(reverse("reports:report-pdf", args=[report.slug])).status_code == 404


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(b"%PDF-1.7\nnot really a PDF", "not a readable PDF", id="prefix-only"),
        pytest.param(pdf_bytes()[:200], "not a readable PDF", id="truncated"),
        pytest.param(pdf_bytes(password="embargo"), "encrypted", id="encrypted"),
    ],
)
def test_report_admin_refuses_broken_or_encrypted_pdfs(admin_submit, event, content, message):
    stored_before = set(Path(settings.PRIVATE_MEDIA_ROOT).rglob("*.pdf"))

    response = admin_submit(REPORT_ADD, report_data(event, pdf=upload(content=content)))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Report.objects.exists()
    assert set(Path(settings.PRIVATE_MEDIA_ROOT).rglob("*.pdf")) == stored_before


def test_migration_moves_public_pdfs_to_private_storage(event):
    """Files uploaded before: out of /media/, renamed, and the old address is gone."""
    from importlib import import_module

    from django.apps import apps
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages

    migration = import_module("reports.migrations.0004_alter_report_pdf")
    old = storages["default"].save(f"reports/{EMBARGOED}", ContentFile(pdf_bytes()))
    report = ReportFactory(event=event)
    Report.objects.filter(pk=report.pk).update(pdf=old)

    migration.move_pdfs_to_private_storage(apps, None)

    report.refresh_from_db()
    assert not storages["default"].exists(old)
    assert "embargoed" not in report.pdf.name
    assert report.pdf.read() == pdf_bytes()
