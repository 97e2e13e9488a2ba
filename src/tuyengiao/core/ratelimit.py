"""Counting requests against a limit in Django's cache.

A fixed window per key: the first hit starts a window of ``window_seconds`` and each hit adds
one; once more than ``limit`` hits fall in the window the answer is no until it ends. With
``REDIS_URL`` set the cache is Redis, so the count is shared by every web process; with the
default local-memory cache each process counts for itself (a limit of 5 becomes 5 per
process), which is acceptable for the one-process embedded default.
"""

from __future__ import annotations

from django.core.cache import cache


def allow(key: str, limit: int, window_seconds: int) -> bool:
    """Count one hit on ``key``; False once more than ``limit`` hits fall in the window."""
    full_key = f"ratelimit:{key}"
    if cache.add(full_key, 1, window_seconds):
        return limit >= 1
    try:
        hits = cache.incr(full_key)
    except ValueError:  # the window ended between add() and incr(): this hit starts a new one
        cache.add(full_key, 1, window_seconds)
        hits = 1
    return hits <= limit
