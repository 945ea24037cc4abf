"""Backups: the database (pg_dump) and the media folder, restored (pg_restore) into a scratch
database and folder and compared, table by table and file by file (PostgreSQL, with the
machine's PostgreSQL client tools)."""

import io
import uuid

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db import connection

from casestudies import backup, images
from casestudies.models import ExpressionOfInterest
from casestudies.workflow import case_study_save

from .case_study_helpers import image_bytes, invited_case_study, upload
from .factories import ContributionFactory


@pytest.fixture
def site_with_data(settings, tmp_path):
    """A few EOIs and an invited case study with its image on disk (two files)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    for _ in range(3):
        ContributionFactory()
    case_study = invited_case_study()
    processed = images.image_process(upload(image_bytes()))
    case_study_save(
        case_study=case_study, changes={"image_alt": "Hub", "image_credit": "Us"}, expected_version=1, image=processed
    )
    return tmp_path


def scratch_name() -> str:
    return f"{connection.settings_dict['NAME']}_t_{uuid.uuid4().hex[:8]}"


def databases_like(pattern: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [pattern])
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.usefixtures("site_with_data")
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_round_trip_command_restores_every_row_and_file_and_cleans_up():
    out = io.StringIO()
    call_command("backup_roundtrip", stdout=out)
    said = out.getvalue()
    assert said.startswith("Round trip OK:")
    assert "and 2 media files restored and identical" in said
    assert databases_like(f"{connection.settings_dict['NAME']}_roundtrip_%") == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_backup_brings_back_what_a_disaster_removed(site_with_data):
    media_root = site_with_data / "media"
    folder = site_with_data / "backup"
    manifest = backup.backup_create(folder=folder)
    assert sorted(p.name for p in folder.iterdir()) == ["database.dump", "manifest.json", "media.tar.gz"]
    assert manifest.tables["casestudies_expressionofinterest"] == 4
    assert len(manifest.media) == 2
    # The disaster: every EOI (and everything hanging off them) and every image gone.
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE casestudies_expressionofinterest CASCADE")
    assert not ExpressionOfInterest.objects.exists()
    for path in media_root.rglob("*.jpg"):
        path.unlink()
    database, restored_media = scratch_name(), site_with_data / "restored-media"
    try:
        backup.backup_restore(folder=folder, database=database, media_root=restored_media)
        assert backup.backup_verify(folder=folder, database=database, media_root=restored_media) == []
        conn = backup._connect(database)
        with conn.cursor() as cursor:
            cursor.execute("SELECT count(*), count(DISTINCT reference) FROM casestudies_expressionofinterest")
            assert cursor.fetchone() == (4, 4)
            cursor.execute("SELECT image, image_thumbnail FROM casestudies_casestudy WHERE image <> ''")
            names = cursor.fetchone()
        conn.close()
        assert all((restored_media / name).is_file() for name in names)  # the names point at real files
        assert backup.media_checksums(restored_media) == manifest.media

        # The comparison notices what a broken restore would miss.
        (restored_media / names[1]).unlink()
        conn = backup._connect(database)
        with conn.cursor() as cursor:
            cursor.execute("DELETE FROM casestudies_emaillog")
        conn.close()
        problems = backup.backup_verify(folder=folder, database=database, media_root=restored_media)
        assert any(p.startswith("table casestudies_emaillog:") and p.endswith(", 0 restored") for p in problems)
        assert f"media file {names[1]}: differs or is missing after the restore" in problems
    finally:
        backup.database_drop(database)
    assert databases_like(database) == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_restore_command_refuses_a_folder_without_a_backup_and_never_touches_the_site(tmp_path):
    with pytest.raises(CommandError, match="holds no backup"):
        call_command("backup_restore", str(tmp_path), "--database", scratch_name())
    with pytest.raises(backup.BackupError, match="Refusing to drop the site's own database"):
        backup.database_drop(connection.settings_dict["NAME"])


def test_backups_need_postgresql(monkeypatch, tmp_path):
    monkeypatch.setitem(django_settings.DATABASES["default"], "ENGINE", "django.db.backends.sqlite3")
    with pytest.raises(CommandError, match="Backups are of PostgreSQL"):
        call_command("backup_create", str(tmp_path / "b"))


def test_media_on_s3_is_not_backed_up_from_disk(monkeypatch, settings, tmp_path):
    monkeypatch.setitem(django_settings.DATABASES["default"], "ENGINE", "django.db.backends.postgresql")
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "storages.backends.s3.S3Storage"}}
    with pytest.raises(backup.BackupError, match="back up the bucket itself"):
        backup.backup_create(folder=tmp_path / "b")
