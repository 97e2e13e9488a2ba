"""Article views and portal visits, counted without a database write per request.

Each web process adds up what it serves in memory, under a lock, and writes the sums in one
short transaction when a request finds the last write a few seconds old (or many requests
counted since):
``count = count + n`` per article, visits per day, and the visitors seen. Several threads and
several processes may count at once; every increment lands exactly once, because each
process adds only its own sums and the database adds them atomically. What a process counted
in its last seconds is lost if it is killed before its next request.

A visitor is known only by a hash of the address and browser, salted with the secret key and
the day, so nothing personal is stored and no cookie is set. A visit is a visitor's first page
after 30 minutes away; "online" counts the visitors seen in the last five minutes.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F, Q, Sum
from django.utils import timezone

from tuyengiao.core.clientip import client_ip
from tuyengiao.portal.models import ArticlePage, ArticleViews, RecentVisitor, VisitDay

logger = logging.getLogger(__name__)

FLUSH_SECONDS = 2.0
FLUSH_EVENTS = 1_000
# Figures shown on pages are re-read from the database at most this often per process.
READ_SECONDS = 5.0
VISIT_GAP = timedelta(minutes=30)
ONLINE_WINDOW = timedelta(minutes=5)


@dataclass(frozen=True)
class VisitStats:
    online: int
    week: int
    month: int
    year: int
    total: int


class _Tally:
    """What this process counted and has not written yet."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.flushing = threading.Lock()
        self.views: Counter[int] = Counter()
        # visitor key → (first, last) sighting since the last write
        self.seen: dict[str, tuple[datetime, datetime]] = {}
        self.events = 0
        self.last_flush = time.monotonic()
        self.read_cache: dict[Any, tuple[float, Any]] = {}

    def take(self) -> tuple[Counter[int], dict[str, tuple[datetime, datetime]]]:
        with self.lock:
            views, seen = self.views, self.seen
            self.views, self.seen, self.events = Counter(), {}, 0
            self.last_flush = time.monotonic()
            return views, seen

    def give_back(self, views: Counter[int], seen: dict[str, tuple[datetime, datetime]]) -> None:
        with self.lock:
            self.views.update(views)
            for key, (first, last) in seen.items():
                _merge_sighting(self.seen, key, first, last)


_tally = _Tally()


def _merge_sighting(
    seen: dict[str, tuple[datetime, datetime]], key: str, first: datetime, last: datetime
) -> None:
    known = seen.get(key)
    seen[key] = (min(first, known[0]), max(last, known[1])) if known else (first, last)


def counting_enabled() -> bool:
    return settings.PORTAL_COUNTING


def visitor_key(request: Any, on: date) -> str:
    """A salted hash of the visitor's address and browser, new every day."""
    raw = "|".join(
        (
            settings.SECRET_KEY,
            on.isoformat(),
            client_ip(request),
            request.META.get("HTTP_USER_AGENT", ""),
        )
    )
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def record(request: Any, article_id: int | None = None) -> None:
    """Count one page served to ``request``'s visitor, and one view of the article."""
    now = timezone.now()
    key = visitor_key(request, timezone.localdate(now))
    with _tally.lock:
        if article_id is not None:
            _tally.views[article_id] += 1
        _merge_sighting(_tally.seen, key, now, now)
        _tally.events += 1
        due = _tally.events >= FLUSH_EVENTS or time.monotonic() - _tally.last_flush >= FLUSH_SECONDS
    if due:
        flush(wait=False)


def flush(*, wait: bool = True) -> None:
    """Write what this process counted. Without ``wait``, leave it to a flush under way.

    A failed write (the database busy or down) keeps the sums for the next flush: a page is
    never refused because of its counter.
    """
    if not _tally.flushing.acquire(blocking=wait):
        return
    try:
        views, seen = _tally.take()
        if not views and not seen:
            return
        try:
            with transaction.atomic():
                _add_visits(seen)
                _add_views(views)
        except DatabaseError:
            logger.warning("Portal counters not written; kept for the next flush.", exc_info=True)
            _tally.give_back(views, seen)
    finally:
        _tally.flushing.release()


def _add_views(views: Counter[int]) -> None:
    existing = set(ArticlePage.objects.filter(pk__in=list(views)).values_list("pk", flat=True))
    for page_id, count in sorted(views.items()):
        if page_id not in existing:
            continue
        rows = ArticleViews.objects.filter(page_id=page_id)
        if rows.update(count=F("count") + count):
            continue
        try:
            with transaction.atomic():
                ArticleViews.objects.create(page_id=page_id, count=count)
        except IntegrityError:  # another process created the row meanwhile
            rows.update(count=F("count") + count)


def _add_visits(seen: dict[str, tuple[datetime, datetime]]) -> None:
    if not seen:
        return
    now = timezone.now()
    today = timezone.localdate(now)
    VisitDay.objects.get_or_create(day=today)
    # Processes that write at the same moment take turns on today's row, so that a visitor
    # two of them saw is counted once.
    list(VisitDay.objects.select_for_update().filter(day=today))
    known = dict(RecentVisitor.objects.filter(key__in=list(seen)).values_list("key", "last_seen"))
    visits: Counter[date] = Counter()
    rows = []
    for key, (first, last) in seen.items():
        previous = known.get(key)
        if previous is None or first - previous > VISIT_GAP:
            visits[timezone.localdate(first)] += 1
        rows.append(RecentVisitor(key=key, last_seen=max(last, previous or last)))
    RecentVisitor.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["key"], update_fields=["last_seen"]
    )
    for day, count in visits.items():
        VisitDay.objects.get_or_create(day=day)
        VisitDay.objects.filter(day=day).update(visits=F("visits") + count)
    RecentVisitor.objects.filter(last_seen__lt=now - VISIT_GAP).delete()


def _read(key: Any, fresh: bool, load: Any) -> Any:
    cached = _tally.read_cache.get(key)
    if not fresh and cached and time.monotonic() - cached[0] < READ_SECONDS:
        return cached[1]
    value = load()
    _tally.read_cache[key] = (time.monotonic(), value)
    return value


def article_views(page_id: int, *, fresh: bool = False) -> int:
    """The article's views: written ones (re-read every few seconds) plus this process's."""
    stored = _read(
        ("views", page_id),
        fresh,
        lambda: (
            ArticleViews.objects.filter(page_id=page_id).values_list("count", flat=True).first()
            or 0
        ),
    )
    with _tally.lock:
        return stored + _tally.views.get(page_id, 0)


def visit_stats(*, fresh: bool = False) -> VisitStats:
    """Online now, visits this week, month, year and in all; one aggregate query and one
    count, re-read every few seconds."""
    return _read("stats", fresh, _load_stats)


def _load_stats() -> VisitStats:
    now = timezone.now()
    today = timezone.localdate(now)
    week = today - timedelta(days=today.weekday())
    sums = VisitDay.objects.aggregate(
        total=Sum("visits"),
        year=Sum("visits", filter=Q(day__gte=today.replace(month=1, day=1))),
        month=Sum("visits", filter=Q(day__gte=today.replace(day=1))),
        week=Sum("visits", filter=Q(day__gte=week)),
    )
    online = RecentVisitor.objects.filter(last_seen__gte=now - ONLINE_WINDOW).count()
    return VisitStats(
        online=online,
        week=sums["week"] or 0,
        month=sums["month"] or 0,
        year=sums["year"] or 0,
        total=sums["total"] or 0,
    )
