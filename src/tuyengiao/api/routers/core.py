"""Platform endpoints: health, version and the caller's own account."""

from __future__ import annotations

import time
from typing import Any, Literal

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest
from ninja import Router, Schema, Status

from tuyengiao import __version__
from tuyengiao.api.auth import caller
from tuyengiao.api.health import run_health_checks

router = Router(tags=["platform"])


class CheckOut(Schema):
    status: Literal["ok", "warning", "error"]
    latency_ms: float
    vendor: str | None = None
    backend: str | None = None
    waiting: int | None = None
    running: int | None = None
    failed: int | None = None
    oldest_waiting_seconds: int | None = None
    stuck: int | None = None
    workers_alive: int | None = None
    warning: str | None = None
    error: str | None = None


class HealthOut(Schema):
    status: Literal["ok", "degraded", "error"]
    version: str
    checks: dict[str, CheckOut]


class VersionOut(Schema):
    version: str
    commit: str
    pending_migrations: int


class MeOut(Schema):
    username: str
    full_name: str
    email: str
    is_superuser: bool
    language: str


@router.get(
    "/health",
    auth=None,
    response={200: HealthOut, 503: HealthOut},
    exclude_none=True,
    summary="Tình trạng hệ thống",
)
def health(request: HttpRequest) -> Status[dict[str, Any]]:
    """Database, task queue and search status: "ok" (200) when every part is ok; "degraded"
    (503) when a part warns, such as tasks waiting too long; "error" (503) when a part fails,
    such as no background worker alive."""
    report = {**run_health_checks(), "version": __version__}
    return Status(200 if report["status"] == "ok" else 503, report)


@router.get("/version", auth=None, response=VersionOut, summary="Phiên bản đang chạy")
def version(request: HttpRequest) -> dict[str, Any]:
    """The running release, its commit (TUYENGIAO_COMMIT) and how many of its migrations the
    database still lacks: 0 once `tuyengiao migrate` has run for this release."""
    return {
        "version": __version__,
        "commit": settings.TUYENGIAO_COMMIT,
        "pending_migrations": _pending_migrations(),
    }


_pending: tuple[float, int] | None = None
PENDING_SECONDS = 10.0


def _pending_migrations() -> int:
    """Reading the migration graph costs tens of milliseconds: anyone may call the endpoint,
    so each process reads it at most every PENDING_SECONDS."""
    global _pending
    if _pending is None or time.monotonic() - _pending[0] > PENDING_SECONDS:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        _pending = (time.monotonic(), len(plan))
    return _pending[1]


@router.get("/me", response=MeOut, summary="Tài khoản đang gọi API")
def me(request: HttpRequest) -> dict[str, Any]:
    """The account the call is made as (session or bearer token)."""
    user = caller(request)
    profile = getattr(user, "wagtail_userprofile", None)
    return {
        "username": user.get_username(),
        "full_name": user.get_full_name(),
        "email": user.email,
        "is_superuser": user.is_superuser,
        "language": (profile.get_preferred_language() if profile else None) or "vi",
    }
