"""Background tasks of plans (django-tasks): the daily reminders.

``send_plan_reminders`` makes and e-mails the reminders of the day, then, where the task
backend can run tasks later (the database backend of ``make run``), queues its own next run
for 07:00 tomorrow, so one ``tuyengiao plan_reminders --schedule`` starts a daily cycle. A
run already waiting for a later time is not queued twice.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone
from django_tasks import default_task_backend, task

from tuyengiao.plans.reminders import reminders_send

DAILY_AT = time(7, 0)
DEFAULT_DAYS = 3


@task()
def send_plan_reminders(days: int = DEFAULT_DAYS, repeat: bool = False) -> int:
    """Send today's reminders; with ``repeat``, queue tomorrow's run. Returns how many."""
    made = reminders_send(today=timezone.localdate(), days=days)
    if repeat:
        schedule_next_run(days)
    return len(made)


def schedule_next_run(days: int = DEFAULT_DAYS) -> datetime | None:
    """Queue the next daily run; None when the backend cannot defer or one is waiting."""
    if not default_task_backend.supports_defer:
        return None
    from django_tasks_db.models import DBTaskResult

    path = f"{send_plan_reminders.func.__module__}.{send_plan_reminders.func.__qualname__}"
    if DBTaskResult.objects.filter(
        task_path=path, status="READY", run_after__gt=timezone.now()
    ).exists():
        return None
    tomorrow = timezone.localdate() + timedelta(days=1)
    run_at = timezone.make_aware(datetime.combine(tomorrow, DAILY_AT))
    send_plan_reminders.using(run_after=run_at).enqueue(days, True)
    return run_at
