"""Every public page carries strict security headers under the production settings."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
KEY = "k" * 20 + "production-secret-key-for-the-header-test-0123456789"

FETCH = """
import json
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
from django.core.management import call_command
call_command("migrate", verbosity=0, run_syncdb=True)
client = Client(HTTP_HOST="ccin.example")
response = client.get("/", secure=True)
plain = client.get("/")
health = client.get("/healthz/")
print(json.dumps({
    "status": response.status_code,
    "headers": dict(response.headers),
    "cookies": {k: dict(v) for k, v in response.cookies.items()},
    "plain_status": plain.status_code,
    "plain_location": plain.headers.get("Location", ""),
    "health_status": health.status_code,
}))
"""


@pytest.fixture(scope="module")
def production_response(tmp_path_factory):
    folder = tmp_path_factory.mktemp("production")
    database = folder / "headers.sqlite3"
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "ccin_site.settings.prod",
            "SECRET_KEY": KEY,
            "ALLOWED_HOSTS": "ccin.example",
            "DATABASE_URL": f"sqlite:///{database}",
            "STATIC_ROOT": str(folder / "static"),
        }
    )
    # collectstatic as production runs it: the manifest storage fails on any missing asset.
    collected = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert collected.returncode == 0, collected.stderr
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", FETCH],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_home_page_answers(production_response):
    assert production_response["status"] == 200


def test_plain_http_is_redirected_to_https(production_response):
    assert production_response["plain_status"] == 301
    assert production_response["plain_location"].startswith("https://ccin.example/")


def test_the_health_check_answers_over_plain_http_for_the_load_balancer(production_response):
    assert production_response["health_status"] == 200


def test_content_security_policy_forbids_inline_script_and_style(production_response):
    policy = production_response["headers"]["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives["default-src"] == ["'self'"]
    # Same-origin files only: no inline script, and no nonce (public pages are cached whole).
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]


def test_hsts_for_a_year_with_subdomains(production_response):
    hsts = production_response["headers"]["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts and "includeSubDomains" in hsts


@pytest.mark.parametrize(
    "header,value",
    [
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("X-Frame-Options", "DENY"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ],
)
def test_fixed_security_headers(production_response, header, value):
    assert production_response["headers"][header] == value


def test_permissions_policy_switches_off_powerful_features(production_response):
    policy = production_response["headers"]["Permissions-Policy"]
    for feature in ("camera=()", "geolocation=()", "microphone=()", "payment=()", "usb=()"):
        assert feature in policy


def test_a_cached_page_carries_the_same_strict_policy_as_a_fresh_one(client, db):
    fresh = client.get("/")
    cached = client.get("/")
    assert fresh.headers["Content-Security-Policy"] == cached.headers["Content-Security-Policy"]
    assert "nonce" not in cached.headers["Content-Security-Policy"]
    assert fresh.content == cached.content
