"""Reminders to units that have not sent a report yet."""

from __future__ import annotations

from django.core.mail import send_mail
from django.db import transaction

from tuyengiao.core.audit import audit
from tuyengiao.orgs.models import Membership, Unit
from tuyengiao.orgs.querysets import in_force_on
from tuyengiao.reporting.completeness import completeness
from tuyengiao.reporting.models import ReportForm
from tuyengiao.reporting.periods import parse_period
from tuyengiao.reporting.services import due_on


@transaction.atomic
def remind_missing(*, form_id: int, unit_id: int, period_code: str) -> int:
    """E-mail the people who enter data for each unit below ``unit_id`` still missing its
    report on the form for the period; one audit entry per reminded unit."""
    form = ReportForm.objects.get(pk=form_id)
    period = parse_period(period_code)
    missing = completeness(form, Unit.objects.get(pk=unit_id), period).missing_units
    today_members = Membership.objects.filter(
        in_force_on(period.end), revoked_at__isnull=True, role__can_edit_data=True
    ).select_related("user")
    written = 0
    for item in missing:
        emails = sorted(
            {m.user.email for m in today_members.filter(unit=item.unit) if m.user.email}
        )
        if not emails:
            continue
        send_mail(
            subject=f"Nhắc gửi báo cáo {form.name} kỳ {period.label}",
            message=(
                f"{item.name} chưa gửi báo cáo “{form.name}” kỳ {period.label}. "
                f"Hạn gửi: {due_on(form, period):%d/%m/%Y}. Xin vui lòng nhập và gửi báo cáo."
            ),
            from_email=None,
            recipient_list=emails,
        )
        audit(
            instance=item.unit,
            action="tuyengiao.reporting.remind",
            actor=None,
            data={"form": form.code, "period": period.code, "to": len(emails)},
        )
        written += len(emails)
    return written
