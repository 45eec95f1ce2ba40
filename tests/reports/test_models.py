import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from reports.models import Report
from tests.factories import ReportEditorFactory, ReportFactory, SessionFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def test_report_launch_session_must_belong_to_its_event(event):
    report = ReportFactory.build(event=event, launch_session=SessionFactory())
    with pytest.raises(ValidationError) as excinfo:
        report.full_clean()
    assert "another event" in str(excinfo.value.message_dict["launch_session"])


def test_report_pdf_must_be_a_pdf(event):
    report = ReportFactory.build(
        event=event, pdf=SimpleUploadedFile("report.pdf", b"not a pdf at all")
    )
    with pytest.raises(ValidationError) as excinfo:
        report.full_clean()
    assert "not a readable PDF" in str(excinfo.value.message_dict["pdf"])


def test_report_editors_keep_their_order(event):
    report = ReportFactory(event=event, title="Evolution", subtitle="Fifteen years")
    for order, name in enumerate(["Andreea Anastasiu", "Eleanor Carter", "Mara Airoldi"]):
        ReportEditorFactory(report=report, speaker=SpeakerFactory(name=name), order=order)
    loaded = Report.objects.with_editors().get(pk=report.pk)
    assert [e.speaker.name for e in loaded.report_editors.all()] == [
        "Andreea Anastasiu",
        "Eleanor Carter",
        "Mara Airoldi",
    ]
    assert loaded.full_title == "Evolution: Fifteen years"
    assert str(loaded) == "Evolution"
