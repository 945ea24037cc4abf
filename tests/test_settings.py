"""Settings read from the environment; production refuses to start insecurely and passes check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = "x" * 20 + "production-secret-key-for-the-settings-test-0123456789"


def run_manage(*args, env_extra, settings="ccin_site.settings.prod"):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY", "DEBUG"}}
    env.update({"DJANGO_SETTINGS_MODULE": settings, **env_extra})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_secret_key():
    result = run_manage("check", env_extra={})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_check_deploy_reports_nothing():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "DEBUG",
        env_extra={"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "ccin.example"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_database_url_and_debug_come_from_the_environment():
    code = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.DEBUG, s.TIME_ZONE, s.USE_TZ, s.EMAIL_BACKEND, s.ALLOWED_HOSTS)"
    )
    result = run_manage(
        "shell",
        "-v",
        "0",
        "-c",
        code,
        env_extra={
            "SECRET_KEY": GOOD_KEY,
            "DATABASE_URL": "postgres://u@db.example/ccin",
            "ALLOWED_HOSTS": "a.example,b.example",
            "EMAIL_HOST": "smtp.example",
        },
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "False",
        "Europe/London",
        "True",
        "django.core.mail.backends.smtp.EmailBackend",
        "['a.example',",
        "'b.example']",
    ]


@pytest.mark.parametrize("settings", ["ccin_site.settings.dev", "ccin_site.settings.test"])
def test_default_database_is_an_sqlite_file_and_email_goes_nowhere_real(settings):
    code = "from django.conf import settings as s; print(s.DATABASES['default']['NAME'], s.EMAIL_BACKEND)"
    result = run_manage("shell", "-v", "0", "-c", code, env_extra={}, settings=settings)
    assert result.returncode == 0, result.stderr
    name, backend = result.stdout.split()
    assert name.endswith("db.sqlite3")
    assert backend.endswith(("console.EmailBackend", "locmem.EmailBackend"))
