"""Background work of the portal: scheduled publishing, run by the task worker."""

from __future__ import annotations

from django.core.management import call_command
from django_tasks import task


@task()
def publish_scheduled_pages() -> None:
    """Publish the pages whose go-live time has come and unpublish expired ones (Wagtail's
    ``publish_scheduled``). Enqueued to run at each scheduled time (see signals.py)."""
    call_command("publish_scheduled")
