"""Settings shared by every environment. Everything that differs is read from the environment."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Before the admin, so that its admin classes and its template tags are found first.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.syndication",
    "crispy_forms",
    "crispy_forms_gds",
    "csp",
    "axes",
    "casestudies",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Responses, on their way out (bottom to top): Cache-Control, then ETag and 304s from the
    # uncompressed body, then Brotli or gzip.
    "casestudies.middleware.CompressionMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "casestudies.middleware.CachePolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language is the address's (/cy/… Welsh), the admin's English: casestudies/language.py.
    "casestudies.language.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "casestudies.middleware.AdminQueryMiddleware",
    "csp.middleware.CSPMiddleware",
    # AxesMiddleware should be the last middleware.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ccin_site.urls"
WSGI_APPLICATION = "ccin_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "casestudies.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a writer rather than failing at once; begin writes immediately so two
    # submissions serialise instead of deadlocking on the upgrade from a read lock.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Admin login protection (django-axes): lock a username from an address after repeated failures.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# The client's address as the EOI rate limit reads it: behind TRUSTED_PROXY_COUNT proxies, from X-Forwarded-For.
AXES_CLIENT_IP_CALLABLE = "casestudies.ratelimit.axes_client_address"

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", _("English")), ("cy", _("Welsh"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and numbers: Django's own formats, corrected where they are not the house style (ccin_site/formats/).
FORMAT_MODULE_PATH = ["ccin_site.formats"]
# The language switch's record of a reader's choice (it matters only at /, see casestudies/language.py).
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
# A browser that prefers Welsh is sent from / to /cy/ only when every message has its Welsh: the
# catalogue check in `make test` (tests/test_catalogue.py) fails while any is missing or fuzzy, so
# a release that passes its tests is complete. Set WELSH_COMPLETE=0 to ship an unfinished catalogue.
WELSH_COMPLETE = env_bool("WELSH_COMPLETE", True)
# What CCIN writes (a call's text, themes, principles, publications, email wording) has an English
# and a Welsh field, registered in casestudies/translation.py: ``title_en_gb`` and ``title_cy``.
# Where the Welsh is empty the English shows (templatetags ``field_lang`` marks it lang="en-GB").
MODELTRANSLATION_LANGUAGES = ("en-gb", "cy")
MODELTRANSLATION_DEFAULT_LANGUAGE = "en-gb"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en-gb",)
MODELTRANSLATION_PREPOPULATE_LANGUAGE = "en-gb"  # slugs are made from the English
MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME = lambda verbose_name, language: (  # noqa: E731
    f"{verbose_name} ({'Welsh' if language == 'cy' else 'English'})"
)
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names, and the imports inside JavaScript modules rewritten to them (casestudies/storage.py).
    "staticfiles": {"BACKEND": "casestudies.storage.StaticStorage"},
}
# Media (the re-encoded case study images) on S3-compatible storage when a bucket is named, so
# that every app server sees the same files (docs/deploy.md). Private objects: the app reads
# them and serves them itself (views check the case study first), so no object is public and
# any URL made for one is signed and short-lived. Credentials come from boto3's own chain
# (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY in the environment, or an instance role).
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "location": os.environ.get("AWS_S3_LOCATION", "media"),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
        },
    }
# Uploads larger than this go to a temporary file rather than memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# A form post (text only) larger than this is refused; image uploads are streamed to disk.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# Cache: Redis when REDIS_URL is set (shared by every app server), else per-process memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "ccin_site.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "ccin"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ccin"}}
# Public pages are kept whole in that cache until something they show changes, and for at most
# this long (casestudies/public_cache.py). 0 turns the page cache off.
PUBLIC_CACHE_SECONDS = int(os.environ.get("PUBLIC_CACHE_SECONDS", "3600"))
# Whether every worker reads one cache (Redis). Only then does the EOI form keep its call and an
# email its wording (public_cache.remember_shared): with a cache per process, an admin's change
# would reach the other workers only when their copy expired.
PUBLIC_CACHE_SHARED = bool(REDIS_URL)
# How long a reverse proxy or CDN may keep a public page (Cache-Control: s-maxage); browsers
# revalidate every time (max-age=0) and get a 304 when nothing changed. casestudies/middleware.py.
PUBLIC_HTTP_MAX_AGE = int(os.environ.get("PUBLIC_HTTP_MAX_AGE", "60"))

# Email: the console by default; SMTP when EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
else:
    EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
    # For the file-based backend (e.g. the load test): one file per message, in this folder.
    EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", "")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "CCIN case studies <comms@councils.coop>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL


def email_sending_mode(value: str) -> str:
    """EMAIL_SENDING checked: one of the two modes, or ImproperlyConfigured."""
    if value not in {"after_commit", "queue"}:
        raise ImproperlyConfigured(f'EMAIL_SENDING must be "after_commit" or "queue", not {value!r}.')
    return value


# When emails go out (casestudies/emails.py). "after_commit": sent by the web request itself,
# once its transaction commits. "queue": the request only logs the email as pending, and a
# `manage.py send_emails --loop` process (docs/deploy.md) sends it.
EMAIL_SENDING = email_sending_mode(os.environ.get("EMAIL_SENDING") or "after_commit")

# Site identity, used in templates and emails.
SITE_NAME = os.environ.get("SITE_NAME", "CCIN case studies")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "comms@councils.coop")

# The privacy notice (/privacy/, casestudies/privacy.py): who the data controller is, how to reach
# them and any data protection officer, and what the data is used for. How long it is kept comes
# from each call's "days to keep personal data".
PRIVACY_CONTROLLER = {
    # The default is translated (the Welsh page names CCIN in Welsh); a name set here is shown as written.
    "name": os.environ.get("PRIVACY_CONTROLLER_NAME") or _("The Co-operative Councils' Innovation Network (CCIN)"),
    "address": os.environ.get("PRIVACY_CONTROLLER_ADDRESS", ""),  # shown when set; "|" starts a new line
}
PRIVACY_CONTACT_EMAIL = os.environ.get("PRIVACY_CONTACT_EMAIL", CONTACT_EMAIL)
PRIVACY_DPO = {"name": os.environ.get("PRIVACY_DPO_NAME", ""), "email": os.environ.get("PRIVACY_DPO_EMAIL", "")}
# One purpose per item; in the environment, separate them with "|".
PRIVACY_PURPOSES = [item.strip() for item in os.environ.get("PRIVACY_PURPOSES", "").split("|") if item.strip()] or [
    _("acknowledge expressions of interest and case studies"),
    _("review expressions of interest and decide which councils to invite to write a case study"),
    _(
        "tell councils whether they are invited, send them a private link to their case study, "
        "and remind them of deadlines"
    ),
    _("ask about changes to a case study before it is published"),
    _("publish a case study's contact for enquiries, but only when the council has said we may"),
    _("keep the website and its staff pages secure"),
]

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
# Must match the govuk-frontend version pinned in package.json.
CRISPY_GDS_FRONTEND_VERSION = "5.14.0"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Sessions in the database (shared by every app server); "django.contrib.sessions.backends.cached_db"
# with REDIS_URL reads them from the shared cache first.
SESSION_ENGINE = os.environ.get("SESSION_ENGINE", "django.contrib.sessions.backends.db")
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Permissions-Policy: the service needs none of the browser's powerful features.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "sync-xhr",
        "usb",
        "xr-spatial-tracking",
    )
}

# Content-Security-Policy: no inline script or style, and no nonce: the GOV.UK page template's
# "js-enabled" switch is a static file (static/js/js-enabled.js), so a page kept whole in the
# cache is the same for everyone and still matches the policy.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# Expressions of interest: final submissions allowed from one address per hour.
EOI_SUBMISSIONS_PER_HOUR = int(os.environ.get("EOI_SUBMISSIONS_PER_HOUR", "20"))
# Number of reverse proxies in front of the app that append to X-Forwarded-For (0: use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_VERBOSE = False
