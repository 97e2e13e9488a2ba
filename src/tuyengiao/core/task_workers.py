"""Who is working on the background tasks: each worker's heartbeat (``core.TaskWorker``).

A worker (``tuyengiao db_worker``, core/management/commands/db_worker.py) registers itself
when it starts, and a thread of its own refreshes ``last_seen`` every
``TASK_HEARTBEAT_SECONDS`` — from a thread, because a worker busy with a report that takes
minutes is alive all the same. It deletes its row when it stops cleanly. A worker killed
outright (SIGKILL, the OOM killer, a power cut) leaves its row behind; once the row is
``TASK_LEASE_SECONDS`` old the worker counts as dead, and the task it was running is
recovered (task_recovery.py).

Each write here is one short statement outside any transaction, so that the heartbeat never
holds a lock the worker's own task might wait for.
"""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from tuyengiao.core.models import TaskWorker


def lease() -> timedelta:
    """How long a worker may stay silent before it counts as dead."""
    return timedelta(seconds=settings.TASK_LEASE_SECONDS)


def live_workers(*, now: datetime | None = None) -> QuerySet[TaskWorker]:
    """Workers heard from within the lease."""
    moment = now or timezone.now()
    return TaskWorker.objects.filter(last_seen__gte=moment - lease())


def worker_register(*, worker_id: str) -> TaskWorker:
    """Record the worker of this process as alive (again, if the id was used before)."""
    now = timezone.now()
    worker, _created = TaskWorker.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "host": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": now,
            "last_seen": now,
        },
    )
    return worker


def worker_beat(*, worker_id: str) -> None:
    """Say the worker is alive. If another worker removed its row as dead (this process was
    paused for longer than the lease), the row is written again."""
    if not TaskWorker.objects.filter(pk=worker_id).update(last_seen=timezone.now()):
        worker_register(worker_id=worker_id)


def worker_unregister(*, worker_id: str) -> None:
    """Forget the worker: it stops cleanly."""
    TaskWorker.objects.filter(pk=worker_id).delete()


def dead_workers_remove(*, now: datetime) -> int:
    """Delete the rows of workers not heard from within the lease; returns how many."""
    deleted, _by_model = TaskWorker.objects.filter(last_seen__lt=now - lease()).delete()
    return deleted
