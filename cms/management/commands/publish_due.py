"""``manage.py publish_due``: publishes scheduled content whose time has come.

Run it every minute from cron or a systemd timer (README, "Scheduled publishing"); it is
idempotent, so overlapping or repeated runs publish nothing twice. It also has the stored
pages that depend on the clock (the current event, the running day) rendered again when
they are a quarter of an hour old.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.timezone import localtime

from cms.page_store.tasks import render_clock_pages
from cms.publication import publish_due


class Command(BaseCommand):
    help = (
        "Publish every scheduled event, day, session, quote and report that is due, and "
        "render again the stored pages that depend on the time of day."
    )

    def handle(self, *args, **options):
        outcome = publish_due()
        for obj in outcome.changed:
            label = obj._meta.verbose_name
            when = f"{localtime(obj.publish_at):%Y-%m-%d %H:%M %Z}"
            self.stdout.write(f"Published {label} “{obj}” (scheduled for {when}).")
        count = len(outcome.changed)
        if count:
            self.stdout.write(self.style.SUCCESS(f"{count} published."))
        else:
            self.stdout.write("Nothing is due.")
        if settings.PAGE_STORE_ENABLED:
            render_clock_pages.enqueue()
