"""Every public page carries strict security headers under the production settings."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
KEY = "k" * 20 + "production-secret-key-for-the-header-test-0123456789"

FETCH = r"""
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
from django.contrib.staticfiles.storage import staticfiles_storage
app = client.get(staticfiles_storage.url("js/app.mjs"), secure=True)
app_body = b"".join(app.streaming_content).decode() if app.streaming else app.content.decode()
names = __import__("re").findall(r'from "\./([^"]+)"', app_body)
imported = [client.get("/static/js/" + name, secure=True) for name in names]
compressed = client.get("/", secure=True, HTTP_ACCEPT_ENCODING="gzip, br")
print(json.dumps({
    "app_url": staticfiles_storage.url("js/app.mjs"),
    "app_cache_control": app.headers.get("Cache-Control", ""),
    "app_body": app_body,
    "imported_cache_control": [r.headers.get("Cache-Control", "") for r in imported],
    "imported_status": [r.status_code for r in imported],
    "compressed_encoding": compressed.headers.get("Content-Encoding", ""),
    "compressed_cache_control": compressed.headers.get("Cache-Control", ""),
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


# --- production responses: every script hashed and immutable, pages compressed ----------------------


def test_every_script_is_a_hashed_file_cached_as_immutable(production_response):
    """The module's imports are rewritten to hashed names, so nothing it loads is cached for 60 s."""
    assert re.search(r"/static/js/app\.[0-9a-f]{12}\.mjs$", production_response["app_url"])
    assert "immutable" in production_response["app_cache_control"]
    imports = re.findall(r'import .* from "([^"]+)";', production_response["app_body"])
    source = (Path(__file__).resolve().parent.parent / "static" / "js" / "app.mjs").read_text()
    assert len(imports) == len(re.findall(r'^import .* from "([^"]+)";', source, re.MULTILINE)) >= 3
    for name in imports:
        assert re.search(r"\.[0-9a-f]{12}\.js$", name), name
    assert set(production_response["imported_status"]) == {200}
    assert all("immutable" in value for value in production_response["imported_cache_control"])


def test_public_pages_are_compressed_and_may_be_kept_briefly_by_a_proxy(production_response):
    assert production_response["compressed_encoding"] == "br"
    assert production_response["compressed_cache_control"] == "public, max-age=0, s-maxage=60"
