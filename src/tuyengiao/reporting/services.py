"""Writes to periodic reporting: open a report, save figures, submit, approve, return.

Every write checks the person's role on the unit (entering data, or approving at the level
above), respects the approval lock and the late window, leaves an audit entry, and asks for
the analytics table to be refreshed once the transaction commits.

The actor is a person or the explicit ``SYSTEM`` (imports run as the person who uploads;
demo data and history loads as the system). The system holds every right; it alone is not
bound by the late window and may date a step in the past, because loading history is what
it does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tuyengiao.core.actors import Actor, SystemActor, person_of
from tuyengiao.core.audit import audit
from tuyengiao.core.formatting import format_date
from tuyengiao.orgs.access import AnyUser, can, memberships_of, version_in_force
from tuyengiao.orgs.models import HierarchyVersion, Placement, Unit
from tuyengiao.reporting.assignments import is_expected
from tuyengiao.reporting.models import (
    CategoryOption,
    DataValue,
    DataValueChange,
    EntryException,
    FormIndicator,
    FormSection,
    Indicator,
    ReportForm,
    Submission,
)
from tuyengiao.reporting.periods import Period, parse_period
from tuyengiao.reporting.rules import Figures, broken_rules, is_outlier, value_out_of_bounds


@dataclass(frozen=True)
class ValueInput:
    """One cell of the entry grid: the value (None clears it) and its comment."""

    indicator: Indicator
    option: CategoryOption | None
    value: Decimal | None
    comment: str = ""
    is_derived: bool = False


@dataclass
class SaveResult:
    """What a save changed, and what the person should look at."""

    changed: int = 0
    outliers: list[str] = field(default_factory=list)
    broken_rules: list[str] = field(default_factory=list)


# --- Checks ----------------------------------------------------------------------------------


def _version_for(period: Period) -> HierarchyVersion | None:
    return version_in_force(period.end)


def _period(submission: Submission) -> Period:
    return parse_period(submission.period_code)


def require_entry(actor: Actor, unit: Unit, period: Period) -> None:
    """The person may enter figures for ``unit`` (in the tree in force for the period)."""
    if not can(actor, "can_edit_data", unit, version=_version_for(period)):
        raise PermissionDenied(_("You may not enter figures for this unit."))


def may_set_up(actor: AnyUser) -> bool:
    """Whether the person may set up reporting (indicators, forms, sections, rules): forms
    are shared by the whole tree, so only those who change units at its top (specialists
    of the city committee) and administrators do."""
    if not actor.is_authenticated:
        return False
    if actor.is_superuser:
        return True
    version = version_in_force(timezone.localdate())
    return (
        memberships_of(actor, "can_manage_units")
        .filter(unit__placements__version=version, unit__placements__depth=0)
        .exists()
    )


def approver_unit(unit: Unit, period: Period) -> Unit | None:
    """The unit whose approvers decide on ``unit``'s reports: its parent in the tree in
    force for the period (level by level); None for the top of the tree."""
    placement = (
        Placement.objects.filter(version=_version_for(period), unit=unit)
        .select_related("parent")
        .first()
    )
    return placement.parent if placement else None


def require_approver(actor: Actor, submission: Submission) -> None:
    """Approvers of the level above the reporting unit decide; the top unit's own leaders
    decide on its report."""
    period = _period(submission)
    above = approver_unit(submission.unit, period) or submission.unit
    if not can(actor, "can_approve", above, version=_version_for(period)):
        raise PermissionDenied(_("You may not approve the reports of this unit."))


def entry_closes_on(form: ReportForm, period: Period) -> date:
    """The last day figures may be entered, unless a unit has an exception."""
    return period.end + timedelta(days=form.lock_days)


def due_on(form: ReportForm, period: Period) -> date:
    """The last day a report counts as on time."""
    return period.end + timedelta(days=form.due_days)


def entry_closed_reason(
    form: ReportForm, unit: Unit, period: Period, today: date | None = None
) -> str | None:
    """Why entry is closed for ``unit`` (None: open)."""
    today = today or timezone.localdate()
    closes = entry_closes_on(form, period)
    if today <= closes:
        return None
    exception = EntryException.objects.filter(form=form, unit=unit, period_code=period.code).first()
    if exception and today <= exception.open_until:
        return None
    return _("Entry of figures for %(period)s closed on %(date)s.") % {
        "period": period.label,
        "date": format_date(closes),
    }


def _require_editable(submission: Submission, actor: Actor) -> None:
    """Approval locks a report; the late window closes entry for people (the system, loading
    history or demo data, is not bound by it)."""
    if submission.is_locked:
        raise ValidationError(
            _(
                "The report is “%(status)s” and cannot be changed (the level above must "
                "return it first)."
            )
            % {"status": submission.get_status_display()}
        )
    reason = entry_closed_reason(submission.form, submission.unit, _period(submission))
    if reason and not isinstance(actor, SystemActor):
        raise ValidationError(reason)


def _when(at: datetime | None, actor: Actor) -> datetime:
    """When a step happens: now, or ``at`` when the system loads history."""
    if at is not None and not isinstance(actor, SystemActor):
        raise ValueError("only the system records steps at another time")
    return at or timezone.now()


def _refresh_analytics(submission: Submission) -> None:
    from tuyengiao.reporting.tasks import refresh_analytics

    transaction.on_commit(lambda: refresh_analytics.enqueue(submission.pk))


def _wrong_period_type(form: ReportForm) -> str:
    return _("The form %(form)s reports by %(period_type)s.") % {
        "form": form.name,
        "period_type": form.get_period_type_display(),
    }


# --- Services --------------------------------------------------------------------------------


@transaction.atomic
def submission_open(*, form: ReportForm, unit: Unit, period: Period, actor: Actor) -> Submission:
    """The unit's report for the period, created as a draft the first time."""
    require_entry(actor, unit, period)
    if period.type != form.period_type:
        raise ValidationError(_wrong_period_type(form))
    if not is_expected(form, unit, period):
        raise ValidationError(
            _("Unit %(unit)s is not expected to report on the form %(form)s.")
            % {"unit": unit.code, "form": form.name}
        )
    submission, created = Submission.objects.get_or_create(
        form=form,
        unit=unit,
        period_code=period.code,
        defaults={"period_start": period.start, "period_end": period.end},
    )
    if created:
        audit(instance=submission, action="wagtail.create", actor=actor)
    return submission


def figures_of(submission: Submission) -> Figures:
    """The submission's saved figures by (indicator id, option id)."""
    return {
        (value.indicator_id, value.option_id): value.value
        for value in DataValue.objects.filter(submission=submission)
    }


@transaction.atomic
def values_save(*, submission: Submission, values: list[ValueInput], actor: Actor) -> SaveResult:
    """Save figures of a draft (or returned) report; each change is recorded with its old and
    new value. Figures outside the expected range are saved and flagged; figures that are not
    finite or beyond ``REPORTING_VALUE_MAX`` are refused (every path in comes through here);
    broken validation rules are reported (they block submitting, not saving)."""
    submission = (
        Submission.objects.select_for_update().select_related("form", "unit").get(pk=submission.pk)
    )
    period = _period(submission)
    require_entry(actor, submission.unit, period)
    _require_editable(submission, actor)
    allowed = set(
        FormIndicator.objects.filter(section__form=submission.form).values_list(
            "indicator_id", flat=True
        )
    )
    existing = {
        (value.indicator_id, value.option_id): value
        for value in DataValue.objects.filter(submission=submission)
    }
    result = SaveResult()
    changes: list[DataValueChange] = []
    for cell in values:
        indicator, option = cell.indicator, cell.option
        if indicator.pk not in allowed:
            raise ValidationError(
                _("The indicator %(indicator)s is not on the form.") % {"indicator": indicator.code}
            )
        if (option is None) != (indicator.category_id is None) or (
            option is not None and option.category_id != indicator.category_id
        ):
            raise ValidationError(
                _("%(indicator)s: wrong breakdown.") % {"indicator": indicator.name}
            )
        if cell.value is not None and (
            problem := value_out_of_bounds(indicator, cell.value, option)
        ):
            raise ValidationError(problem)
        key = (indicator.pk, option.pk if option else None)
        current = existing.get(key)
        old_value = current.value if current else None
        old_comment = current.comment if current else ""
        if cell.value == old_value and cell.comment == old_comment:
            continue
        if cell.value is None:
            if current is not None:
                current.delete()
        else:
            outlier = is_outlier(indicator, cell.value)
            if outlier:
                result.outliers.append(f"{indicator.name}{f' ({option.name})' if option else ''}")
            if current is None:
                current = DataValue(
                    submission=submission,
                    indicator=indicator,
                    option=option,
                    unit=submission.unit,
                    period_type=period.type,
                    period_code=period.code,
                    period_start=period.start,
                    period_end=period.end,
                )
            current.value = cell.value
            current.comment = cell.comment
            current.is_derived = cell.is_derived
            current.is_outlier = outlier
            current.updated_by = person_of(actor)
            current.save()
        changes.append(
            DataValueChange(
                indicator=indicator,
                option=option,
                unit=submission.unit,
                period_code=period.code,
                old_value=old_value,
                new_value=cell.value,
                old_comment=old_comment,
                new_comment=cell.comment,
                changed_by=person_of(actor),
            )
        )
    DataValueChange.objects.bulk_create(changes)
    result.changed = len(changes)
    result.broken_rules = broken_rules(list(submission.form.rules.all()), figures_of(submission))
    if changes:
        audit(
            instance=submission,
            action="tuyengiao.reporting.values",
            actor=actor,
            data={"changed": len(changes), "period": period.code},
        )
    return result


@transaction.atomic
def narrative_save(
    *, submission: Submission, section: FormSection, text: str, actor: Actor
) -> Submission:
    """Save the text of a narrative section of a draft report."""
    require_entry(actor, submission.unit, _period(submission))
    _require_editable(submission, actor)
    if section.form_id != submission.form_id or not section.is_narrative:
        raise ValidationError(_("This text section is not part of the form."))
    submission.narratives[str(section.pk)] = text.strip()
    submission.save(update_fields=["narratives", "updated_at"])
    audit(instance=submission, action="wagtail.edit", actor=actor, data={"section": section.pk})
    return submission


@transaction.atomic
def submission_submit(
    *, submission: Submission, actor: Actor, at: datetime | None = None
) -> Submission:
    """Send a draft (or returned) report for approval; the validation rules must hold.
    ``at`` dates the step when the system loads history (people always act now)."""
    require_entry(actor, submission.unit, _period(submission))
    _require_editable(submission, actor)
    broken = broken_rules(list(submission.form.rules.all()), figures_of(submission))
    if broken:
        raise ValidationError([_("The figures are not valid; the report is not sent:"), *broken])
    if not DataValue.objects.filter(submission=submission).exists():
        raise ValidationError(_("The report has no figures yet."))
    submission.status = Submission.Status.SUBMITTED
    submission.submitted_at = _when(at, actor)
    submission.submitted_by = person_of(actor)
    submission.return_reason = ""
    submission.save()
    audit(instance=submission, action="tuyengiao.reporting.submit", actor=actor)
    _refresh_analytics(submission)
    return submission


@transaction.atomic
def submission_approve(
    *, submission: Submission, actor: Actor, at: datetime | None = None
) -> Submission:
    """Approve a submitted report. Reports of units below it that wait for approval must be
    decided first (approval goes up level by level). Approval locks the figures. ``at`` as
    for :func:`submission_submit`."""
    require_approver(actor, submission)
    if submission.status != Submission.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be approved."))
    period = _period(submission)
    placement = Placement.objects.filter(version=_version_for(period), unit=submission.unit).first()
    if placement is not None:
        below = Placement.objects.subtree_of(placement, inclusive=False).values("unit_id")
        waiting = Submission.objects.filter(
            form=submission.form,
            period_code=submission.period_code,
            unit__in=below,
            status=Submission.Status.SUBMITTED,
        ).count()
        if waiting:
            raise ValidationError(
                ngettext(
                    "%(count)s report of a unit below is waiting for approval; decide on it first.",
                    "%(count)s reports of units below are waiting for approval; decide on them "
                    "first.",
                    waiting,
                )
                % {"count": waiting}
            )
    submission.status = Submission.Status.APPROVED
    submission.decided_at = _when(at, actor)
    submission.decided_by = person_of(actor)
    submission.save()
    audit(instance=submission, action="tuyengiao.reporting.approve", actor=actor)
    _refresh_analytics(submission)
    return submission


@transaction.atomic
def submission_return(*, submission: Submission, reason: str, actor: Actor) -> Submission:
    """Return a submitted or approved report to its unit for correction, with a reason; its
    figures leave the aggregates until it is submitted again."""
    require_approver(actor, submission)
    if submission.status not in (Submission.Status.SUBMITTED, Submission.Status.APPROVED):
        raise ValidationError(_("Only a submitted or approved report can be returned."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for returning the report.")})
    submission.status = Submission.Status.RETURNED
    submission.decided_at = timezone.now()
    submission.decided_by = person_of(actor)
    submission.return_reason = reason.strip()
    submission.save()
    audit(
        instance=submission,
        action="tuyengiao.reporting.return",
        actor=actor,
        data={"reason": submission.return_reason},
    )
    _refresh_analytics(submission)
    return submission


@transaction.atomic
def entry_exception_grant(
    *, form: ReportForm, unit: Unit, period: Period, open_until: date, actor: Actor
) -> EntryException:
    """Keep entry open for one unit after the late window closed (approvers above it)."""
    above = approver_unit(unit, period) or unit
    if not can(actor, "can_approve", above, version=_version_for(period)):
        raise PermissionDenied(_("You may not extend the entry of figures for this unit."))
    if period.type != form.period_type:
        raise ValidationError({"period": _wrong_period_type(form)})
    if open_until < timezone.localdate():
        raise ValidationError({"open_until": _("The extension must last until today or later.")})
    exception, _created = EntryException.objects.update_or_create(
        form=form,
        unit=unit,
        period_code=period.code,
        defaults={"open_until": open_until, "granted_by": person_of(actor)},
    )
    audit(
        instance=exception,
        action="tuyengiao.reporting.exception",
        actor=actor,
        data={"unit": unit.code, "period": period.code, "open_until": open_until.isoformat()},
    )
    return exception
