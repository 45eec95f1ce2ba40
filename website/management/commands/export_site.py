"""``manage.py export_site <event> --output DIR`` (or ``--zip FILE``): the event's public site
as static files that work from disk and from any static host."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.static_site.write import WriteError
from conference.models import Event
from website.site_export import ExportError, export_site

BAR_WIDTH = 30
STAGES = {"rendered": "Rendering", "rewritten": "Linking  "}


class Command(BaseCommand):
    help = (
        "Write every public page of an event, with its assets, media and data exports, as "
        "static files with relative links. The target is replaced only once the export is "
        "complete. Forms (search, filters) and query-string pages are left out."
    )

    def add_arguments(self, parser):
        parser.add_argument("event", help="The event's slug, e.g. soc24.")
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--output", type=Path, help="Folder to write (replaced if it exists).")
        target.add_argument("--zip", type=Path, help="Zip file to write (replaced if it exists).")
        parser.add_argument(
            "--base-url",
            default="",
            help="Where the copy will be published, e.g. https://example.org/soc24. Canonical "
            "links, Open Graph and JSON-LD use it, and so do the URLs in the data exports; "
            "without it, the metadata that needs an absolute URL is left out and data exports "
            "carry root-relative paths.",
        )
        parser.add_argument(
            "--without-pdf",
            action="store_true",
            help="Leave out the recap PDFs, the slowest files to make; the recap pages' PDF "
            "links then lead nowhere.",
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=None,
            help="Processes that render pages at once (default: one per core, at most four).",
        )

    def handle(self, *args, event, output, zip, base_url, without_pdf, jobs, **options):
        self._stage = ""
        if jobs is not None and jobs < 1:
            raise CommandError("--jobs must be 1 or more.")
        found = Event.objects.filter(slug=event).first()
        if found is None:
            raise CommandError(f"There is no event with the slug “{event}”.")
        try:
            summary = export_site(
                found,
                output=output,
                zip_file=zip,
                base_url=base_url,
                progress=self._progress,
                with_pdf=not without_pdf,
                jobs=jobs,
            )
        except (ExportError, WriteError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write("")
        for path in summary.missing:
            self.stdout.write(self.style.WARNING(f"  Linked but not exported: {path}"))
        self.stdout.write(
            self.style.SUCCESS(
                f"Exported {summary.pages} pages and {summary.files} files to {output or zip}."
            )
        )

    def _progress(self, stage: str, done: int, total: int) -> None:
        if stage != self._stage:
            self.stdout.write("\n" if self._stage else "", ending="")
            self._stage = stage
        filled = BAR_WIDTH * done // total if total else BAR_WIDTH
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        self.stdout.write(f"\r{STAGES[stage]} [{bar}] {done}/{total} pages", ending="")
        self.stdout.flush()
