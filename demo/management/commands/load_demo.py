"""``manage.py load_demo``: build the SOC24 demo programme (idempotent; ``make run`` calls it)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from demo.loader import Tally, load_demo


class Command(BaseCommand):
    help = (
        "Create or update the Social Outcomes Conference 2024 demo programme from the data "
        "the project ships. Running it again changes nothing; other events are left alone."
    )

    def handle(self, *args, **options):
        self.stdout.write("Loading the demo programme (Social Outcomes Conference 2024)…")
        try:
            tallies = load_demo(progress=self._report_step)
        except (ValidationError, DatabaseError) as error:
            raise CommandError(
                f"The demo could not be loaded, nothing was changed: {error}"
            ) from error
        created = sum(tally.created for tally in tallies.values())
        updated = sum(tally.updated for tally in tallies.values())
        if created or updated:
            self.stdout.write(self.style.SUCCESS(f"Done: {created} created, {updated} updated."))
        else:
            self.stdout.write(self.style.SUCCESS("Nothing changed: the demo is already loaded."))

    def _report_step(self, label: str, tally: Tally) -> None:
        self.stdout.write(f"  {label}: {tally}")
