"""Which units are expected to report on a form for a period: those assigned by name and
those at the assigned levels, in the tree in force at the period's end."""

from __future__ import annotations

from django.db.models import Q

from tuyengiao.orgs.access import version_in_force
from tuyengiao.orgs.models import Placement, Unit
from tuyengiao.reporting.models import ReportForm
from tuyengiao.reporting.periods import Period


def expected_placements(form: ReportForm, period: Period, within: Unit | None = None):  # type: ignore[no-untyped-def]
    """Placements (tree in force at the period's end) of the units expected to report,
    optionally only those in the subtree of ``within``."""
    version = version_in_force(period.end)
    placements = Placement.objects.filter(version=version)
    assigned = Q(unit__in=form.assigned_units.all())
    if form.assigned_depths:
        assigned |= Q(depth__in=form.assigned_depths)
    placements = placements.filter(assigned)
    if within is not None:
        top = Placement.objects.filter(version=version, unit=within).first()
        if top is None:
            return Placement.objects.none()
        placements = placements.filter(path__startswith=top.path)
    return placements


def is_expected(form: ReportForm, unit: Unit, period: Period) -> bool:
    return expected_placements(form, period).filter(unit=unit).exists()
