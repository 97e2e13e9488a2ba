"""Tasks lost with their worker: run again, or marked failed, never left "running".

django-tasks-db marks a task RUNNING when a worker claims it, and only that worker ever
marks it done. A worker killed outright (SIGKILL, the OOM killer, a power cut) therefore
leaves its task RUNNING forever, and whatever tracks the task (a report file's progress)
says "running" forever too. So every worker looks, when it starts and then every half
lease (core/management/commands/db_worker.py), for RUNNING tasks whose last worker
(``worker_ids[-1]``) has no live heartbeat (task_workers.py) and that started at least a
lease ago — the second condition spares tasks just claimed by a worker that has not beaten
yet. A lost task tried fewer than ``TASK_MAX_ATTEMPTS`` times (one try per entry of
``worker_ids``) goes back to the queue; otherwise it is marked FAILED with the reason.

Races: the candidates are read with ``select_for_update(skip_locked=True)`` inside one
transaction, so that two workers recovering at the same moment on PostgreSQL never both take
the same task; SQLite has no row locks, so there the transaction is exclusive
(django-tasks-db's ``exclusive_transaction``) and the second worker waits, then finds the task
no longer RUNNING. A worker that was only paused (SIGSTOP, a frozen virtual machine) for
longer than the lease may wake up and finish a task that was meanwhile run again: a task runs
at least once, so tasks must be safe to run twice (a report file is simply written again).

Whoever owns a task may need to know: ``@on_task_lost(task)`` registers a function called,
after the commit, with a :class:`LostTask` (reporting marks the report file queued again or
failed). Handlers are written beside their task, so importing the task registers them; the
task's module is imported here before its handlers are looked up. For a task marked failed,
django-tasks' ``task_finished`` signal is sent too, as the worker sends it for any failure.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks_db.compat import (
    DEFAULT_TASK_BACKEND_ALIAS,
    Task,
    TaskResultStatus,
    task_finished,
)
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from tuyengiao.core.task_workers import dead_workers_remove, lease, live_workers

logger = logging.getLogger(__name__)


class WorkerLost(Exception):
    """Recorded as the error of a task whose worker died while running it."""


@dataclass(frozen=True)
class LostTask:
    """A task found RUNNING under a dead worker, and what was done about it."""

    result_id: str
    task_path: str
    args: list[Any]
    kwargs: dict[str, Any]
    attempts: int  # runs started so far, the lost one included
    retried: bool  # back in the queue; otherwise marked failed
    reason: str  # for people, in the interface language


LostTaskHandler = Callable[[LostTask], None]
_handlers: defaultdict[str, list[LostTaskHandler]] = defaultdict(list)


def on_task_lost(task: Task[Any, Any]) -> Callable[[LostTaskHandler], LostTaskHandler]:
    """Decorator: call the function when a run of ``task`` is lost with its worker."""

    def register(handler: LostTaskHandler) -> LostTaskHandler:
        if handler not in _handlers[task.module_path]:
            _handlers[task.module_path].append(handler)
        return handler

    return register


def stuck_tasks(
    *, backend_name: str = DEFAULT_TASK_BACKEND_ALIAS, now: datetime | None = None
) -> list[DBTaskResult]:
    """RUNNING tasks whose worker is dead (what the next recovery will take). Two queries."""
    moment = now or timezone.now()
    alive = set(live_workers(now=moment).values_list("worker_id", flat=True))
    running = DBTaskResult.objects.running().filter(backend_name=backend_name)
    return [result for result in running if _is_lost(result, alive=alive, now=moment)]


def lost_tasks_recover(
    *, backend_name: str = DEFAULT_TASK_BACKEND_ALIAS, restarted_worker_id: str = ""
) -> list[LostTask]:
    """Queue again, or fail, the RUNNING tasks whose worker died; remove dead workers' rows.

    ``restarted_worker_id``: the id of a worker starting now. A task still RUNNING under that
    id was claimed by an earlier process that used the same id (a service given a fixed
    ``--worker-id``) and is lost whatever the heartbeat says, since the new process has not
    started it.
    """
    now = timezone.now()
    database = DBTaskResult.objects.db
    with exclusive_transaction(database):
        alive = set(live_workers(now=now).values_list("worker_id", flat=True))
        candidates = (
            DBTaskResult.objects.running()
            .filter(backend_name=backend_name)
            .select_for_update(skip_locked=True)
        )
        lost = [
            (result, _settle(result))
            for result in candidates
            if _is_lost(result, alive=alive, now=now, restarted_worker_id=restarted_worker_id)
        ]
        dead_workers_remove(now=now)
        if lost:
            transaction.on_commit(lambda: _tell_owners(lost), using=database)
    return [found for _result, found in lost]


def _is_lost(
    result: DBTaskResult, *, alive: set[str], now: datetime, restarted_worker_id: str = ""
) -> bool:
    last_worker = result.worker_ids[-1] if result.worker_ids else ""
    if restarted_worker_id and last_worker == restarted_worker_id:
        return True
    started_long_ago = result.started_at is None or result.started_at <= now - lease()
    return last_worker not in alive and started_long_ago


def _settle(result: DBTaskResult) -> LostTask:
    """Put the lost ``result`` back in the queue, or mark it failed (inside the transaction)."""
    attempts = len(result.worker_ids)
    retried = attempts < settings.TASK_MAX_ATTEMPTS
    if retried:
        reason = _(
            "The background worker stopped abruptly while running this task; it will be "
            "run again (attempt %(attempt)d of %(limit)d)."
        ) % {"attempt": attempts + 1, "limit": settings.TASK_MAX_ATTEMPTS}
        result.status = TaskResultStatus.READY
        result.save(update_fields=["status"])
        logger.warning(
            "task %s (%s) lost with its worker; queued again", result.pk, result.task_path
        )
    else:
        reason = _(
            "The background worker stopped abruptly while running this task "
            "(attempts made: %(attempts)d)."
        ) % {"attempts": attempts}
        result.set_failed(WorkerLost(reason))
        logger.error("task %s (%s) lost with its worker; failed", result.pk, result.task_path)
    return LostTask(
        result_id=str(result.pk),
        task_path=result.task_path,
        args=list(result.args_kwargs.get("args", [])),
        kwargs=dict(result.args_kwargs.get("kwargs", {})),
        attempts=attempts,
        retried=retried,
        reason=reason,
    )


def _tell_owners(lost: list[tuple[DBTaskResult, LostTask]]) -> None:
    """Call the task's handlers and, for a failed task, django-tasks' ``task_finished``. One
    handler failing does not keep the others from hearing."""
    for result, found in lost:
        try:
            import_string(found.task_path)  # registers the handlers written beside the task
        except ImportError:
            logger.warning("task %s: its code %s is gone", found.result_id, found.task_path)
            continue
        for handler in list(_handlers.get(found.task_path, ())):
            try:
                handler(found)
            except Exception:
                logger.exception("handler of lost task %s failed", found.result_id)
        if not found.retried:
            try:
                task_result = result.task_result
                task_finished.send(type(task_result.task.get_backend()), task_result=task_result)
            except Exception:
                logger.exception("announcing the failure of task %s failed", found.result_id)
