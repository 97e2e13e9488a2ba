"""Completeness and timeliness: expected, submitted and on-time reports of a form.

A report is expected from each unit the form is assigned to, for each period of the form's
type inside the period asked about; it counts as submitted once sent (submitted or
approved), and as on time when sent by the due day (the period's end plus the form's due
days). Units with any expected report not sent are listed as missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from tuyengiao.core.text import vietnamese_sorted
from tuyengiao.orgs.models import Unit, UnitProfile
from tuyengiao.reporting.assignments import expected_placements
from tuyengiao.reporting.models import ReportForm, Submission
from tuyengiao.reporting.periods import Period, PeriodType, numbered

_PER_YEAR = {
    PeriodType.MONTH: 12,
    PeriodType.QUARTER: 4,
    PeriodType.SIX_MONTHS: 2,
    PeriodType.NINE_MONTHS: 1,
    PeriodType.YEAR: 1,
}


@dataclass(frozen=True)
class NamedUnit:
    unit: Unit
    name: str


@dataclass
class Completeness:
    expected: int = 0
    submitted: int = 0
    on_time: int = 0
    missing_units: list[NamedUnit] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return 100 * self.submitted / self.expected if self.expected else 0.0

    @property
    def on_time_rate(self) -> float:
        return 100 * self.on_time / self.expected if self.expected else 0.0


def form_periods(form: ReportForm, period: Period) -> list[Period]:
    """The periods of the form's own type that lie inside ``period``."""
    if form.period_type == PeriodType.CUSTOM or form.period_type == period.type:
        return [period]
    periods = []
    for year in range(period.start.year, period.end.year + 1):
        for number in range(1, _PER_YEAR[PeriodType(form.period_type)] + 1):
            candidate = numbered(form.period_type, year, number)
            if period.contains(candidate):
                periods.append(candidate)
    return periods


def completeness(form: ReportForm, unit: Unit, period: Period) -> Completeness:
    """Completeness of ``form`` in the subtree of ``unit`` for ``period``."""
    result = Completeness()
    missing: set[int] = set()
    for part in form_periods(form, period):
        expected = set(expected_placements(form, part, unit).values_list("unit_id", flat=True))
        sent = Submission.objects.filter(
            form=form,
            period_code=part.code,
            unit_id__in=expected,
            status__in=(Submission.Status.SUBMITTED, Submission.Status.APPROVED),
        ).values_list("unit_id", "submitted_at")
        due = part.end + timedelta(days=form.due_days)
        result.expected += len(expected)
        sent_units = set()
        for unit_id, submitted_at in sent:
            sent_units.add(unit_id)
            result.submitted += 1
            if submitted_at is not None and submitted_at.date() <= due:
                result.on_time += 1
        missing |= expected - sent_units
    result.missing_units = named_units(missing, period.end)
    return result


def named_units(unit_ids: set[int], on: date) -> list[NamedUnit]:
    """The units with their names on ``on``, in Vietnamese alphabetical order."""
    profiles = {
        p.unit_id: p for p in UnitProfile.objects.in_force_on(on).filter(unit_id__in=unit_ids)
    }
    units = Unit.objects.in_bulk(unit_ids)
    named = [
        NamedUnit(units[pk], profiles[pk].name if pk in profiles else units[pk].code)
        for pk in unit_ids
    ]
    return vietnamese_sorted(named, key=lambda item: item.name)
