"""``manage.py backup --output FILE.tar.gz``: the database rows and media files in one archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from cms.backup import BackupError, write_backup


class Command(BaseCommand):
    help = (
        "Write every row of the site's content (events, programme, people, reports, users, "
        "groups, history) and every media file to one .tar.gz archive, with a manifest of "
        "row counts and file checksums. Restore it with `manage.py restore FILE`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", required=True, type=Path, help="The archive to write, e.g. site.tar.gz."
        )

    def handle(self, *args, output, **options):
        try:
            summary = write_backup(output, progress=self.stdout.write)
        except (BackupError, DatabaseError, OSError) as error:
            raise CommandError(f"No backup written: {error}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {output}: {summary.rows} rows, {summary.files} media files, "
                f"{summary.size / 1024:.0f} KiB."
            )
        )
