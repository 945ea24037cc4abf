"""Restore a backup into a new database and a media folder, and check it against its manifest."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from casestudies.backup import BackupError, backup_restore, backup_verify


class Command(BaseCommand):
    help = (
        "Load FOLDER (made by backup_create) into a new database --database (it must not exist yet) and unpack "
        "its media into --media-root, then compare row counts and media checksums with the backup's manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)
        parser.add_argument("--database", required=True, help="Name of the database to create and restore into.")
        parser.add_argument("--media-root", type=Path, help="Folder to unpack the media into (left out if not given).")

    def handle(self, *args, folder, database, media_root, **options):
        try:
            backup_restore(folder=folder, database=database, media_root=media_root)
            problems = backup_verify(folder=folder, database=database, media_root=media_root)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if problems:
            raise CommandError("The restore does not match the backup:\n" + "\n".join(problems))
        self.stdout.write(f"Restored {folder} into database {database}; row counts and media checksums match.")
