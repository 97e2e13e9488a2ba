"""Background tasks of the core (django-tasks): the daily backup.

``backup_daily`` writes ``tuyengiao-YYYYMMDD-HHMMSS.tar.gz`` into BACKUP_DIR and deletes the
oldest of those beyond BACKUP_KEEP (core/backup.py). With ``repeat`` it queues its own next
run for BACKUP_AT (local time), as the plans' reminders do (plans/tasks.py), even when this
run failed, so that one failure does not end the daily cycle. ``tuyengiao serve`` starts the
cycle through DAILY_TASK_SCHEDULERS; :func:`schedule_next_backup` does nothing unless
BACKUP_DAILY is on (the production settings' default), and queues nothing twice.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import default_task_backend, task

from tuyengiao.core.backup import daily_backup_write


@task()
def backup_daily(repeat: bool = False) -> str:
    """Write today's archive and apply the retention; returns the archive's path."""
    try:
        result = daily_backup_write(directory=settings.BACKUP_DIR, keep=settings.BACKUP_KEEP)
    finally:
        if repeat:
            schedule_next_backup()
    return str(result.path)


def next_backup_at(now: datetime) -> datetime:
    """The first BACKUP_AT (local time) strictly after ``now``."""
    hour, minute = (int(part) for part in settings.BACKUP_AT.split(":"))
    today = timezone.localtime(now).date()
    for day in (today, today + timedelta(days=1)):
        run_at = timezone.make_aware(datetime.combine(day, time(hour, minute)))
        if run_at > now:
            return run_at
    raise AssertionError("unreachable: tomorrow's time is after now")


def schedule_next_backup() -> datetime | None:
    """Queue the next daily backup; None when BACKUP_DAILY is off, the backend cannot
    defer, or a run is already waiting."""
    if not settings.BACKUP_DAILY or not default_task_backend.supports_defer:
        return None
    from django_tasks_db.models import DBTaskResult

    path = f"{backup_daily.func.__module__}.{backup_daily.func.__qualname__}"
    if DBTaskResult.objects.filter(
        task_path=path, status="READY", run_after__gt=timezone.now()
    ).exists():
        return None
    run_at = next_backup_at(timezone.now())
    backup_daily.using(run_after=run_at).enqueue(True)
    return run_at
