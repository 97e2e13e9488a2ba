"""Health checks of the parts the platform needs: database, task queue, search."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import connection
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

# Tasks waiting longer than this suggest that no worker is running.
STALE_QUEUE_AFTER = timedelta(minutes=5)


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
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    info: dict[str, Any] = {"backend": type(backend).__name__}
    if isinstance(backend, DatabaseBackend):
        waiting = DBTaskResult.objects.ready()
        oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
        info["waiting"] = waiting.count()
        info["running"] = DBTaskResult.objects.running().count()
        info["failed"] = DBTaskResult.objects.failed().count()
        if oldest is not None and timezone.now() - oldest > STALE_QUEUE_AFTER:
            info["status"] = "warning"
            info["warning"] = (
                "Có tác vụ chờ quá 5 phút: tiến trình xử lý tác vụ nền có thể chưa chạy."
            )
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
    """Each check's status and figures; the overall status is "error" if any check failed."""
    results = {name: _timed(check) for name, check in CHECKS.items()}
    failed = any(result["status"] == "error" for result in results.values())
    return {"status": "error" if failed else "ok", "checks": results}
