"""Keep the page cache fresh and put scheduled publishing on the task queue.

When an editor schedules a revision (a go-live time in the future) or publishes a page with
an expiry time, a task is queued to run at that moment in the worker: no cron is needed.
Backends that cannot defer a task (the immediate one of the tests) are given none.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django_tasks import default_task_backend
from wagtail.models import Page, Revision
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from tuyengiao.portal import pagecache
from tuyengiao.portal.tasks import publish_scheduled_pages


def schedule_publishing(at: datetime) -> None:
    """Run the scheduled-publishing task at ``at``, once the current transaction commits."""
    if not default_task_backend.supports_defer or at <= timezone.now():
        return
    transaction.on_commit(lambda: publish_scheduled_pages.using(run_after=at).enqueue())


def _revision_saved(sender: Any, instance: Revision, **kwargs: Any) -> None:
    if instance.approved_go_live_at is not None:
        schedule_publishing(instance.approved_go_live_at)


def _page_published(sender: Any, instance: Page, **kwargs: Any) -> None:
    pagecache.new_generation()
    if instance.expire_at is not None:
        schedule_publishing(instance.expire_at)


def _tree_changed(sender: Any, **kwargs: Any) -> None:
    pagecache.new_generation()


def connect() -> None:
    post_save.connect(_revision_saved, sender=Revision, dispatch_uid="portal_schedule")
    page_published.connect(_page_published, dispatch_uid="portal_published")
    for signal in (page_unpublished, post_page_move, page_slug_changed):
        signal.connect(_tree_changed, dispatch_uid=f"portal_tree_{id(signal)}")
    post_delete.connect(_tree_changed, sender=Page, dispatch_uid="portal_deleted")
