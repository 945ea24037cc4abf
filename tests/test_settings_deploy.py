"""The scale-out switches of docs/deploy.md, each turned on by the environment: media on S3-compatible
storage, a shared Redis cache, sessions through the cache, the proxy count. Settings are resolved
in a subprocess, as production starts them; nothing contacts a network."""

import json

import pytest

from .test_settings import GOOD_KEY, run_manage

PRINT_SETUP = """
import json

import pytest
from django.conf import settings as s
from django.core.files.storage import default_storage as d
out = {
    "backend": s.STORAGES["default"]["BACKEND"],
    "cache": s.CACHES["default"]["BACKEND"],
    "sessions": s.SESSION_ENGINE,
    "proxies": s.TRUSTED_PROXY_COUNT,
    "ssl_header": list(s.SECURE_PROXY_SSL_HEADER or []),
}
d._setup()
out["storage"] = f"{type(d._wrapped).__module__}.{type(d._wrapped).__name__}"
names = ("bucket_name", "endpoint_url", "region_name", "location", "default_acl", "querystring_auth")
for name in names + ("file_overwrite",):
    out[name] = getattr(d._wrapped, name, None)
print(json.dumps(out))
"""


def resolved(**env) -> dict:
    result = run_manage(
        "shell",
        "-v",
        "0",
        "-c",
        PRINT_SETUP,
        env_extra={"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "ccin.example", **env},
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_a_bucket_media_is_on_the_local_disk_and_the_cache_is_per_process():
    setup = resolved()
    assert setup["backend"] == "django.core.files.storage.FileSystemStorage"
    assert setup["storage"] == "django.core.files.storage.filesystem.FileSystemStorage"
    assert setup["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert setup["sessions"] == "django.contrib.sessions.backends.db"
    assert setup["proxies"] == 0
    assert setup["ssl_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_a_bucket_in_the_environment_puts_media_on_private_s3_storage():
    setup = resolved(
        AWS_STORAGE_BUCKET_NAME="ccin-media",
        AWS_S3_ENDPOINT_URL="https://objects.example.net",
        AWS_S3_REGION_NAME="eu-west-2",
        AWS_ACCESS_KEY_ID="test-key-id",
        AWS_SECRET_ACCESS_KEY="test-secret",
    )
    assert setup["backend"] == "storages.backends.s3.S3Storage"
    assert setup["storage"] == "storages.backends.s3.S3Storage"
    assert setup["bucket_name"] == "ccin-media"
    assert setup["endpoint_url"] == "https://objects.example.net"
    assert setup["region_name"] == "eu-west-2"
    assert setup["location"] == "media"
    assert setup["default_acl"] == "private"  # nothing in the bucket is public
    assert setup["querystring_auth"] is True  # any URL made for an object is signed
    assert setup["file_overwrite"] is False


def test_redis_sessions_and_proxies_switch_on_from_the_environment():
    setup = resolved(
        REDIS_URL="redis://cache.internal:6379/0",
        SESSION_ENGINE="django.contrib.sessions.backends.cached_db",
        TRUSTED_PROXY_COUNT="1",
    )
    assert setup["cache"] == "ccin_site.redis_cache.RedisCache"
    assert setup["sessions"] == "django.contrib.sessions.backends.cached_db"
    assert setup["proxies"] == 1


def test_production_with_every_scale_out_switch_on_still_passes_check_deploy():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "DEBUG",
        env_extra={
            "SECRET_KEY": GOOD_KEY,
            "ALLOWED_HOSTS": "ccin.example",
            "AWS_STORAGE_BUCKET_NAME": "ccin-media",
            "REDIS_URL": "redis://cache.internal:6379/0",
            "SESSION_ENGINE": "django.contrib.sessions.backends.cached_db",
            "TRUSTED_PROXY_COUNT": "1",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_login_lockouts_read_the_client_address_through_the_trusted_proxies(settings, rf):
    """Behind a load balancer every request comes from its address: lock out the client, not the balancer."""
    from axes.helpers import get_client_ip_address

    request = rf.get("/admin/login/", HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.9", REMOTE_ADDR="10.0.0.2")
    assert get_client_ip_address(request) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 1
    assert get_client_ip_address(request) == "203.0.113.9"
    # Axes stores the address in an inet column: a forged value that is no address is stored as none.
    forged = rf.get("/admin/login/", HTTP_X_FORWARDED_FOR="'; DROP TABLE x; --", REMOTE_ADDR="10.0.0.2")
    assert get_client_ip_address(forged) is None
    assert get_client_ip_address(rf.get("/", REMOTE_ADDR="")) is None


@pytest.mark.django_db
def test_a_forged_forwarded_address_at_the_admin_login_is_no_server_error(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for forwarded in ("not an address", "203.0.113.9:443", ""):
        response = client.post(
            "/admin/login/?next=/admin/",
            {"username": "nobody", "password": "wrong-password-123"},
            HTTP_X_FORWARDED_FOR=forwarded,
        )
        assert response.status_code == 200  # the login form again, with its error
