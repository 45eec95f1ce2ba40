"""``manage.py render_pages [--event SLUG]``: every public page into the page store."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.static_site import workers
from conference.models import Event
from website.site_export.store import render_site


class Command(BaseCommand):
    help = (
        "Render every public page and file of the published events (or of one) into the "
        "page store, as a deployment or a restore should before visitors arrive. Pages "
        "that change later are rendered again on their own."
    )

    def add_arguments(self, parser):
        parser.add_argument("--event", help="Only this event's pages (its slug).")
        parser.add_argument(
            "--without-pdf", action="store_true", help="Leave the recap PDFs to the first ask."
        )
        parser.add_argument(
            "--jobs", type=int, default=None,
            help="Processes that render at once (default: one per core, at most four).",
        )  # fmt: skip

    def handle(self, *args, event, without_pdf, jobs, **options):
        if not settings.PAGE_STORE_ENABLED:
            raise CommandError("The page store is off (PAGE_STORE_ENABLED=0): nothing to fill.")
        if jobs is not None and jobs < 1:
            raise CommandError("--jobs must be 1 or more.")
        events = Event.objects.public().order_by("slug")
        if event:
            events = events.filter(slug=event)
            if not events.exists():
                raise CommandError(f"There is no published event with the slug “{event}”.")
        started = time.monotonic()
        count = render_site(
            list(events), with_pdf=not without_pdf, jobs=jobs or workers.default_jobs()
        )
        seconds = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"{count} pages rendered in {seconds:.1f} s."))
