"""The project's middleware: HTTP caching and compression of responses, and admin query checks."""

import re

import brotli
from django.conf import settings
from django.contrib.admin.views.main import ERROR_FLAG
from django.http import HttpResponseRedirect
from django.middleware.gzip import GZipMiddleware
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers

from .public_cache import is_public_response

# What is worth compressing: text, not images or PDFs (already compressed).
_COMPRESSIBLE = re.compile(r"^(text/|application/(json|xml|atom\+xml|javascript|rss\+xml)|image/svg\+xml)")
_ACCEPTS_BROTLI = re.compile(r"\bbr\b")
BROTLI_QUALITY = 5  # fast enough to compress every page as it is sent; better than gzip's 6


def accepts_brotli(request) -> bool:
    return bool(_ACCEPTS_BROTLI.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def brotli_body(content: bytes, content_type: str) -> bytes | None:
    """``content`` compressed with Brotli as this middleware would, or None when it would not be."""
    if len(content) < 200 or not _COMPRESSIBLE.match(content_type):
        return None
    compressed = brotli.compress(content, mode=brotli.MODE_TEXT, quality=BROTLI_QUALITY)
    return compressed if len(compressed) < len(content) else None


def use_brotli_body(response, compressed: bytes) -> None:
    """Send ``compressed`` (``brotli_body`` of the response's content) in its place."""
    patch_vary_headers(response, ("Accept-Encoding",))
    response.content = compressed
    response.headers["Content-Length"] = str(len(compressed))
    etag = response.get("ETag")
    if etag and etag.startswith('"'):
        response.headers["ETag"] = "W/" + etag
    response.headers["Content-Encoding"] = "br"


def _holds_csrf_token(request, response) -> bool:
    """The page used the CSRF token: Django's CSRF middleware then (re)sets its cookie."""
    return settings.CSRF_COOKIE_NAME in response.cookies or bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))


class CompressionMiddleware(GZipMiddleware):
    """Text responses compressed as the client asks: Brotli, else gzip.

    BREACH: a response that holds a CSRF token (a form) is never compressed with Brotli, only
    with Django's gzip, which adds random bytes to each response (``max_random_bytes``, "Heal
    the Breach") on top of Django's per-response masking of the token. Public pages hold no
    token and no personal data, so Brotli can give them its smaller size. Static files are
    compressed ahead of time by whitenoise and never reach this."""

    def process_response(self, request, response):
        if response.has_header("Content-Encoding") or not _COMPRESSIBLE.match(response.get("Content-Type", "")):
            return response
        if not response.streaming and accepts_brotli(request) and not _holds_csrf_token(request, response):
            patch_vary_headers(response, ("Accept-Encoding",))
            compressed = brotli_body(response.content, response.get("Content-Type", ""))
            if compressed is not None:
                use_brotli_body(response, compressed)
                return response
        return super().process_response(request, response)


class CachePolicyMiddleware:
    """``Cache-Control`` for every response whose view did not set one.

    A public response (``public_cache.is_public_response``: the same for everyone) is
    ``public, max-age=0, s-maxage=PUBLIC_HTTP_MAX_AGE``: a reverse proxy or CDN may keep it that
    long, and browsers revalidate it each time, answered with a 304 when nothing changed
    (ConditionalGetMiddleware, from its ``ETag`` and ``Last-Modified``). Everything else (forms,
    pages read with a session, errors, redirects) is ``private, no-store``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        if is_public_response(request, response):
            patch_cache_control(response, public=True, max_age=0, s_maxage=settings.PUBLIC_HTTP_MAX_AGE)
        else:
            patch_cache_control(response, private=True, no_store=True)
        return response


class AdminQueryMiddleware:
    """An admin page asked for with a NUL character in its query string (``?status__exact=%00``,
    ``?q=%00``) gets the admin's own answer to a filter it cannot use: the list, marked ``?e=1``.

    PostgreSQL refuses NUL in any string, and the admin's lists would otherwise pass the value
    straight to a query and answer 500. Form fields need nothing here: Django's ``CharField``
    already refuses NUL. (Out-of-range ids are dropped where ids are read: review_views.py.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(reverse("admin:index")) and any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
        return self.get_response(request)
