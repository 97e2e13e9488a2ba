"""Background tasks of periodic reporting (django-tasks): analytics refresh, reminders,
report files."""

from __future__ import annotations

from django_tasks import task

from tuyengiao.core.task_recovery import LostTask, on_task_lost
from tuyengiao.reporting import analytics


@task()
def refresh_analytics(submission_id: int) -> int:
    """Bring the analytics table in step with one report after it was submitted, approved
    or returned."""
    return analytics.refresh_submission(submission_id)


@task()
def rebuild_analytics() -> int:
    """Recompute the whole analytics table."""
    return analytics.rebuild()


@task()
def send_reminders(form_id: int, unit_id: int, period_code: str) -> int:
    """Remind the data-entry staff of each unit still missing its report; returns how many
    people were written to."""
    from tuyengiao.reporting.reminders import remind_missing

    return remind_missing(form_id=form_id, unit_id=unit_id, period_code=period_code)


@task()
def render_report_file(render_id: int) -> str:
    """Write a report to its Word or Excel file (see ``renders.py``)."""
    from tuyengiao.reporting.renders import render_run

    return render_run(render_id)


@on_task_lost(render_report_file)
def render_report_file_lost(lost: LostTask) -> None:
    """The worker died while writing the file: queue it again from the start, or fail it
    with the reason, so that the page polling it never shows "running" forever."""
    from tuyengiao.reporting.renders import render_lost

    render_id = lost.kwargs.get("render_id", lost.args[0] if lost.args else None)
    if render_id is not None:
        render_lost(int(render_id), reason=lost.reason, retried=lost.retried)
