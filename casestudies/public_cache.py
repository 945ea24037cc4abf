"""Whole-page caching of the public pages, and one switch that makes all of it stale at once.

Public pages (the call, the collection's lists, a case study, a theme, council or principle,
a publication) are the same for every visitor, so each is rendered once and kept: in Django's
cache (Redis when ``REDIS_URL`` is set, shared by every app server) and, in front of it, in a
small store in each worker process (``LOCAL_BYTES`` at most, least recently used out first).
A hit runs no database query; from the worker's own store it does not even reach Redis.

Invalidation is by generation. Every stored page (and every value kept with ``remember``)
carries the generation it was made under; ``public_pages_changed()`` starts a new generation
once the current transaction commits, and from then on nothing older is served. It is called
explicitly by the writes that change what public pages show: the workflow's publish and
unpublish, editors' saves of case studies in the admin, admin saves and deletes of calls,
themes, councils, principles and publications, the personal-data erasure of a published
contact, the data commands, and every new version of a call's email wording (which emails
read with ``remember_shared``, ``email_wording.wording_kept``). No ``save()`` and no signal
does it. A page read before a change commits but stored after it carries the old generation,
so it is never served.

The generation lives in the shared cache. The worker that makes a change moves to the new
generation at once; every other worker reads the generation again when it is more than
``GENERATION_CHECK_SECONDS`` (1 s) old, so a change shows everywhere within a second, and a
worker under load asks Redis for it about once a second rather than on every request.

Time changes pages too, with no write at all: a call opens or closes, a publication's day
comes. Every stored page therefore expires at the next midnight (Europe/London) at the
latest, and a view may set an earlier moment (the call page: the next opening or deadline of
any call); ``PUBLIC_CACHE_SECONDS`` bounds everything.

A new release never serves pages kept by the old one: every key includes a fingerprint of the
code and templates that render the pages (``release()``), read once per process.

What is never stored: anything but a 200 GET; a request with a session cookie (staff, or an
officer in the middle of an EOI: pages may show them messages or staff links), which is
served fresh instead; a response that touched the session, the CSRF token or set a cookie; and
an address whose query string is not exactly the one the view understood (``cache_query``),
so that junk parameters cannot fill the cache. Forms, private links and the admin are never
kept as pages; the EOI form's pages read their lists of councils and themes with ``remember``
(``eoi_form_choices``) and their call with ``remember_shared`` (``selectors.call_get_kept``),
so a change to a call reaches another server's EOI form within a second. Search pages, whose addresses anyone can
multiply, are kept only in each worker's own store (bounded), and their rankings (a short
list of ids) in the shared cache for a few minutes (``selectors.search``). If the cache is
down, pages are rendered as if nothing were kept, and writes still succeed.
"""

import datetime
import functools
import hashlib
import logging
import math
import threading
import time
import uuid
from collections import OrderedDict
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, quote_etag
from django.views.decorators.http import condition

logger = logging.getLogger(__name__)

GENERATION_KEY = "public-pages:generation"
PAGE_PREFIX = "public-page:"
VALUE_PREFIX = "public-value:"
# How long a worker trusts the generation it last read from the shared cache.
GENERATION_CHECK_SECONDS = 1.0
# The most each worker process keeps in its own store (page bodies; a kept value counts as 64 KB).
LOCAL_BYTES = 16 * 1024 * 1024
VALUE_BYTES = 64 * 1024


class _Local:
    """This process's generation (and when it was read) and its own least-recently-used store."""

    def __init__(self):
        self.lock = threading.Lock()
        self.generation: str | None = None
        self.checked_at = 0.0
        self.entries: OrderedDict[str, dict] = OrderedDict()
        self.bytes = 0

    def get(self, key: str):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: dict) -> None:
        size = entry["size"]
        if size > LOCAL_BYTES // 4:
            return
        with self.lock:
            old = self.entries.pop(key, None)
            self.bytes -= old["size"] if old else 0
            self.entries[key] = entry
            self.bytes += size
            while self.bytes > LOCAL_BYTES and self.entries:
                _key, dropped = self.entries.popitem(last=False)
                self.bytes -= dropped["size"]


_local = _Local()


def forget_local() -> None:
    """Empty this process's store and forget its generation (tests, after clearing the cache)."""
    global _local
    _local = _Local()


@functools.cache
def release() -> str:
    """A fingerprint of what renders the pages: the app's Python, the templates and the static manifest."""
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    files = [path for folder in ("casestudies", "ccin_site", "templates") for path in (base / folder).rglob("*")]
    files.append(Path(settings.STATIC_ROOT) / "staticfiles.json")
    for path in sorted(files):
        if path.suffix in (".py", ".html", ".txt", ".json") and path.is_file() and "migrations" not in path.parts:
            digest.update(str(path.relative_to(base) if path.is_relative_to(base) else path).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


# --- the generation ----------------------------------------------------------------------------


def public_pages_changed() -> None:
    """Make every cached public page stale once the current transaction commits (at once outside one)."""
    transaction.on_commit(new_generation)


def _generation_value() -> str:
    """A new generation: when it started (Unix time, for ``Last-Modified``) and a random part."""
    return f"{time.time():.3f}-{uuid.uuid4().hex}"


def generation_started_at(generation: str) -> datetime.datetime | None:
    """When ``generation`` started, if it says (one made by ``_generation_value``)."""
    started, _, rest = str(generation).partition("-")
    try:
        return datetime.datetime.fromtimestamp(float(started), tz=datetime.UTC) if rest else None
    except (ValueError, OverflowError):
        return None


def new_generation() -> None:
    """Start a new generation, here at once and everywhere within a second. Never raises."""
    generation = _generation_value()
    _local.generation, _local.checked_at = generation, time.monotonic()
    try:
        cache.set(GENERATION_KEY, generation, timeout=None)
    except Exception:  # noqa: BLE001 - a cache outage must not undo or fail a committed write
        logger.exception("Could not start a new public-pages cache generation")


def current_generation() -> str:
    """The generation: this process's copy if read within the last second, else the shared one."""
    now = time.monotonic()
    if _local.generation is not None and now - _local.checked_at < GENERATION_CHECK_SECONDS:
        return _local.generation
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # A fresh value, never an old one: an evicted generation must not bring back old pages.
        cache.add(GENERATION_KEY, _generation_value(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    _local.generation, _local.checked_at = generation, now
    return generation


# --- kept entries --------------------------------------------------------------------------------


def _is_fresh(entry, generation: str) -> bool:
    return (
        isinstance(entry, dict)
        and entry.get("generation") == generation
        and entry.get("expires_at", 0) > time.time()
        and "size" in entry
    )


def _find(key: str, generation: str):
    """The fresh entry at ``key``: from this process's store, else from the shared cache (and kept here)."""
    entry = _local.get(key)
    if _is_fresh(entry, generation):
        return entry
    entry = cache.get(key)
    if _is_fresh(entry, generation):
        _local.put(key, entry)
        return entry
    return None


def _keep(key: str, entry: dict, *, share: bool = True) -> None:
    _local.put(key, entry)
    if not share:
        return
    try:
        cache.set(key, entry, max(1, math.ceil(entry["expires_at"] - time.time())))
    except Exception:  # noqa: BLE001 - it was worked out; it is simply not shared
        logger.warning("Public cache unavailable; not sharing %s", key, exc_info=True)


def _expires_at(until: datetime.datetime | None = None) -> float:
    """The latest moment a value made now may be used: the cap, next midnight, ``until``."""
    now = timezone.now()
    local = timezone.localtime(now)
    midnight = (local + datetime.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    moments = [now + datetime.timedelta(seconds=settings.PUBLIC_CACHE_SECONDS), midnight]
    if until is not None:
        moments.append(until)
    return time.time() + (min(moments) - now).total_seconds()


def remember(name: str, compute, *, seconds: int | None = None, size: int = VALUE_BYTES):
    """``compute()``, kept until anything public changes (or midnight, or ``seconds`` from now).
    For data several pages (or several requests for one search) share; ``size``: what it counts
    for in a worker's own store.

    Kept once per language: the key always names the active language, so a value holding
    translated text (a fragment, a label) made for a Welsh page is never given to an English one."""
    if settings.PUBLIC_CACHE_SECONDS <= 0:
        return compute()
    key = f"{VALUE_PREFIX}{release()}:{translation.get_language()}:{name}"
    try:
        generation = current_generation()
        entry = _find(key, generation)
    except Exception:  # noqa: BLE001 - without the cache, work it out each time
        logger.warning("Public cache unavailable; computing %s", name, exc_info=True)
        return compute()
    if entry is not None:
        return entry["value"]
    value = compute()
    until = None if seconds is None else timezone.now() + datetime.timedelta(seconds=seconds)
    _keep(key, {"generation": generation, "expires_at": _expires_at(until), "value": value, "size": size})
    return value


def remember_shared(name: str, compute, **kwargs):
    """``remember``, where every worker reads one cache (``PUBLIC_CACHE_SHARED``: Redis); else
    ``compute()`` each time. For what a form or an email must not read stale for long (a call's
    deadline, an email's wording): with a cache per process, a new generation started by one
    worker would reach the others only when their copies expired."""
    if not settings.PUBLIC_CACHE_SHARED:
        return compute()
    return remember(name, compute, **kwargs)


# --- pages ---------------------------------------------------------------------------------------


def query_pairs(query) -> tuple[tuple[str, str], ...]:
    """A query string (a QueryDict, or a dict of strings and lists) as sorted pairs, blanks dropped."""
    if hasattr(query, "lists"):
        items = query.lists()
    else:
        items = ((name, value if isinstance(value, list | tuple) else [value]) for name, value in query.items())
    return tuple(sorted((name, str(value)) for name, values in items for value in values if str(value) != ""))


def page_key(request) -> str:
    address = f"{translation.get_language()}|{request.path}|{query_pairs(request.GET)}"
    return f"{PAGE_PREFIX}{release()}:{hashlib.sha256(address.encode()).hexdigest()}"


def is_public_request(request) -> bool:
    """A read by someone with no session: what they get is what anyone would."""
    return request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES


def is_cacheable_request(request) -> bool:
    return settings.PUBLIC_CACHE_SECONDS > 0 and is_public_request(request)


def is_public_response(request, response) -> bool:
    """The same for everyone, so any cache may keep it: a 200 to a public request that set no
    cookie, changed no session and holds no CSRF token. (middleware.CachePolicyMiddleware marks
    these ``public``, everything else ``private, no-store``.)"""
    session = getattr(request, "session", None)
    return (
        is_public_request(request)
        and response.status_code == 200
        and not response.cookies
        and not (session is not None and session.modified)
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def _is_storable(request, response, cache_query) -> bool:
    return (
        request.method == "GET"
        and is_public_response(request, response)
        and not response.streaming
        and not response.has_header("Cache-Control")
        and query_pairs(request.GET) == query_pairs(cache_query)
    )


def _page_entry(response, generation: str, expires_at: float) -> dict:
    """What is kept of a page: its body, and what each hit would otherwise work out again from it
    (the ETag, ConditionalGetMiddleware's MD5 of the body; the Brotli body, CompressionMiddleware's)."""
    from .middleware import brotli_body  # the middleware reads this module's rules

    content = response.content
    compressed = brotli_body(content, response["Content-Type"])
    return {
        "generation": generation,
        "expires_at": expires_at,
        "content": content,
        "content_type": response["Content-Type"],
        "etag": quote_etag(hashlib.md5(content, usedforsecurity=False).hexdigest()),
        "br": compressed,
        "size": len(content) + len(compressed or b""),
        "made_at": time.time(),
    }


def _send_kept(request, response, entry: dict) -> None:
    """A kept page's validator, and its Brotli body to a client that takes it."""
    from .middleware import accepts_brotli, use_brotli_body

    if "etag" in entry:
        response["ETag"] = entry["etag"]
    if entry.get("br") and accepts_brotli(request):
        use_brotli_body(response, entry["br"])


class PublicPageCacheMixin:
    """For a public page's view: serve it from the cache, or render it and keep it.

    While rendering, the view sets ``self.cache_query`` to the query parameters it understood
    (``{}`` by default, e.g. ``{"page": "2"}``) and may set ``self.cache_until`` to an earlier
    moment at which the page changes by itself.

    ``share_public_page = False`` keeps the page in each worker's own store only (bounded,
    least recently used out first), never in the shared cache: for pages whose addresses anyone
    can multiply (search), so that they cannot fill the shared cache.
    """

    cache_public_page = True
    share_public_page = True

    def dispatch(self, request, *args, **kwargs):
        if not (self.cache_public_page and is_cacheable_request(request)):
            return super().dispatch(request, *args, **kwargs)
        key = page_key(request)
        try:
            generation = current_generation()
            entry = _find(key, generation)
        except Exception:  # noqa: BLE001 - without the cache, every page is rendered
            logger.warning("Public cache unavailable; rendering %s", request.path, exc_info=True)
            return super().dispatch(request, *args, **kwargs)
        if entry is not None:
            response = HttpResponse(entry["content"], content_type=entry["content_type"])
            response["Last-Modified"] = http_date(entry.get("made_at", time.time()))
            _send_kept(request, response, entry)
        else:
            self.cache_query, self.cache_until = {}, None
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            if _is_storable(request, response, self.cache_query):
                entry = _page_entry(response, generation, _expires_at(self.cache_until))
                _keep(key, entry, share=self.share_public_page)
                response["Last-Modified"] = http_date(entry["made_at"])
                response["ETag"] = entry["etag"]
        patch_vary_headers(response, ("Cookie",))
        return response


def page_query(request, page) -> dict:
    """The ``page`` parameter as a paginated view understood it: present only if it was asked for."""
    return {"page": str(page.number)} if page is not None and "page" in request.GET else {}


# --- conditional requests -------------------------------------------------------------------------


def _generation_or_none() -> str | None:
    try:
        return current_generation()
    except Exception:  # noqa: BLE001 - without the cache, no validator: the output is sent whole
        logger.warning("Public cache unavailable; no validator", exc_info=True)
        return None


def generation_etag(request) -> str | None:
    """A weak ETag for an output that changes only when public content does (the feed, the open
    data): this release, the generation, and the address as asked for (host, path, query, language)."""
    generation = _generation_or_none()
    if generation is None:
        return None
    address = f"{release()}|{generation}|{translation.get_language()}|{request.get_host()}|{request.get_full_path()}"
    return 'W/"' + hashlib.sha256(address.encode()).hexdigest()[:32] + '"'


def generation_last_modified(request) -> datetime.datetime | None:
    """When the current generation started: nothing public has changed since."""
    generation = _generation_or_none()
    return generation_started_at(generation) if generation is not None else None


def conditional_on_generation(view):
    """``view`` answering If-None-Match and If-Modified-Since with 304, from the generation alone
    (no query, nothing rendered); its 200s carry the same ETag and Last-Modified."""
    return condition(etag_func=generation_etag, last_modified_func=generation_last_modified)(view)
