"""``manage.py restore FILE``: load a backup into an empty database and media folder."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive made by `manage.py backup` into an empty database (run "
        "`manage.py migrate` on it first) and media folder. The archive is checked in full "
        "before anything changes; the rows load in one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The .tar.gz file `backup` wrote.")

    def handle(self, *args, archive, **options):
        try:
            summary = restore_backup(archive, progress=self.stdout.write)
        except BackupError as error:
            raise CommandError(f"Nothing restored: {error}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {summary.rows} rows and {summary.files} media files from {archive}."
            )
        )
