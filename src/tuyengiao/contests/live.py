"""The hot path's memory: round question pools, open attempts and counters (the
rate limits on codes are core/ratelimit.py's).

Everything here lives in Django's cache. With ``REDIS_URL`` set that is Redis, shared by
every web worker, and a round-open rush reads pools and open attempts from it, leaving the
database the durable writes (an attempt started, an attempt submitted). In the embedded
default the cache is each process's memory; every read then falls back to the database when
the cache misses, so nothing depends on it being shared.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache

from tuyengiao.contests.models import Attempt, Contest, Option, Question, Round

POOL_SECONDS = 300
ATTEMPT_SECONDS = 3 * 3600
MINUTE_BUCKETS_SECONDS = 2 * 3600


def shared_cache() -> bool:
    """Whether the cache is shared between processes (Redis), so counters in it are whole."""
    return "redis" in settings.CACHES["default"]["BACKEND"].lower()


def _contest_key(slug: str) -> str:
    return f"contests:contest:{slug}"


def published_contest(slug: str) -> Contest | None:
    """The published contest at ``slug``; every public request starts here."""
    contest = cache.get(_contest_key(slug))
    if contest is None:
        contest = (
            Contest.objects.filter(is_published=True, slug=slug).select_related("organiser").first()
        )
        if contest is not None:
            cache.set(_contest_key(slug), contest, POOL_SECONDS)
    return contest


def forget_contest(*slugs: str) -> None:
    cache.delete_many([_contest_key(slug) for slug in slugs])


@dataclass(frozen=True)
class PoolQuestion:
    id: int
    text: str
    kind: str
    options: dict[int, str]
    correct: frozenset[int]


def _pool_key(round_id: int) -> str:
    return f"contests:pool:{round_id}"


def round_pool(round_: Round) -> dict[int, PoolQuestion]:
    """The round's active questions with their options and keys, by id."""
    pool = cache.get(_pool_key(round_.pk))
    if pool is not None:
        return pool
    questions = Question.objects.filter(contest_id=round_.contest_id, is_active=True)
    if round_.questions.exists():
        questions = questions.filter(rounds=round_)
    options: dict[int, list[Option]] = {}
    for option in Option.objects.filter(question__in=questions).order_by("position"):
        options.setdefault(option.question_id, []).append(option)
    pool = {
        q.pk: PoolQuestion(
            q.pk,
            q.text,
            q.kind,
            {o.pk: o.text for o in options.get(q.pk, [])},
            frozenset(o.pk for o in options.get(q.pk, []) if o.is_correct),
        )
        for q in questions
        if options.get(q.pk)
    }
    cache.set(_pool_key(round_.pk), pool, POOL_SECONDS)
    return pool


def forget_pools(round_ids: list[int]) -> None:
    """Drop cached pools after the questions or a round's pool changed."""
    cache.delete_many([_pool_key(pk) for pk in round_ids])


def _attempt_key(token: str) -> str:
    return f"contests:attempt:{token}"


def remember_attempt(attempt: Attempt) -> None:
    """Keep an open attempt where the question page and the submission find it."""
    cache.set(_attempt_key(str(attempt.token)), attempt, ATTEMPT_SECONDS)


def open_attempt(token: str) -> Attempt | None:
    """The attempt with ``token`` (from the cache while it is open, else the database)."""
    attempt = cache.get(_attempt_key(token))
    if attempt is not None:
        return attempt
    return Attempt.objects.select_related("round").filter(token=token).first()


def forget_attempt(token: str) -> None:
    cache.delete(_attempt_key(token))


def count_start(round_id: int, now: float | None = None) -> None:
    """Count an attempt started in the round's per-minute bucket (for the live monitor)."""
    minute = int((now or time.time()) // 60)
    key = f"contests:starts:{round_id}:{minute}"
    if not cache.add(key, 1, MINUTE_BUCKETS_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # the bucket expired in between
            cache.add(key, 1, MINUTE_BUCKETS_SECONDS)


def starts_per_minute(round_id: int, minutes: int, now: float | None = None) -> list[int]:
    """Attempts started in each of the last ``minutes`` minutes, oldest first."""
    current = int((now or time.time()) // 60)
    keys = [f"contests:starts:{round_id}:{m}" for m in range(current - minutes + 1, current + 1)]
    found: dict[str, Any] = cache.get_many(keys)
    return [int(found.get(key, 0)) for key in keys]
