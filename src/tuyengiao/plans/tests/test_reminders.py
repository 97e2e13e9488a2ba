"""Reminders reach the assigned unit's officers once, in the admin and by e-mail."""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from tuyengiao.core.actors import SYSTEM
from tuyengiao.plans.models import Reminder, WorkItem
from tuyengiao.plans.reminders import next_deadline, reminders_send
from tuyengiao.plans.services import assignment_status_set, work_item_add
from tuyengiao.plans.tasks import send_plan_reminders
from tuyengiao.plans.tests.builders import small_plan, status

pytestmark = pytest.mark.django_db


@pytest.fixture
def officers(ward_officer_a, ward_officer_b):
    for user, email in ((ward_officer_a, "a@example.vn"), (ward_officer_b, "b@example.vn")):
        user.email = email
        user.save()
    return ward_officer_a, ward_officer_b


def test_due_soon_and_overdue_reach_each_ward_once(
    city, officers, django_capture_on_commit_callbacks
):
    officer_a, _ = officers
    small = small_plan(city)
    assignment_status_set(
        assignment=small.share_b, status=status("done"), on=date(2022, 6, 1), actor=SYSTEM
    )
    with django_capture_on_commit_callbacks(execute=True):
        made = reminders_send(today=date(2022, 6, 28), days=3)
    assert [(r.user, r.kind) for r in made] == [(officer_a, Reminder.Kind.DUE_SOON)]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["a@example.vn"]
    assert "Học tập nghị quyết" in mail.outbox[0].body
    assert "30/06/2022" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(today=date(2022, 6, 29), days=3) == []  # not twice
        overdue = reminders_send(today=date(2022, 7, 1), days=3)
    assert [(r.user, r.kind) for r in overdue] == [(officer_a, Reminder.Kind.OVERDUE)]
    assert Reminder.objects.get(kind=Reminder.Kind.OVERDUE).emailed


def test_the_dashboard_shows_unread_reminders(client, city, officers):
    officer_a, _ = officers
    small_plan(city)
    reminders_send(today=date(2022, 7, 1), days=3)
    client.force_login(officer_a)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Học tập nghị quyết" in home
    client.get(reverse("plans:reminders"))
    assert not Reminder.objects.filter(user=officer_a, read_at__isnull=True).exists()


def test_the_daily_task_runs_the_reminders(city, officers):
    small_plan(city)
    result = send_plan_reminders.enqueue(3)
    assert result.return_value == 2  # wards A and B, both overdue today


def test_a_recurring_item_is_due_on_each_occurrence(city):
    small = small_plan(city)
    item = work_item_add(
        plan=small.plan,
        title="Báo cáo quý",
        owner=city.board,
        recurrence=WorkItem.Recurrence.QUARTERLY,
        due_day=20,
        assignees=[city.ward_a],
        actor=SYSTEM,
    )
    share = item.assignments.get()
    assert item.due_on == date(2022, 12, 31)
    assert next_deadline(share, date(2022, 4, 2)) == date(2022, 6, 20)
    assert next_deadline(share, date(2022, 6, 21)) == date(2022, 9, 20)
    assert next_deadline(share, date(2023, 1, 5)) == date(2022, 12, 31)
