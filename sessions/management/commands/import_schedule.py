"""python manage.py import_schedule FILE [--event SLUG] [--timezone ZONE] [--sync] [--dry-run]
[--publish]"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from conference.models import validate_time_zone
from sessions.schedule.importer import import_schedule
from sessions.schedule.reading import (
    MAX_SCHEDULE_BYTES,
    TOO_LARGE,
    ScheduleError,
    canonical_zone,
)


class Command(BaseCommand):
    help = (
        "Import a frab schedule (XML or JSON, as pretalx, frab, the CCC hub or pentabarf "
        "write it), creating or updating the event, its days, rooms, sessions and speakers. "
        "Nothing is saved if anything in the file is wrong."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="schedule.xml or schedule.json")
        parser.add_argument(
            "--event",
            metavar="SLUG",
            help=(
                "Import into this event (created if it does not exist) instead of the "
                "file's own conference, which is found by its acronym or created."
            ),
        )
        parser.add_argument(
            "--timezone",
            metavar="ZONE",
            default="",
            help=(
                "The time zone (e.g. Europe/Berlin) of times without an offset, when the "
                "file names none; also the zone of an event the import creates."
            ),
        )
        parser.add_argument(
            "--sync",
            action="store_true",
            help="Withdraw (back to draft) this event's sessions that the file no longer has.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; save nothing."
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the event, days and sessions the import creates (default: drafts).",
        )

    def handle(self, *args, file, event, timezone, sync, dry_run, publish, **options):
        timezone = canonical_zone(timezone.strip())
        if timezone:
            try:
                validate_time_zone(timezone)
            except ValidationError as error:
                raise CommandError(f"--timezone: {error.messages[0]}") from error
        try:
            if file.stat().st_size > MAX_SCHEDULE_BYTES:  # refused before it is read
                raise CommandError(f"{file}: {TOO_LARGE} Nothing was imported.")
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        try:
            report = import_schedule(
                data=data,
                event_slug=event,
                dry_run=dry_run,
                publish=publish,
                time_zone=timezone,
                sync=sync,
            )
        except ScheduleError as error:
            raise CommandError(f"{file}: {error} Nothing was imported.") from error
        self.stdout.write(report.summary())
        if not report.changed_anything:
            self.stdout.write("The programme already matched the file.")
