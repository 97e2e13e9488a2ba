"""The dashboard of a form for a unit and a period: what a leader reads before a meeting.

It puts together, from the reads the Word report already uses (:func:`report_figures` and
:func:`report_figures_by_unit`): completeness, each indicator's total against the same
period last year ("so với cùng kỳ năm trước"), the work items done out of those set (the
form's indicators whose source is the plans, "84/87 đầu việc"), one indicator by unit
directly below (bar chart, this year and last year) and every indicator over the last
periods of the same type (line chart).

The number of queries does not depend on how many units lie below: each read is a fixed
number of aggregate queries, and the trend reads only the unit's own figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from tuyengiao.core.actors import SYSTEM
from tuyengiao.orgs.access import AnyUser
from tuyengiao.orgs.models import Unit
from tuyengiao.reporting.aggregation import unit_figures
from tuyengiao.reporting.completeness import Completeness, named_units
from tuyengiao.reporting.models import Indicator, ReportForm
from tuyengiao.reporting.periods import Period, preceding, year_before
from tuyengiao.reporting.selectors import (
    IndicatorFigure,
    report_figures,
    report_figures_by_unit,
    require_view,
)

TREND_PERIODS = 5
HUNDRED = Decimal(100)


def percent_change(now: Decimal | None, before: Decimal | None) -> Decimal | None:
    """The change from ``before`` to ``now`` in per cent (None: nothing to compare with)."""
    if now is None or not before:
        return None
    return (now - before) * HUNDRED / before


@dataclass
class KeyFigure:
    """An indicator's total for the period and for the same period last year."""

    indicator: Indicator
    total: Decimal | None
    last_year: Decimal | None

    @property
    def change(self) -> Decimal | None:
        """The change against last year in per cent (None: nothing to compare with)."""
        return percent_change(self.total, self.last_year)


@dataclass
class WorkItems:
    """Work items of the plans done out of those set ("84/87 đầu việc")."""

    done: int
    total: int

    @property
    def rate(self) -> float:
        return 100 * self.done / self.total if self.total else 0.0


@dataclass
class UnitBar:
    """The chosen indicator for one unit directly below, this year and last year."""

    unit: Unit
    name: str
    total: Decimal | None
    last_year: Decimal | None

    @property
    def change(self) -> Decimal | None:
        return percent_change(self.total, self.last_year)


@dataclass
class Trend:
    """An indicator's totals over :attr:`Dashboard.trend_periods`, oldest first."""

    indicator: Indicator
    values: list[Decimal | None]


@dataclass
class Dashboard:
    form: ReportForm
    unit: Unit
    unit_name: str
    period: Period
    last_year: Period
    completeness: Completeness
    figures: list[KeyFigure]
    work_items: WorkItems | None
    chart_indicator: Indicator | None
    by_unit: list[UnitBar] = field(default_factory=list)
    trend_periods: list[Period] = field(default_factory=list)
    trend: list[Trend] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def cards(self) -> list[KeyFigure]:
        """The figures shown as cards: the plan indicators are in :attr:`work_items`."""
        if self.work_items is None:
            return self.figures
        return [item for item in self.figures if _plans_measure(item.indicator) is None]

    def chart_data(self) -> dict[str, object]:
        """What the page's script draws (numbers as text: Decimal is exact in JSON)."""
        chosen = self.chart_indicator
        return {
            "bar": {
                "title": chosen.name if chosen else "",
                "unitLabel": chosen.unit_label if chosen else "",
                "labels": [bar.name for bar in self.by_unit],
                "series": [
                    {"label": self.period.label, "data": [bar.total for bar in self.by_unit]},
                    {
                        "label": self.last_year.label,
                        "data": [bar.last_year for bar in self.by_unit],
                    },
                ],
            },
            "line": {
                "labels": [period.label for period in self.trend_periods],
                "series": [
                    {
                        "label": trend.indicator.name,
                        "data": trend.values,
                        "hidden": trend.indicator != chosen,
                    }
                    for trend in self.trend
                ],
            },
        }


def _plans_measure(indicator: Indicator) -> str | None:
    if indicator.source != Indicator.Source.PLANS:
        return None
    return str(indicator.source_params.get("measure", "done"))


def _work_items(figures: list[IndicatorFigure]) -> WorkItems | None:
    """Done and total from the form's plan indicators, when it has both."""
    found: dict[str, Decimal] = {}
    for item in figures:
        measure = _plans_measure(item.indicator)
        if measure in ("done", "total") and item.total is not None:
            found.setdefault(measure, item.total)
    if "done" not in found or "total" not in found:
        return None
    return WorkItems(int(found["done"]), int(found["total"]))


def _chart_indicator(
    indicators: list[Indicator], bars_of: dict[int, list[UnitBar]], choice: str
) -> Indicator | None:
    """The indicator asked for; otherwise the first of those the most units below reported."""
    asked = next((item for item in indicators if item.code == choice), None)
    return asked or max(
        indicators,
        key=lambda item: sum(bar.total is not None for bar in bars_of[item.pk]),
        default=None,
    )


def _totals(figures: list[IndicatorFigure]) -> dict[int, Decimal]:
    """Each indicator's total by id, for the indicators that have one."""
    return {item.indicator.pk: item.total for item in figures if item.total is not None}


def dashboard(
    user: AnyUser,
    *,
    form: ReportForm,
    unit: Unit,
    period: Period,
    indicator: str = "",
) -> Dashboard:
    """The dashboard of ``form`` for ``unit``'s subtree over ``period`` as ``user`` may see
    it (read as the system once ``user`` is checked); ``indicator`` is the code of the
    indicator the bar chart shows (empty: the one the most units below reported)."""
    require_view(user, unit, period)
    before = year_before(period)
    now = report_figures(SYSTEM, form=form, unit=unit, period=period)
    then = unit_figures(form, unit, before).values
    figures = [
        KeyFigure(item.indicator, item.total, then.get((item.indicator.pk, None)))
        for item in now.figures
    ]
    indicators = [item.indicator for item in now.figures]

    children = report_figures_by_unit(SYSTEM, form=form, unit=unit, period=period)
    last_year_of = {
        child.unit.pk: _totals(child.figures)
        for child in report_figures_by_unit(SYSTEM, form=form, unit=unit, period=before)
    }
    this_year_of = {child.unit.pk: _totals(child.figures) for child in children}
    # In Vietnamese alphabetical order of the units' names at the period's end.
    named = named_units(set(this_year_of), period.end)
    bars_of = {
        item.pk: [
            UnitBar(
                unit=found.unit,
                name=found.name,
                total=this_year_of[found.unit.pk].get(item.pk),
                last_year=last_year_of.get(found.unit.pk, {}).get(item.pk),
            )
            for found in named
            if item.pk in this_year_of[found.unit.pk]
            or item.pk in last_year_of.get(found.unit.pk, {})
        ]
        for item in indicators
    }
    chosen = _chart_indicator(indicators, bars_of, indicator)

    periods = preceding(period, TREND_PERIODS)
    earlier = [
        then if part == before else unit_figures(form, unit, part).values for part in periods[:-1]
    ]
    trend = [
        Trend(
            item.indicator,
            [found.get((item.indicator.pk, None)) for found in earlier] + [item.total],
        )
        for item in now.figures
    ]
    return Dashboard(
        form=form,
        unit=unit,
        unit_name=named_units({unit.pk}, period.end)[0].name,
        period=period,
        last_year=before,
        completeness=now.completeness,
        figures=figures,
        work_items=_work_items(now.figures),
        chart_indicator=chosen,
        by_unit=bars_of[chosen.pk] if chosen else [],
        trend_periods=periods,
        trend=trend,
        notes=[note.text for note in now.carried],
    )
