"""A per-address limit on submissions, kept in the cache (shared by app servers when Redis is used)."""

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


def rate_limit_hit(request, *, scope: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt; True when this address has passed ``limit`` attempts in the window."""
    key = f"ratelimit:{scope}:{client_address(request)}"
    if cache.add(key, 1, timeout=window_seconds):
        return limit < 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window_seconds)
        count = 1
    return count > limit
