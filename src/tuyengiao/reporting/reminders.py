"""Reminders to units that have not sent a report yet. A task sends them, as the platform
itself: the audit entries name the system."""

from __future__ import annotations

from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from tuyengiao.core.actors import SYSTEM
from tuyengiao.core.audit import audit
from tuyengiao.core.formatting import format_date
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
        names = {"unit": item.name, "form": form.name, "period": period.label}
        send_mail(
            subject=_("Reminder: the report %(form)s for %(period)s") % names,
            message=_(
                "%(unit)s has not sent the report “%(form)s” for %(period)s. Due date: "
                "%(due)s. Please enter and send the report."
            )
            % {**names, "due": format_date(due_on(form, period))},
            from_email=None,
            recipient_list=emails,
        )
        audit(
            instance=item.unit,
            action="tuyengiao.reporting.remind",
            actor=SYSTEM,
            data={"form": form.code, "period": period.code, "to": len(emails)},
        )
        written += len(emails)
    return written
