"""Reminders of work due soon or overdue: who gets them, when, and the e-mail.

Every unit's share (assignment) that is neither done nor excluded gets a "due soon" reminder
when its next deadline is within ``days`` days, and an "overdue" one once its deadline has
passed. They go to the people who may enter data for the assigned unit itself (its officers,
not the whole city), appear on their admin dashboard, and are e-mailed once. A reminder is
made once per person, assignment, kind and deadline, so a daily run never repeats itself.
A recurring item's next deadline is its next occurrence (the ``due_day`` of each month, or
of each quarter's last month) up to its final deadline.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from tuyengiao.core.formatting import format_date
from tuyengiao.orgs.access import AnyUser
from tuyengiao.orgs.models import Membership
from tuyengiao.plans.models import Assignment, Reminder, WorkItem

QUARTER_MONTHS = (3, 6, 9, 12)


def _on_day(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def next_deadline(assignment: Assignment, today: date) -> date | None:
    """The next deadline of the share on or after ``today``; for a one-off item (or once a
    recurring one is past its final deadline) the deadline itself."""
    item = assignment.work_item
    final = assignment.deadline
    if not item.recurrence or final is None or final < today or item.due_day is None:
        return final
    year, month = today.year, today.month
    for _ in range(15):
        if item.recurrence == WorkItem.Recurrence.MONTHLY or month in QUARTER_MONTHS:
            candidate = _on_day(year, month, item.due_day)
            if candidate >= today:
                return min(candidate, final)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return final


def _recipients(unit_ids: set[int], today: date) -> dict[int, list]:
    """People who may enter data for each unit, by unit id."""
    memberships = (
        Membership.objects.valid_on(today)
        .filter(unit_id__in=unit_ids, role__can_edit_data=True, user__is_active=True)
        .select_related("user")
    )
    found: dict[int, list] = defaultdict(list)
    for membership in memberships:
        found[membership.unit_id].append(membership.user)
    return found


def _open_assignments() -> QuerySet[Assignment]:
    return (
        Assignment.objects.filter(status__is_done=False, status__is_excluded=False)
        .select_related("work_item__plan", "unit")
        .prefetch_related("unit__profiles")
    )


@transaction.atomic
def reminders_send(*, today: date, days: int) -> list[Reminder]:
    """Make the reminders due on ``today`` and e-mail each person the new ones (after the
    transaction commits). Returns the reminders made."""
    soon: list[tuple[Assignment, str, date]] = []
    for assignment in _open_assignments():
        deadline = next_deadline(assignment, today)
        if deadline is None:
            continue
        if deadline < today:
            soon.append((assignment, Reminder.Kind.OVERDUE, deadline))
        elif deadline <= today + timedelta(days=days):
            soon.append((assignment, Reminder.Kind.DUE_SOON, deadline))
    people = _recipients({assignment.unit_id for assignment, _, _ in soon}, today)
    made: list[Reminder] = []
    for assignment, kind, deadline in soon:
        for user in people.get(assignment.unit_id, []):
            reminder, created = Reminder.objects.get_or_create(
                user=user, assignment=assignment, kind=kind, deadline=deadline
            )
            if created:
                made.append(reminder)
    transaction.on_commit(lambda: _email(made))
    return made


def _email(reminders: list[Reminder]) -> None:
    by_user: dict[int, list[Reminder]] = defaultdict(list)
    for reminder in reminders:
        by_user[reminder.user_id].append(reminder)
    base = settings.WAGTAILADMIN_BASE_URL
    for items in by_user.values():
        user = items[0].user
        if not user.email:
            continue
        lines = [
            f"- {_kind_text(r)} {format_date(r.deadline)}: {r.assignment.work_item.title} "
            f"({r.assignment.unit.code}) — {base}"
            f"{reverse('plans:item', args=[r.assignment.work_item_id])}"
            for r in items
        ]
        body = "Các đầu việc cần chú ý:\n\n" + "\n".join(lines)
        send_mail(
            f"[Tuyên giáo số] {len(items)} đầu việc sắp đến hạn hoặc quá hạn",
            body,
            None,
            [user.email],
        )
        Reminder.objects.filter(pk__in=[r.pk for r in items]).update(emailed=True)


def _kind_text(reminder: Reminder) -> str:
    return "Quá hạn từ" if reminder.kind == Reminder.Kind.OVERDUE else "Đến hạn"


def reminders_for(user: AnyUser) -> QuerySet[Reminder]:
    """The person's own reminders, newest first."""
    if not user.is_authenticated:
        return Reminder.objects.none()
    return Reminder.objects.filter(user=user).select_related(
        "assignment__work_item__plan", "assignment__unit"
    )


def reminders_mark_read(*, user: AnyUser) -> int:
    """Mark the person's unread reminders read (their own notices: no audit entry)."""
    if not user.is_authenticated:
        return 0
    return Reminder.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
