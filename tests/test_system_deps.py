"""scripts/system-deps.sh: the one list of operating-system packages, checked and installed.

Each test runs the script with a PATH of stubs, as on a fresh machine without the packages:
``apt-get`` records what it was asked and "installs" (makes the stubs find the packages), ``id``
says who we are, ``ldconfig`` and ``fc-list`` list only what was installed.
"""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "system-deps.sh"
ALL_PACKAGES = [
    "libpango-1.0-0",
    "libpangoft2-1.0-0",
    "libharfbuzz-subset0",
    "fonts-liberation",
    "gettext",
    "poppler-utils",
    "default-jre-headless",
    "chromium",
    "postgresql-client",
]

STUBS = {
    "id": 'echo "${FAKE_UID:-0}"',
    "ldconfig": 'cat "$STATE/libraries" 2>/dev/null || true',
    "fc-list": 'cat "$STATE/fonts" 2>/dev/null || true',
    "apt-get": """echo "$*" >> "$STATE/apt-get.log"
if [ "$1" = install ]; then
  printf '\\tlibpango-1.0.so.0\\n\\tlibpangoft2-1.0.so.0\\n\\tlibharfbuzz-subset.so.0\\n' > "$STATE/libraries"
  echo "/usr/share/fonts/LiberationSans-Regular.ttf: Liberation Sans:style=Regular" > "$STATE/fonts"
  for tool in msgfmt pdftotext java chromium pg_dump pg_restore; do
    printf '#!/bin/sh\\n' > "$BIN/$tool"; chmod +x "$BIN/$tool"
  done
fi""",
}


@pytest.fixture
def machine(tmp_path):
    """A PATH with the basic tools and the stubs, and none of the packages."""
    bin_dir, state = tmp_path / "bin", tmp_path / "state"
    bin_dir.mkdir()
    state.mkdir()
    for tool in ("bash", "grep", "awk", "cat", "ls", "chmod", "printf"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    for name, body in STUBS.items():
        stub = bin_dir / name
        stub.write_text(f"#!{shutil.which('bash')}\n{body}\n")
        stub.chmod(0o755)

    def run(*groups, uid=0, apt=True):
        if not apt:
            (bin_dir / "apt-get").unlink()
        env = {"PATH": str(bin_dir), "STATE": str(state), "BIN": str(bin_dir), "FAKE_UID": str(uid)}
        result = subprocess.run(
            [str(bin_dir / "bash"), str(SCRIPT), *groups], capture_output=True, text=True, env=env, check=False
        )
        log = state / "apt-get.log"
        result.apt_calls = log.read_text().splitlines() if log.exists() else []
        return result

    return run


def test_as_root_on_debian_it_installs_every_missing_package_then_succeeds(machine):
    result = machine("pdf", "i18n", "tests", "browser", "postgres")
    assert result.returncode == 0, result.stderr
    assert result.apt_calls == ["update -qq", "install -y -qq " + " ".join(ALL_PACKAGES)]


def test_once_installed_it_does_nothing(machine):
    machine("pdf", "i18n", "tests", "browser", "postgres")
    again = machine("pdf", "i18n", "tests", "browser", "postgres")
    assert again.returncode == 0
    assert again.stdout == again.stderr == ""
    assert len(again.apt_calls) == 2  # only the first run's update and install


def test_make_run_asks_only_for_what_the_pdf_and_the_catalogue_need(machine):
    result = machine("pdf", "i18n")
    assert result.apt_calls[-1] == "install -y -qq " + " ".join(ALL_PACKAGES[:5])


def test_without_root_it_stops_with_the_exact_commands_and_installs_nothing(machine):
    result = machine("pdf", "i18n", "tests", "browser", "postgres", uid=1000)
    assert result.returncode == 1
    assert result.apt_calls == []
    assert f"sudo apt-get install -y {' '.join(ALL_PACKAGES)}" in result.stderr
    brew = "brew install pango harfbuzz gettext poppler openjdk libpq && brew install --cask font-liberation chromium"
    assert brew in result.stderr


def test_on_a_system_without_apt_it_stops_with_the_commands(machine):
    result = machine("tests", apt=False)
    assert result.returncode == 1
    assert "sudo apt-get install -y poppler-utils default-jre-headless" in result.stderr
    assert "brew install poppler openjdk" in result.stderr


def test_an_unknown_group_is_refused(machine):
    assert machine("everything").returncode == 2


def test_make_and_ci_use_the_script_and_keep_no_list_of_their_own():
    makefile = (ROOT / "Makefile").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "scripts/system-deps.sh" in makefile
    assert "scripts/system-deps.sh pdf i18n tests browser postgres" in ci
    assert "apt-get" not in ci
    assert "apt-get" not in makefile
