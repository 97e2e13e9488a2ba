"""Health checks of the parts the platform needs: database, task queue, search."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Case, F, When
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from tuyengiao.core.task_recovery import stuck_tasks
from tuyengiao.core.task_workers import live_workers

# A check's status: "ok", "warning" (working, but someone should look) or "error".
# The overall status: "ok" when every check is ok, "error" when any is, else "degraded".
OVERALL = {"ok": "ok", "warning": "degraded", "error": "error"}


def _timed(check: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        result = {"status": "ok", **check()}
    except Exception as exc:  # a health check reports failures, it does not raise them
        result = {"status": "error", "error": f"{type(exc).__name__}: {exc}".splitlines()[0]}
    result["latency_ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def _database() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"vendor": connection.vendor}


def _tasks() -> dict[str, Any]:
    """With the database queue: what waits, runs and failed, the oldest wait, tasks stuck
    under a dead worker, and the live workers. An error when no worker is alive (nothing will
    run); a warning when a task has waited over HEALTH_TASK_WAIT_SECONDS or is stuck.
    Seven queries."""
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    info: dict[str, Any] = {"backend": type(backend).__name__}
    if not isinstance(backend, DatabaseBackend):
        return info  # tasks run where they are queued: no worker needed
    now = timezone.now()
    results = DBTaskResult.objects.filter(backend_name=backend.alias)
    waiting = results.ready()
    # A task can run from when it was queued, or from its run_after when that is later.
    runnable_since = Case(
        When(run_after=get_date_max(), then=F("enqueued_at")),
        default=Greatest("enqueued_at", "run_after"),
    )
    oldest = (
        waiting.annotate(since=runnable_since)
        .order_by("since")
        .values_list("since", flat=True)
        .first()
    )
    oldest_wait = max(0, int((now - oldest).total_seconds())) if oldest else 0
    stuck = len(stuck_tasks(backend_name=backend.alias, now=now))
    workers_alive = live_workers(now=now).count()
    info.update(
        waiting=waiting.count(),
        running=results.running().count(),
        failed=results.failed().count(),
        oldest_waiting_seconds=oldest_wait,
        stuck=stuck,
        workers_alive=workers_alive,
    )
    warnings = []
    if oldest_wait > settings.HEALTH_TASK_WAIT_SECONDS:
        warnings.append(
            _(
                "A task has been waiting %(minutes)d minutes to run: the background workers "
                "are not keeping up."
            )
            % {"minutes": oldest_wait // 60}
        )
    if stuck:
        warnings.append(
            _(
                "Tasks marked as running whose background worker has stopped: %(count)d; a "
                "running worker will take them back."
            )
            % {"count": stuck}
        )
    if not workers_alive:
        info["status"] = "error"
        info["error"] = _(
            "No background task worker is running (tuyengiao db_worker): report files, "
            "reminders and other queued work wait until one starts."
        )
    elif warnings:
        info["status"] = "warning"
    if warnings:
        info["warning"] = " ".join(warnings)
    return info


def _search() -> dict[str, Any]:
    backend = get_search_backend()
    list(backend.search("kiểm tra", Page)[:1])
    return {"backend": type(backend).__module__.rsplit(".", 1)[-1]}


CHECKS: dict[str, Callable[[], dict[str, Any]]] = {
    "database": _database,
    "tasks": _tasks,
    "search": _search,
}


def run_health_checks() -> dict[str, Any]:
    """Each check's status and figures, and the overall status: "ok" when every check is ok,
    "error" when any failed, "degraded" when any warns."""
    results = {name: _timed(check) for name, check in CHECKS.items()}
    statuses = {result["status"] for result in results.values()}
    worst = next(status for status in ("error", "warning", "ok") if status in statuses)
    return {"status": OVERALL[worst], "checks": results}
