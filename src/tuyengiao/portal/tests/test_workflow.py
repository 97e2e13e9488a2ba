"""Draft → review → publish with Wagtail's moderation, and scheduled publishing by the worker."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tuyengiao.core.actors import SYSTEM
from tuyengiao.core.services import user_create
from tuyengiao.portal.tasks import publish_scheduled_pages
from tuyengiao.portal.tests.builders import article, build_portal

pytestmark = pytest.mark.django_db


def _member_of(group: str, username: str):  # type: ignore[no-untyped-def]
    user = user_create(
        username=username, password="Mat-khau-2026", full_name=username, actor=SYSTEM
    )
    user.groups.add(Group.objects.get(name=group))
    return user


def test_editor_submits_for_review_and_a_moderator_publishes() -> None:
    portal = build_portal()
    editor = _member_of("Editors", "phongvien")
    moderator = _member_of("Moderators", "bientapvien")
    page = article(portal.news, "Tin chờ duyệt", live=False)
    assert page.permissions_for_user(editor).can_edit()
    assert not page.permissions_for_user(editor).can_publish()

    state = page.get_workflow().start(page, editor)
    assert state.status == state.STATUS_IN_PROGRESS
    page.refresh_from_db()
    assert not page.live
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, moderator, "approve")

    page.refresh_from_db()
    assert page.live
    state.refresh_from_db()
    assert state.status == state.STATUS_APPROVED


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_scheduled_publishing_is_queued_for_the_worker_at_the_go_live_time(
    django_capture_on_commit_callbacks,
) -> None:
    portal = build_portal()
    page = article(portal.news, "Tin hẹn giờ", live=False)
    go_live = (timezone.now() + timedelta(hours=2)).replace(microsecond=0)
    page.go_live_at = go_live
    with django_capture_on_commit_callbacks(execute=True):
        revision = page.save_revision()
        revision.publish()
    page.refresh_from_db()
    assert not page.live

    queued = DBTaskResult.objects.get(task_path__endswith="publish_scheduled_pages")
    assert queued.run_after == go_live

    # Two hours later, the worker runs the task.
    past = timezone.now() - timedelta(minutes=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save()
    publish_scheduled_pages.call()
    page.refresh_from_db()
    assert page.live
