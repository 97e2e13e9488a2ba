"""Sign-in throttle: growing delays per (username, address), never a lock of the account.

django-axes records each wrong password for a (username, client address) pair (the address
from :func:`tuyengiao.core.clientip.client_ip`). Its own rule would refuse the pair outright
for ``AXES_COOLOFF_TIME`` once ``AXES_FAILURE_LIMIT`` is reached, and forget every failure
when that time is over. Here the limit starts a short delay instead, which doubles with each
further failure up to a ceiling:

* failures below ``AXES_FAILURE_LIMIT`` (5): no delay;
* the 5th failure: ``LOGIN_FIRST_DELAY`` (1 minute) counted from that failure; the 6th, made
  after the wait, 2 minutes; then 4, 8, and at most ``LOGIN_MAX_DELAY`` (15 minutes);
* a try made during a delay is refused without being counted
  (``AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False``), so it neither lengthens the
  delay nor moves its start: a patient attacker at one address gets one guess per ceiling;
* the failures are remembered for ``AXES_COOLOFF_TIME`` (a day) after the last one, which is
  what lets the delay grow; a successful sign-in clears them.

Because the pair includes the address, an attacker elsewhere only slows themselves: the
person signing in from their own office is not affected. Axes offers no setting for a delay
that grows while the count outlives it (a callable ``AXES_COOLOFF_TIME`` also decides when
axes deletes *every* pair's records), so :class:`GrowingDelayHandler` overrides only
``is_locked``; recording, cleaning and resetting stay axes' own.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

# The doubling stops long before this; the bound keeps 2 ** n small for absurd counts.
_MAX_DOUBLINGS = 20


def delay_after(failures: int) -> timedelta:
    """How long sign-in waits after the ``failures``-th failure in a row (zero below the
    limit; see the module docstring)."""
    limit = int(settings.AXES_FAILURE_LIMIT)
    if failures < limit:
        return timedelta(0)
    doublings = min(failures - limit, _MAX_DOUBLINGS)
    return min(settings.LOGIN_FIRST_DELAY * 2**doublings, settings.LOGIN_MAX_DELAY)


class GrowingDelayHandler(AxesDatabaseHandler):
    """Axes' database handler, refusing a pair only until its current delay is over."""

    def remaining_delay(self, request: HttpRequest, credentials: dict | None = None) -> timedelta:
        """How much longer this request's (username, address) must wait; zero when free.

        One query per lockout parameter group (there is one): the failures remembered for
        the pair, summed over the browsers they came from, and the time of the last one.
        """
        now: datetime = getattr(request, "axes_attempt_time", None) or timezone.now()
        remaining = timedelta(0)
        for attempts in self.get_user_attempts(request, credentials):
            found = attempts.aggregate(
                failures=Sum("failures_since_start"), last=Max("attempt_time")
            )
            if not found["failures"]:
                continue
            ends = found["last"] + delay_after(found["failures"])
            remaining = max(remaining, ends - now)
        return remaining

    def is_locked(self, request: HttpRequest, credentials: dict | None = None) -> bool:
        # Axes' own switch (default on; axes.conf fills it in when settings leave it out).
        if not getattr(settings, "AXES_LOCK_OUT_AT_FAILURE", True):
            return False
        return self.remaining_delay(request, credentials) > timedelta(0)


def wait_minutes(request: HttpRequest, credentials: dict | None = None) -> int:
    """The delay left for ``request``'s pair, in whole minutes rounded up (at least one)."""
    handler = AxesProxyHandler.get_implementation()
    if isinstance(handler, GrowingDelayHandler):
        remaining = handler.remaining_delay(request, credentials)
    else:
        remaining = settings.LOGIN_MAX_DELAY
    return max(1, math.ceil(remaining.total_seconds() / 60))


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """A Vietnamese explanation with the time left to wait, status 429."""
    return render(
        request,
        "tuyengiao/lockout.html",
        {"cooloff_minutes": wait_minutes(request, credentials)},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
