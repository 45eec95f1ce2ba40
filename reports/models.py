"""Reports launched at a conference, and the people who edited them."""

import uuid

from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.validators import FileExtensionValidator
from django.db import models
from taggit.managers import TaggableManager

from cms.documents import validate_pdf_file
from cms.images import SanitisedImageField
from cms.locking import Versioned
from cms.publishing import Publishable
from cms.reversing import reverse_cached
from cms.richtext import MEDIUM_TEXT, text_limit
from conference.models import Event, Organisation
from reports.querysets import ReportQuerySet
from sessions.models import Session
from speakers.models import Speaker


def private_storage():
    """Report PDFs are stored apart from public media and served by a view that checks the
    report is public (``reports:report-pdf``)."""
    return storages["private"]


def report_pdf_name(report, filename: str) -> str:
    """An unguessable name: the uploaded file's name often tells what an embargo hides."""
    return f"reports/{uuid.uuid4().hex}.pdf"


class Report(Publishable, Versioned):
    title = models.CharField(max_length=300)
    subtitle = models.CharField(max_length=300, blank=True)
    slug = models.SlugField(max_length=200, unique=True)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="reports")
    publisher = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    editors = models.ManyToManyField(
        Speaker, through="ReportEditor", related_name="edited_reports", blank=True
    )
    contributors_count = models.PositiveIntegerField(
        "number of contributors", null=True, blank=True
    )
    summary = models.TextField(blank=True, help_text="Markdown.", **text_limit(MEDIUM_TEXT))
    url = models.URLField("link to the full report", blank=True)
    pdf = models.FileField(
        "PDF",
        upload_to=report_pdf_name,
        storage=private_storage,
        blank=True,
        validators=[FileExtensionValidator(["pdf"]), validate_pdf_file],
    )
    cover = SanitisedImageField(upload_to="reports/covers/", blank=True)
    publication_date = models.DateField(null=True, blank=True)
    launch_session = models.ForeignKey(
        Session,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="launched_reports",
        help_text="The session where the report was launched.",
    )
    topics = TaggableManager(
        "topics", blank=True, help_text="Separate topics with commas; a topic may have spaces."
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-publication_date", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse_cached("reports:report-detail", slug=self.slug)

    def get_pdf_url(self) -> str:
        """The uploaded PDF's address, served only while the report is public."""
        return reverse_cached("reports:report-pdf", slug=self.slug) if self.pdf else ""

    @property
    def full_title(self) -> str:
        return f"{self.title}: {self.subtitle}" if self.subtitle else self.title

    @property
    def full_report(self) -> tuple[str, str]:
        """Where "Find the full report" leads, as (kind, address): the report's link, else
        its PDF, else the publisher's website, else the publisher's page here; ("", "")
        without any of these. Never the report's own page, which has nothing more."""
        if self.url:
            return "link", self.url
        if self.pdf:
            return "pdf", self.get_pdf_url()
        if self.publisher_id:
            publisher = self.publisher
            if publisher.website:
                return "publisher", publisher.website
            return "publisher-page", publisher.get_absolute_url()
        return "", ""

    def clean(self):
        super().clean()
        if (
            self.launch_session_id
            and self.event_id
            and self.launch_session.day.event_id != self.event_id
        ):
            raise ValidationError(
                {"launch_session": "The launch session belongs to another event."}
            )


class ReportEditor(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="report_editors")
    speaker = models.ForeignKey(
        Speaker, on_delete=models.CASCADE, related_name="report_editorships"
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["report", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "speaker"],
                name="unique_report_editor",
                violation_error_message="This person is already an editor of this report.",
            ),
        ]

    def __str__(self):
        return f"{self.speaker} (editor of {self.report})"
