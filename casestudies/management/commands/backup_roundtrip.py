"""Prove the backups work: back up, restore into a scratch database and folder, compare, clean up."""

import secrets
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from casestudies.backup import BackupError, backup_create, backup_restore, backup_verify, database_drop


class Command(BaseCommand):
    help = (
        "Back up the database and MEDIA_ROOT, restore both into a scratch database and folder, and compare the "
        "row count of every table and the checksum of every media file. Exits non-zero on any difference."
    )

    def add_arguments(self, parser):
        parser.add_argument("--keep", action="store_true", help="Keep the backup, scratch database and folder.")
        parser.add_argument("--no-media", action="store_true", help="Database only (e.g. when media is on S3).")

    def handle(self, *args, keep, no_media, **options):
        work = Path(tempfile.mkdtemp(prefix="ccin-backup-"))
        scratch = f"{settings.DATABASES['default']['NAME']}_roundtrip_{secrets.token_hex(4)}"[:63]
        media_root = None if no_media else work / "media"
        try:
            manifest = backup_create(folder=work / "backup", include_media=not no_media)
            backup_restore(folder=work / "backup", database=scratch, media_root=media_root)
            problems = backup_verify(folder=work / "backup", database=scratch, media_root=media_root)
        except BackupError as error:
            raise CommandError(str(error)) from error
        finally:
            if not keep:
                shutil.rmtree(work, ignore_errors=True)
                try:
                    database_drop(scratch)
                except BackupError:
                    pass  # there was no scratch database to drop (the backup itself failed)
        rows = sum(manifest.tables.values())
        if problems:
            raise CommandError("Round trip FAILED:\n" + "\n".join(problems))
        self.stdout.write(
            f"Round trip OK: {len(manifest.tables)} tables ({rows} rows) and {len(manifest.media)} media files "
            "restored and identical."
        )
        if keep:
            self.stdout.write(f"Kept: backup in {work / 'backup'}, database {scratch}, media in {media_root}.")
