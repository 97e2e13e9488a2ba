"""``tuyengiao db_worker``: django-tasks-db's worker, with a heartbeat and lost-task recovery.

The options and the work are django-tasks-db's own. This app comes before ``django_tasks_db``
in INSTALLED_APPS, so this command is the one every way of starting a worker runs
(``tuyengiao serve``, a systemd unit). In addition, the worker:

* records itself in ``core.TaskWorker`` when it starts, and deletes the row when it stops
  cleanly (at the end of ``--batch``, on Ctrl-C or SIGTERM, when the auto-reloader restarts
  it). Under the auto-reloader (``--reload``, development), SIGTERM to the whole process group
  makes the reloader kill the worker outright: its row then lapses after the lease;
* refreshes the row every ``TASK_HEARTBEAT_SECONDS`` from a thread, so that a worker busy with
  a long task still counts as alive;
* when it starts, and then every half ``TASK_LEASE_SECONDS``, takes back the tasks of workers
  that died while running them (core/task_recovery.py), and says so on its output.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.db import close_old_connections, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands.db_worker import Command as BaseCommand
from django_tasks_db.management.commands.db_worker import Worker as BaseWorker

from tuyengiao.core.task_recovery import LostTask, lost_tasks_recover
from tuyengiao.core.task_workers import worker_beat, worker_register, worker_unregister

logger = logging.getLogger(__name__)


class Heartbeat(threading.Thread):
    """The worker's pulse: its row refreshed every ``TASK_HEARTBEAT_SECONDS``, and dead
    workers' tasks recovered every half lease. Runs on its own database connection."""

    def __init__(self, worker: HeartbeatWorker) -> None:
        super().__init__(name=f"heartbeat-{worker.worker_id}", daemon=True)
        self.worker = worker
        self.stopped = threading.Event()

    def run(self) -> None:
        every = settings.TASK_HEARTBEAT_SECONDS
        recover_every = settings.TASK_LEASE_SECONDS / 2
        last_recovery = time.monotonic()
        try:
            while not self.stopped.wait(every):
                close_old_connections()
                try:
                    worker_beat(worker_id=self.worker.worker_id)
                except Exception:  # the database may be back at the next beat
                    logger.exception("heartbeat of task worker %s failed", self.worker.worker_id)
                if time.monotonic() - last_recovery >= recover_every:
                    last_recovery = time.monotonic()
                    self.worker.recover()
        finally:
            connections.close_all()

    def stop(self) -> None:
        self.stopped.set()
        if self.is_alive() and threading.current_thread() is not self:
            self.join(timeout=settings.TASK_HEARTBEAT_SECONDS + 5)


class HeartbeatWorker(BaseWorker):
    """django-tasks-db's worker, which also says it is alive and recovers lost tasks."""

    def __init__(self, *, say: Callable[[str], None], **options: Any) -> None:
        super().__init__(**options)
        self.say = say
        self.heartbeat: Heartbeat | None = None

    def run(self) -> None:
        worker_register(worker_id=self.worker_id)
        # The auto-reloader and the signal handlers end the process with sys.exit() from the
        # main thread, which may not be this one: the row is deleted at exit in any case.
        atexit.register(self.stop_beating)
        self.heartbeat = Heartbeat(self)
        self.heartbeat.start()
        try:
            self.recover(restarted=True)
            super().run()
        finally:
            self.stop_beating()

    def recover(self, *, restarted: bool = False) -> None:
        """Take back the tasks of dead workers; a failure is logged, the worker goes on."""
        try:
            lost = lost_tasks_recover(
                backend_name=self.backend_name,
                restarted_worker_id=self.worker_id if restarted else "",
            )
        except Exception:
            logger.exception("recovering lost tasks failed (worker %s)", self.worker_id)
            return
        for found in lost:
            self.say(_describe(found))

    def stop_beating(self) -> None:
        """Stop the heartbeat, then delete the row (in this order, or the beat could write
        it again)."""
        if self.heartbeat is not None:
            self.heartbeat.stop()
        try:
            worker_unregister(worker_id=self.worker_id)
        except Exception:  # it will count as dead after the lease
            logger.exception("could not remove task worker %s", self.worker_id)


def _describe(found: LostTask) -> str:
    outcome = "đã xếp lại vào hàng đợi" if found.retried else "đã đánh dấu thất bại"
    return (
        f"Tác vụ {found.result_id} ({found.task_path}) bị mất tiến trình xử lý khi đang chạy "
        f"(lần thử {found.attempts}): {outcome}."
    )


class Command(BaseCommand):
    help = (
        "Chạy tiến trình xử lý tác vụ nền (hàng đợi trong cơ sở dữ liệu), có nhịp báo sống "
        "và thu hồi tác vụ của tiến trình đã dừng đột ngột."
    )

    def _say(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()  # seen at once in a log file or the journal, not when a buffer fills

    def handle(
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        reload: bool,
        max_tasks: int | None,
        worker_id: str,
        exclude_queues: str,
        **options: Any,
    ) -> None:
        # django-tasks-db's handle(), building this module's worker instead of its own.
        self.configure_logging(verbosity)
        if reload and batch:
            reload = False
        queue_names = queue_name.split(",")
        excluded_queue_names = exclude_queues.split(",") if exclude_queues else []
        if excluded_queue_names and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = HeartbeatWorker(
            say=self._say,
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded_queue_names,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # only the reloaded child runs tasks
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
