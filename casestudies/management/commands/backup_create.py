"""Back up the PostgreSQL database and the media folder into a new folder (see docs/backup.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from casestudies.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Dump the database (pg_dump, custom format) and pack MEDIA_ROOT into FOLDER, with a manifest of both."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="A new or empty folder for this backup.")
        parser.add_argument("--no-media", action="store_true", help="Leave out the media (e.g. when it is on S3).")

    def handle(self, *args, folder, no_media, **options):
        try:
            manifest = backup_create(folder=folder, include_media=not no_media)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Backed up {manifest.database}: {len(manifest.tables)} tables, {sum(manifest.tables.values())} rows, "
            f"{len(manifest.media)} media files, into {folder}."
        )
