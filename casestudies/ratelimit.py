"""A per-address limit on submissions, kept in the cache (shared by app servers when Redis is used)."""

import ipaddress

from django.conf import settings
from django.core.cache import cache


def client_address(request) -> str:
    """The client's address. Behind N trusted proxies, the Nth address from the right of X-Forwarded-For."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "unknown")


def axes_client_address(request) -> str | None:
    """``client_address`` for django-axes (``AXES_CLIENT_IP_CALLABLE``), which stores it in an inet
    column: a valid IP address, or None (no address, or a forwarded value that is not one)."""
    try:
        return str(ipaddress.ip_address(client_address(request)))
    except ValueError:
        return None


def rate_limit_hit(request, *, scope: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt; True when this address has passed ``limit`` attempts in the window.

    The window starts at an address's first attempt. Every attempt after the first is one
    increment (two round trips to Redis: Django's ``RedisCache.incr`` checks the key exists
    first); the first adds the key after the increment finds nothing.
    """
    key = f"ratelimit:{scope}:{client_address(request)}"
    try:
        count = cache.incr(key)
    except ValueError:  # no attempt in the window yet (or it expired just now)
        if not cache.add(key, 1, timeout=window_seconds):
            count = cache.incr(key)  # another request started the window first
        else:
            count = 1
    return count > limit
