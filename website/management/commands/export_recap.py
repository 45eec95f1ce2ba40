"""Write a day's recap, or every published day of an event, to a PDF, HTML or Markdown file.

The file is written to a temporary file beside the target and moved into place only when
complete (``cms.static_site.write.replace_file``), so a failed or killed export never leaves a
half-written file, and a full disk or an unwritable folder gives a clear error.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import pluralize

from cms.static_site.write import WriteError, replace_file
from conference.models import Day, Event
from website.exports import FORMATS, day_document, event_document
from website.exports.common import IMAGE_MODES
from website.templatetags.conference_tags import british_date


class Command(BaseCommand):
    help = (
        "Export a recap: export_recap <event> [--day N] --format pdf|html|md --output PATH. "
        "Without --day, all published days of the event go into one document."
    )

    def add_arguments(self, parser):
        parser.add_argument("event", help="The event's slug, as in its address (e.g. soc24).")
        parser.add_argument("--day", type=int, help="The day's number; all days without it.")
        parser.add_argument("--format", required=True, choices=list(FORMATS), dest="fmt")
        parser.add_argument(
            "--output", required=True, help="The file to write, or a folder to write it in."
        )
        parser.add_argument(
            "--base-url",
            default=settings.PUBLIC_BASE_URL or settings.SITE_URL,
            help="The public site's address for links (default: the PUBLIC_BASE_URL "
            "setting, else SITE_URL).",
        )
        parser.add_argument(
            "--images",
            choices=IMAGE_MODES,
            default="inline",
            help="Standalone HTML: embed images (inline) or link them (absolute).",
        )

    def handle(self, *args, event, day, fmt, output, base_url, images, **options):
        export = FORMATS[fmt]
        found = Event.objects.public().filter(slug=event).first()
        if found is None:
            raise CommandError(f"No published event with the slug “{event}”.")
        target = Path(output)
        self._check_writable(target if target.is_dir() else target.parent)
        if day is None:
            document = event_document(
                event=found, base_url=base_url, images=images, on_day=self._progress
            )
            if not document.recaps:
                raise CommandError(f"{found.name} has no published day to export.")
        else:
            found_day = (
                Day.objects.public().with_event().filter(event=found, number=day).first()
            )
            if found_day is None:
                raise CommandError(f"{found.name} has no published day {day}.")
            document = day_document(day=found_day, base_url=base_url, images=images)
            self._progress(document.recaps[0])
        if target.is_dir():
            target = target / export.filename(document)
        self._write(target, export.render(document))
        self.stdout.write(self.style.SUCCESS(f"Wrote {target}"))

    def _progress(self, recap):
        sessions, quotes = len(recap.sessions), len(recap.quotes)
        self.stdout.write(
            f"{recap.day.label}, {british_date(recap.day.date)}: "
            f"{sessions} session{pluralize(sessions)}, {quotes} quote{pluralize(quotes)}"
        )

    def _check_writable(self, folder: Path) -> None:
        if not folder.is_dir():
            raise CommandError(f"Cannot write there: the folder {folder} does not exist.")
        if not os.access(folder, os.W_OK):
            raise CommandError(f"Cannot write there: the folder {folder} is not writable.")

    def _write(self, target: Path, body: bytes) -> None:
        try:
            replace_file(target, body)
        except WriteError as error:
            raise CommandError(str(error)) from error
