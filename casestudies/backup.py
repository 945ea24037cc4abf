"""Backups of the PostgreSQL database and the uploaded images, their restore, and their proof.

A backup is a folder holding three files:

- ``database.dump``: ``pg_dump --format=custom`` of the whole database;
- ``media.tar.gz``: every file under ``MEDIA_ROOT`` (the re-encoded case study images);
- ``manifest.json``: the row count of every table and the SHA-256 of every media file, taken
  from the same snapshot the dump was made from.

The dump and the counts share one snapshot (``pg_export_snapshot`` in a REPEATABLE READ
transaction, passed to ``pg_dump --snapshot``), so the manifest describes exactly what the dump
holds even while the site is taking submissions. ``backup_restore`` loads a backup into a
database (``pg_restore``) and a media folder; ``backup_verify`` compares a restore with the
manifest. ``manage.py backup_roundtrip`` does all three into a scratch database and folder.
The PostgreSQL client tools (``pg_dump``, ``pg_restore``) must be on the PATH, of the
server's major version or newer. See docs/backup.md.
"""

import datetime
import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

DUMP = "database.dump"
MEDIA = "media.tar.gz"
MANIFEST = "manifest.json"


class BackupError(Exception):
    pass


@dataclass
class Manifest:
    created_at: str
    database: str
    tables: dict[str, int]
    media: dict[str, str]  # path under MEDIA_ROOT -> SHA-256

    @classmethod
    def read(cls, folder: Path) -> "Manifest":
        return cls(**json.loads((folder / MANIFEST).read_text()))

    def write(self, folder: Path) -> None:
        (folder / MANIFEST).write_text(json.dumps(asdict(self), indent=2, sort_keys=True))


# --- talking to PostgreSQL ---------------------------------------------------------------------


def _database() -> dict:
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise BackupError("Backups are of PostgreSQL: set DATABASE_URL to the PostgreSQL database.")
    return db


def _client_env() -> dict:
    """The connection for pg_dump and pg_restore, as libpq's environment variables (the password stays off argv)."""
    db = _database()
    env = {**os.environ}
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[name] = str(db[key])
    return env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not on the PATH: install the PostgreSQL client tools (postgresql-client).")
    return found


def _run(args: list[str]) -> None:
    result = subprocess.run(args, env=_client_env(), capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed: {result.stderr.strip()}")


def _connect(database: str):
    """A plain psycopg2 connection to another database on the same server (autocommit)."""
    import psycopg2

    db = _database()
    params = {"dbname": database, "host": db.get("HOST") or None, "port": db.get("PORT") or None}
    params.update(user=db.get("USER") or None, password=db.get("PASSWORD") or None)
    conn = psycopg2.connect(**{key: value for key, value in params.items() if value is not None})
    conn.autocommit = True
    return conn


def table_counts(cursor) -> dict[str, int]:
    """Rows in every table of the public schema."""
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    counts = {}
    for (table,) in cursor.fetchall():
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - a name read from pg_tables
        counts[table] = cursor.fetchone()[0]
    return counts


def database_create(name: str) -> None:
    conn = _connect("postgres")
    try:
        with conn.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{_safe_name(name)}"')
    finally:
        conn.close()


def database_drop(name: str) -> None:
    if name == _database()["NAME"]:
        raise BackupError("Refusing to drop the site's own database.")
    conn = _connect("postgres")
    try:
        with conn.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{_safe_name(name)}" WITH (FORCE)')
    finally:
        conn.close()


def _safe_name(name: str) -> str:
    if not name.replace("_", "").isalnum() or not name.isascii() or name[0].isdigit():
        raise BackupError(f"Use a database name of letters, digits and _ only, not {name!r}.")
    return name


# --- the media folder ----------------------------------------------------------------------------


def media_checksums(root: Path) -> dict[str, str]:
    root = Path(root)
    sums = {}
    if root.is_dir():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            sums[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return sums


def _media_root() -> Path:
    backend = settings.STORAGES["default"]["BACKEND"]
    if backend != "django.core.files.storage.FileSystemStorage":
        raise BackupError(
            f"Media is stored by {backend}, not on disk: back up the bucket itself (see docs/backup.md), "
            "or pass --no-media."
        )
    return Path(settings.MEDIA_ROOT)


# --- the three steps ---------------------------------------------------------------------------


def backup_create(*, folder: Path, include_media: bool = True) -> Manifest:
    """Dump the database and pack the media folder into ``folder`` (made if missing, must be empty)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty: give a new folder for each backup.")
    db = _database()
    media_root = _media_root() if include_media else None
    with transaction.atomic(), connection.cursor() as cursor:
        # One snapshot for the dump and the counts, so the manifest says exactly what the dump holds.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        _run(
            [
                _tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={folder / DUMP}",
                f"--dbname={db['NAME']}",
            ]
        )
        tables = table_counts(cursor)
    media = {}
    if media_root is not None:
        media = media_checksums(media_root)
        with tarfile.open(folder / MEDIA, "w:gz") as archive:
            for name in media:
                archive.add(media_root / name, arcname=name)
    manifest = Manifest(
        created_at=datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        database=db["NAME"],
        tables=tables,
        media=media,
    )
    manifest.write(folder)
    return manifest


def backup_restore(*, folder: Path, database: str, media_root: Path | None) -> None:
    """Load a backup into ``database`` (made here; it must not exist) and unpack its media into ``media_root``."""
    folder = Path(folder)
    if not (folder / DUMP).is_file() or not (folder / MANIFEST).is_file():
        raise BackupError(f"{folder} holds no backup ({DUMP} and {MANIFEST} are needed).")
    database_create(database)
    _run(
        [
            _tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={database}",
            str(folder / DUMP),
        ]
    )
    if media_root is not None and (folder / MEDIA).is_file():
        media_root = Path(media_root)
        media_root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(folder / MEDIA, "r:gz") as archive:
            archive.extractall(media_root, filter="data")  # refuses absolute paths, "..", links out


def backup_verify(*, folder: Path, database: str, media_root: Path | None) -> list[str]:
    """Every difference between the backup's manifest and a restore of it. Empty when they agree."""
    manifest = Manifest.read(Path(folder))
    problems = []
    conn = _connect(database)
    try:
        with conn.cursor() as cursor:
            restored = table_counts(cursor)
    finally:
        conn.close()
    for table in sorted(set(manifest.tables) | set(restored)):
        want, got = manifest.tables.get(table), restored.get(table)
        if want != got:
            problems.append(f"table {table}: {want} rows backed up, {got} restored")
    if media_root is not None:
        restored_media = media_checksums(Path(media_root))
        for name in sorted(set(manifest.media) | set(restored_media)):
            if manifest.media.get(name) != restored_media.get(name):
                problems.append(f"media file {name}: differs or is missing after the restore")
    return problems
