"""Reads of the activity log for a given person, and the figures the reports are built from.

:func:`activity_figures` is the contract with the reporting engine: the number of activities
and the sum of each figure, by activity type and category option, for a unit's subtree over a
period. It runs as a handful of SQL aggregations, whatever the number of activities.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import BigIntegerField, Count, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, Least
from django.http import Http404
from django.utils.translation import gettext as _

from tuyengiao.activities.models import (
    Activity,
    ActivityFigure,
    ActivityType,
    CategoryOption,
    Figure,
)
from tuyengiao.core.text import fold
from tuyengiao.orgs.access import READ_INTERNAL, AnyUser, can, scope_roots, units_in_scope_any_time
from tuyengiao.orgs.models import HierarchyVersion, Placement, Unit, UnitProfile

EVERYTHING = None


# --- Who sees what ---------------------------------------------------------------------------


def activities_visible_to(user: AnyUser) -> QuerySet[Activity]:
    """Activities of units within the person's reach in any published tree (a city
    specialist still sees what a district dissolved in 2025 logged); all for administrators."""
    activities = Activity.objects.select_related("activity_type", "unit").prefetch_related(
        Prefetch("unit__profiles", UnitProfile.objects.order_by("valid_from"))
    )
    if not user.is_authenticated:
        return activities.none()
    if scope_roots(user, None) is EVERYTHING:
        return activities
    return activities.filter(unit__in=units_in_scope_any_time(user, READ_INTERNAL))


def activity_for_user(user: AnyUser, pk: int) -> Activity:
    activity = (
        activities_visible_to(user)
        .prefetch_related(
            Prefetch("figures", ActivityFigure.objects.select_related("figure", "option")),
            "documents",
            "files",
            "work_items__plan",
        )
        .filter(pk=pk)
        .first()
    )
    if activity is None:
        raise Http404(_("Activity not found."))
    return activity


def figure_values(activity: Activity) -> dict[str, int]:
    """The activity's figures by key (``learners``, ``learners.party``), totals first."""
    rows = sorted(
        activity.figures.all(),
        key=lambda row: (row.figure.code, row.option is not None, row.option_id or 0),
    )
    return {
        f"{row.figure.code}.{row.option.code}" if row.option else row.figure.code: row.value
        for row in rows
    }


# --- Units and periods -----------------------------------------------------------------------


Window = tuple[int, str, date, date]  # version id, unit's path in it, first and last day


def subtree_windows(unit: Unit, start: date, end: date) -> list[Window]:
    """The parts of ``start``..``end`` each published hierarchy version was in force, with
    ``unit``'s path in that version (versions that do not place the unit are left out)."""
    versions = list(
        HierarchyVersion.objects.filter(published_at__isnull=False, effective_date__lte=end)
        .order_by("effective_date")
        .values_list("pk", "effective_date")
    )
    paths = dict(
        Placement.objects.filter(
            unit=unit, version_id__in=[pk for pk, _effective in versions]
        ).values_list("version_id", "path")
    )
    windows: list[Window] = []
    if not versions:  # the period ends before the first published version
        return windows
    bounds = [effective for _pk, effective in versions[1:]] + [end + timedelta(days=1)]
    for (version_id, effective), next_effective in zip(versions, bounds, strict=True):
        low, high = max(start, effective), min(end, next_effective - timedelta(days=1))
        if low <= high and version_id in paths:
            windows.append((version_id, paths[version_id], low, high))
    return windows


def in_windows(windows: list[Window], prefix: str = "") -> Q:
    """Activities (``prefix`` leads from the queried model to the activity) that start in
    one of the ``windows`` in a unit placed, in that window's version, below its path."""
    condition = Q(pk__in=[])
    for version_id, path, low, high in windows:
        units = Placement.objects.filter(version_id=version_id, path__startswith=path).values(
            "unit_id"
        )
        condition |= Q(**{f"{prefix}start_date__range": (low, high), f"{prefix}unit_id__in": units})
    return condition


def subtree_in_period(unit: Unit, start: date, end: date) -> Q:
    """Activities that start within ``start``..``end`` in a unit placed below ``unit`` in the
    hierarchy version in force on their start date.

    A period across a reorganisation is cut into the windows of each version, so an activity
    counts where its unit stood on the day: a ward's activity of May 2025 counts for its
    district, one of August 2025 for the unit the ward merged into. Activities before the
    first published version count nowhere.
    """
    return in_windows(subtree_windows(unit, start, end))


# --- Figures for reports ---------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityFigures:
    """Counts and sums for a unit's subtree over a period.

    ``counts`` maps an activity type's code to its number of activities; ``values`` maps
    (type code, figure code, option code or None for the total) to the sum of the values.
    """

    unit: Unit
    start: date
    end: date
    counts: dict[str, int] = field(default_factory=dict)
    values: dict[tuple[str, str, str | None], int] = field(default_factory=dict)

    def count(self, types: Iterable[str] | None = None) -> int:
        """Activities of ``types`` (codes; None: every type)."""
        wanted = None if types is None else set(types)
        return sum(n for code, n in self.counts.items() if wanted is None or code in wanted)

    def total(
        self, figure: str, *, option: str | None = None, types: Iterable[str] | None = None
    ) -> int:
        """The sum of ``figure`` (its total, or the part of ``option``) over ``types``."""
        wanted = None if types is None else set(types)
        return sum(
            value
            for (type_code, figure_code, option_code), value in self.values.items()
            if figure_code == figure
            and option_code == option
            and (wanted is None or type_code in wanted)
        )

    def by_option(self, figure: str, *, types: Iterable[str] | None = None) -> dict[str, int]:
        """The parts of ``figure`` by category option code."""
        wanted = None if types is None else set(types)
        parts: dict[str, int] = {}
        for (type_code, figure_code, option_code), value in self.values.items():
            if figure_code == figure and option_code and (wanted is None or type_code in wanted):
                parts[option_code] = parts.get(option_code, 0) + value
        return parts

    def as_dict(self) -> dict[str, Any]:
        """The figures as JSON data, as the API and the ``activity_figures`` command give
        them: the unit's code, the period, the number of activities in all and by type code,
        and every sum by type, figure and option (None for the figure's total), sorted."""
        return {
            "unit": self.unit.code,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "count": self.count(),
            "counts": dict(sorted(self.counts.items())),
            "values": [
                {"type": type_code, "figure": figure, "option": option, "value": value}
                for (type_code, figure, option), value in sorted(
                    self.values.items(), key=lambda item: (item[0][0], item[0][1], item[0][2] or "")
                )
            ],
        }


def activity_figures(
    *, unit: Unit, start: date, end: date, types: Iterable[str] | None = None
) -> ActivityFigures:
    """The number of activities and the sum of every figure of the activities logged in
    ``unit``'s subtree that start within ``start``..``end`` (both included), by activity
    type, figure and category option; only of ``types`` (type codes) when given.

    This reads for the system: the caller has checked that the person may see ``unit``
    (:func:`activity_figures_for` does). Seven small queries in all, whatever the number of
    activities: the sums are made by the database.
    """
    windows = subtree_windows(unit, start, end)
    activities = Activity.objects.filter(in_windows(windows))
    figures = ActivityFigure.objects.filter(in_windows(windows, "activity__"))
    if types is not None:
        type_ids = ActivityType.objects.filter(code__in=list(types)).values("pk")
        activities = activities.filter(activity_type_id__in=type_ids)
        figures = figures.filter(activity__activity_type_id__in=type_ids)
    # Grouped by ids, named from the small tables after: no join per figure row.
    counts = activities.values_list("activity_type_id").annotate(n=Count("pk")).order_by()
    # Each figure counts at most FIGURE_MAX_VALUE: the services refuse more, and a row stored
    # before that bound (up to 2^63) would otherwise overflow the database's 64-bit SUM and
    # fail the figures of every unit above it.
    capped = Least("value", Value(settings.FIGURE_MAX_VALUE), output_field=BigIntegerField())
    sums = (
        figures.values_list("activity__activity_type_id", "figure_id", "option_id")
        .annotate(total=Coalesce(Sum(capped), 0))
        .order_by()
    )
    type_codes = dict(ActivityType.objects.values_list("pk", "code"))
    figure_codes = dict(Figure.objects.values_list("pk", "code"))
    option_codes = dict(CategoryOption.objects.values_list("pk", "code"))
    return ActivityFigures(
        unit=unit,
        start=start,
        end=end,
        counts={type_codes[type_id]: n for type_id, n in counts},
        values={
            (type_codes[t], figure_codes[f], option_codes[o] if o else None): total
            for t, f, o, total in sums
        },
    )


def activity_figures_for(
    user: AnyUser, *, unit: Unit, start: date, end: date, types: Iterable[str] | None = None
) -> ActivityFigures:
    """:func:`activity_figures`, for a person who may see ``unit``."""
    if not can(user, READ_INTERNAL, unit):
        raise PermissionDenied(_("You may not see the figures of this unit."))
    return activity_figures(unit=unit, start=start, end=end, types=types)


# --- Lists and the calendar ------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityFilters:
    unit: Unit | None = None
    type_code: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    query: str = ""


# Far enough apart to hold every activity the log accepts.
_EARLIEST, _LATEST = date(1930, 1, 1), date(2999, 12, 31)


def activity_list(user: AnyUser, filters: ActivityFilters) -> QuerySet[Activity]:
    """Activities the person may see matching ``filters``: a unit means its subtree as it
    stood on each activity's date; words are matched without accents."""
    activities = activities_visible_to(user)
    if filters.unit is not None:
        activities = activities.filter(
            subtree_in_period(filters.unit, _EARLIEST, filters.date_to or _LATEST)
        )
    if filters.type_code:
        activities = activities.filter(activity_type__code=filters.type_code)
    if filters.date_from:
        activities = activities.filter(
            Q(end_date__gte=filters.date_from)
            | Q(end_date__isnull=True, start_date__gte=filters.date_from)
        )
    if filters.date_to:
        activities = activities.filter(start_date__lte=filters.date_to)
    for word in fold(filters.query).split():
        activities = activities.filter(title_folded__contains=word)
    return activities.order_by("-start_date", "-pk")


def with_figures(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    return activities.prefetch_related(
        Prefetch("figures", ActivityFigure.objects.select_related("figure", "option"))
    )


@dataclass
class CalendarDay:
    day: date
    in_month: bool
    activities: list[Activity] = field(default_factory=list)


def activity_calendar(
    user: AnyUser, year: int, month: int, filters: ActivityFilters
) -> list[list[CalendarDay]]:
    """The weeks (Monday first) of ``month``, each day with the activities held on it."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    days = {day: CalendarDay(day, day.month == month) for week in weeks for day in week}
    month_filters = ActivityFilters(
        unit=filters.unit,
        type_code=filters.type_code,
        date_from=weeks[0][0],
        date_to=weeks[-1][-1],
        query=filters.query,
    )
    for activity in activity_list(user, month_filters).order_by("start_date", "pk"):
        day = max(activity.start_date, weeks[0][0])
        while day <= min(activity.last_date, weeks[-1][-1]):
            days[day].activities.append(activity)
            day += timedelta(days=1)
    return [[days[day] for day in week] for week in weeks]


def activity_types() -> QuerySet[ActivityType]:
    return ActivityType.objects.filter(is_active=True)
