"""The site's own address: every absolute link the service gives out starts with ``SITE_URL``.

Feed ids, sitemap locations, canonical links, open-data URLs, the PDF's "Read online" links and
emailed links are built here from the configured address, never from the request's ``Host``
header: a request sent with another host name (or a cached page served to another reader) can
never make the service publish someone else's address.
"""

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(path: str = "/") -> str:
    """``SITE_URL`` followed by ``path`` (a path from ``reverse()`` or ``get_absolute_url()``)."""
    return f"{settings.SITE_URL}{path}"


def site_protocol() -> str:
    return urlsplit(settings.SITE_URL).scheme or "https"


def site_domain() -> str:
    """The host (and any path prefix) of ``SITE_URL``, as ``Sitemap.get_domain`` wants it."""
    parts = urlsplit(settings.SITE_URL)
    return parts.netloc + parts.path.rstrip("/")


def canonical_url(request) -> str:
    """The page's one address for search engines: ``SITE_URL``, the path, and the page number of a
    paginated list after the first (filters and other parameters are left out)."""
    page = request.GET.get("page", "")
    number = int(page) if page.isascii() and page.isdigit() else 1
    return absolute_url(request.path) + (f"?page={number}" if number > 1 else "")
