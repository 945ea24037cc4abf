"""The Welsh catalogue (locale/cy/LC_MESSAGES/django.po) is complete, valid and up to date (issue 16).

Each failure names the messages and where they are used (file:line), so a translator can go
straight to them. ``make messages`` brings the catalogue up to date; a Welsh speaker fills it in.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "cy" / "LC_MESSAGES" / "django.po"
# What `make messages` reads (the Makefile's MESSAGES_IGNORE leaves out everything else).
SOURCES = ("casestudies", "ccin_site", "templates", "manage.py")


def _where(entry: polib.POEntry) -> str:
    return ", ".join(f"{path}:{line}" for path, line in entry.occurrences) or "(no location)"


def _describe(entries) -> str:
    return "\n".join(
        f"  {entry.msgid!r}" + (f" [{entry.msgctxt}]" if entry.msgctxt else "") + f"  {_where(entry)}"
        for entry in entries
    )


def _key(entry: polib.POEntry) -> tuple:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


@pytest.fixture(scope="module")
def catalogue():
    return polib.pofile(str(CATALOGUE))


def test_every_message_has_its_welsh(catalogue):
    missing = [
        entry for entry in catalogue if not entry.obsolete and not entry.translated() and "fuzzy" not in entry.flags
    ]
    assert not missing, (
        f"{len(missing)} message(s) without Welsh in {CATALOGUE.relative_to(ROOT)}:\n{_describe(missing)}"
    )


def test_no_message_is_fuzzy(catalogue):
    fuzzy = [entry for entry in catalogue if not entry.obsolete and "fuzzy" in entry.flags]
    assert not catalogue.metadata_is_fuzzy, "the catalogue's header is marked fuzzy"
    assert not fuzzy, f"{len(fuzzy)} fuzzy message(s) in {CATALOGUE.relative_to(ROOT)}:\n{_describe(fuzzy)}"


def test_the_catalogue_declares_welsh_and_its_four_plural_forms(catalogue):
    assert catalogue.metadata["Language"] == "cy"
    assert catalogue.metadata["Plural-Forms"].startswith("nplurals=4;")


def test_msgfmt_accepts_the_catalogue():
    """Placeholders kept (``%(name)s`` in both), newlines matching, plurals complete: GNU gettext's own check."""
    result = subprocess.run(
        ["msgfmt", "--check", "--output-file=/dev/null", str(CATALOGUE)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_the_catalogue_is_up_to_date_with_the_source(tmp_path):
    """`make messages` would neither add nor remove a message: every marked string is in the catalogue."""
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, tmp_path / name)
    (tmp_path / "locale" / "cy" / "LC_MESSAGES").mkdir(parents=True)
    shutil.copy2(CATALOGUE, tmp_path / "locale" / "cy" / "LC_MESSAGES" / "django.po")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "cy", "--no-obsolete", "--verbosity=0"],
        cwd=tmp_path,
        check=True,
        env={"PATH": "/usr/bin:/bin:/usr/local/bin", "DJANGO_SETTINGS_MODULE": "ccin_site.settings.test"},
    )
    fresh = polib.pofile(str(tmp_path / "locale" / "cy" / "LC_MESSAGES" / "django.po"))
    committed = {_key(entry) for entry in polib.pofile(str(CATALOGUE)) if not entry.obsolete}
    added = [entry for entry in fresh if not entry.obsolete and _key(entry) not in committed]
    current = {_key(entry) for entry in fresh if not entry.obsolete}
    gone = [entry for entry in polib.pofile(str(CATALOGUE)) if not entry.obsolete and _key(entry) not in current]
    assert not added, f"not in the catalogue yet (run `make messages`, then translate):\n{_describe(added)}"
    assert not gone, f"in the catalogue but no longer in the source (run `make messages`):\n{_describe(gone)}"
