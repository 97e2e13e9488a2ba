"""Rendered portal pages kept in the cache, with the live figures put in on every request.

A page is rendered once with markers where its figures go (views, the statistics box) and
the CSRF token of the language switch; the HTML is cached per path and language. Every
request, cached or not, counts the view and visit and replaces the markers: one cache read and
a few string replacements. :class:`PortalCacheMiddleware` answers anonymous ``GET`` requests
for cached paths before URL resolution and page routing.

Any publish, unpublish, move or deletion of a page starts a new generation of keys, so lists
on the home and section pages never show a withdrawn article; entries also expire after
``PORTAL_PAGE_CACHE_SECONDS``, which bounds how stale a process with its own local-memory
cache can be.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation
from django.utils.cache import patch_vary_headers

from tuyengiao.core.formatting import format_number
from tuyengiao.portal import counters

GENERATION_KEY = "portal:generation"
VIEWS = "@@tg-views@@"
CSRF = "@@tg-csrf@@"
STATS = {
    "online": "@@tg-online@@",
    "week": "@@tg-week@@",
    "month": "@@tg-month@@",
    "year": "@@tg-year@@",
    "total": "@@tg-total@@",
}


@dataclass(frozen=True)
class Entry:
    html: str
    article_id: int | None


def markers() -> dict[str, Any]:
    """Template context: the markers in place of the figures and the CSRF token."""
    return {"csrf_token": CSRF, "view_count": VIEWS, "visit_stats": STATS}


def new_generation() -> None:
    """Forget every cached page (called when the tree or a page's content changes)."""
    if not cache.add(GENERATION_KEY, 1, timeout=None):
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # expired between add and incr
            cache.add(GENERATION_KEY, 1, timeout=None)


def _key(request: HttpRequest) -> str:
    generation = cache.get(GENERATION_KEY, 0)
    return (
        f"portal:page:{generation}:{translation.get_language()}:{request.get_host()}{request.path}"
    )


def cacheable(request: HttpRequest) -> bool:
    """Anonymous, plain reads only: no query string, no session."""
    return (
        request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def store(request: HttpRequest, entry: Entry) -> None:
    if cacheable(request):
        cache.set(_key(request), entry, settings.PORTAL_PAGE_CACHE_SECONDS)


def respond(request: HttpRequest, entry: Entry, *, count: bool = True) -> HttpResponse:
    """Count the request, then the page with today's figures in place of the markers."""
    if count and counters.counting_enabled():
        counters.record(request, entry.article_id)
    html = entry.html
    if entry.article_id is not None and VIEWS in html:
        html = html.replace(VIEWS, format_number(counters.article_views(entry.article_id)))
    if STATS["total"] in html:
        stats = counters.visit_stats()
        for name, marker in STATS.items():
            html = html.replace(marker, format_number(getattr(stats, name)))
    if CSRF in html:
        html = html.replace(CSRF, get_token(request))
    response = HttpResponse(html)
    patch_vary_headers(response, ("Cookie",))
    return response


class PortalCacheMiddleware:
    """Serve cached portal pages before URL resolution; last in ``MIDDLEWARE``, so sessions,
    CSRF and language are handled around it as for any view."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if cacheable(request):
            entry = cache.get(_key(request))
            if entry is not None:
                return respond(request, entry)
        return self.get_response(request)
