"""Figures of a unit for any period, aggregated up the tree in force for that period.

Values are read from the analytics table (already summed over each unit's subtree). A period
may span a reorganisation: each hierarchy version in force during the period contributes
the rows of its own days, read at the unit itself when that version places it, otherwise at
the units it succeeded (merged or split into it), each weighted by the share it took. Every
such carry is returned as a note, so the report can say where its figures come from.

Over time, each indicator's aggregation type applies: ``sum`` adds the periods, ``average``
divides the sum by the number of values, ``last`` keeps the latest period with data, and
``none`` shows only the unit's own value for exactly that period.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q, Sum

from tuyengiao.core.formatting import format_percent
from tuyengiao.orgs.models import Placement, Succession, Unit
from tuyengiao.reporting.analytics import VersionSpan, version_spans
from tuyengiao.reporting.models import (
    AnalyticsRow,
    DataValue,
    FormIndicator,
    Indicator,
    ReportForm,
)
from tuyengiao.reporting.periods import Period
from tuyengiao.reporting.rules import Figures

PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Carried:
    """Figures of ``predecessor`` up to ``until`` counted in ``successor`` with ``share``."""

    predecessor: Unit
    successor: Unit
    share: Decimal
    until: date

    @property
    def text(self) -> str:
        percent = self.share * 100
        decimals = 0 if percent == percent.to_integral() else 2
        share = "" if self.share == 1 else f" theo tỷ lệ {format_percent(percent, decimals)}"
        return (
            f"Số liệu của {self.predecessor} đến ngày {self.until:%d/%m/%Y} được tính vào "
            f"{self.successor}{share} (sắp xếp tổ chức)."
        )


@dataclass
class _Accumulator:
    total: Decimal = Decimal(0)
    count: Decimal = Decimal(0)
    latest: date | None = None
    latest_total: Decimal = Decimal(0)

    def add(self, start: date, total: Decimal, count: int, share: Decimal) -> None:
        self.total += total * share
        self.count += count * share
        if self.latest is None or start > self.latest:
            self.latest, self.latest_total = start, Decimal(0)
        if start == self.latest:
            self.latest_total += total * share

    def result(self, aggregation: str) -> Decimal:
        if aggregation == Indicator.Aggregation.AVERAGE:
            value = self.total / self.count if self.count else Decimal(0)
        elif aggregation == Indicator.Aggregation.LAST:
            value = self.latest_total
        else:
            value = self.total
        if value == value.to_integral():
            return value.quantize(Decimal(1))
        return value.quantize(PLACES).normalize()


@dataclass
class UnitFigures:
    """A unit's figures for a period by (indicator id, option id; None = total)."""

    unit: Unit
    values: Figures = field(default_factory=dict)
    carried: list[Carried] = field(default_factory=list)


def spans_during(period: Period) -> list[VersionSpan]:
    """The hierarchy versions in force on some day of the period."""
    return [
        span
        for span in version_spans()
        if span.since <= period.end and (span.until is None or span.until > period.start)
    ]


def _placed(version_id: int, unit_ids: set[int]) -> set[int]:
    return set(
        Placement.objects.filter(version_id=version_id, unit_id__in=unit_ids).values_list(
            "unit_id", flat=True
        )
    )


def contributors(unit: Unit, span: VersionSpan) -> list[tuple[int, Decimal]]:
    """The units whose rows in ``span``'s version stand for ``unit``: itself where placed,
    otherwise the units it succeeded (transitively), with the share each passed on."""
    found: list[tuple[int, Decimal]] = []
    frontier: list[tuple[int, Decimal]] = [(unit.pk, Decimal(1))]
    seen: set[int] = set()
    while frontier:
        ids = {unit_id for unit_id, _share in frontier}
        placed = _placed(span.version_id, ids)
        found += [(unit_id, share) for unit_id, share in frontier if unit_id in placed]
        seen |= ids
        missing = {unit_id: share for unit_id, share in frontier if unit_id not in placed}
        frontier = [
            (predecessor, missing[successor] * share)
            for predecessor, successor, share in Succession.objects.filter(successor_id__in=missing)
            .exclude(predecessor_id__in=seen)
            .values_list("predecessor_id", "successor_id", "share")
        ]
    return found


def _indicators(form: ReportForm) -> dict[int, Indicator]:
    return {
        indicator.pk: indicator
        for indicator in Indicator.objects.filter(
            pk__in=FormIndicator.objects.filter(section__form=form).values("indicator_id")
        )
    }


def _fold(
    rows: list[tuple[int, int | None, date, Decimal, int, Decimal]],
    indicators: dict[int, Indicator],
) -> Figures:
    accumulators: dict[tuple[int, int | None], _Accumulator] = defaultdict(_Accumulator)
    for indicator_id, option_id, start, total, count, share in rows:
        accumulators[(indicator_id, option_id)].add(start, Decimal(total), count, share)
        if option_id is not None:
            accumulators[(indicator_id, None)].add(start, Decimal(total), count, share)
    return {
        key: accumulator.result(indicators[key[0]].aggregation)
        for key, accumulator in accumulators.items()
        if indicators[key[0]].aggregation != Indicator.Aggregation.NONE
    }


def _own_values(form: ReportForm, unit: Unit, period: Period, indicators: dict) -> Figures:
    """Values of ``none`` indicators: the unit's own, for exactly the period."""
    unaggregated = [
        pk for pk, item in indicators.items() if item.aggregation == Indicator.Aggregation.NONE
    ]
    values: Figures = {}
    for value in DataValue.objects.filter(
        indicator_id__in=unaggregated,
        unit=unit,
        period_code=period.code,
        counted_value__isnull=False,
    ):
        values[(value.indicator_id, value.option_id)] = value.counted_value
        if value.option_id is not None:
            key = (value.indicator_id, None)
            values[key] = values.get(key, Decimal(0)) + value.counted_value
    return values


def _rows(form: ReportForm, period: Period, condition: Q, indicators: dict) -> list:
    """(version, unit, indicator, option, period start, sum, count) summed by the database
    over the period: per period only for ``last`` indicators, which need the latest one."""
    rows = AnalyticsRow.objects.filter(
        condition,
        period_type=form.period_type,
        period_start__gte=period.start,
        period_end__lte=period.end,
    ).order_by()
    keys = ("version_id", "unit_id", "indicator_id", "option_id")
    last = [pk for pk, item in indicators.items() if item.aggregation == Indicator.Aggregation.LAST]
    others = [pk for pk in indicators if pk not in last]
    found = []
    if others:
        found += [
            (version, unit, indicator, option, period.start, total, count)
            for version, unit, indicator, option, total, count in rows.filter(
                indicator_id__in=others
            )
            .values_list(*keys)
            .annotate(total=Sum("value_sum"), count=Sum("value_count"))
        ]
    if last:
        found += list(
            rows.filter(indicator_id__in=last)
            .values_list(*keys, "period_start")
            .annotate(total=Sum("value_sum"), count=Sum("value_count"))
        )
    return found


def unit_figures(form: ReportForm, unit: Unit, period: Period) -> UnitFigures:
    """``unit``'s figures on ``form`` for ``period``, with the carries of reorganisations."""
    indicators = _indicators(form)
    shares: dict[tuple[int, int], Decimal] = {}
    carried_from: list[tuple[int, Decimal, VersionSpan]] = []
    for span in spans_during(period):
        for unit_id, share in contributors(unit, span):
            shares[(span.version_id, unit_id)] = share
            if unit_id != unit.pk:
                carried_from.append((unit_id, share, span))
    result = UnitFigures(unit)
    if shares:
        condition = Q()
        for version_id, unit_id in shares:
            condition |= Q(version_id=version_id, unit_id=unit_id)
        rows = [
            (indicator_id, option_id, start, total, count, shares[(version_id, unit_id)])
            for version_id, unit_id, indicator_id, option_id, start, total, count in _rows(
                form, period, condition, indicators
            )
        ]
        result.values = _fold(rows, indicators)
    result.values.update(_own_values(form, unit, period, indicators))
    names = {u.pk: u for u in Unit.objects.filter(pk__in={c[0] for c in carried_from})}
    for unit_id, share, span in carried_from:
        if span.until is not None:
            until = min(span.until - timedelta(days=1), period.end)
            result.carried.append(Carried(names[unit_id], unit, share, until))
    return result


def figures_by_child(form: ReportForm, unit: Unit, period: Period) -> list[UnitFigures]:
    """The figures of each unit directly below ``unit`` in the tree in force at the period's
    end. Within one hierarchy version this is one query; a period across a reorganisation
    reads each child as :func:`unit_figures` does, carries included."""
    spans = spans_during(period)
    if not spans:
        return []
    children = Unit.objects.filter(
        pk__in=Placement.objects.filter(version_id=spans[-1].version_id, parent=unit).values(
            "unit_id"
        )
    ).order_by("code")
    if len(spans) > 1:
        return [unit_figures(form, child, period) for child in children]
    indicators = _indicators(form)
    by_child: dict[int, list] = defaultdict(list)
    for _version, unit_id, indicator_id, option_id, start, total, count in _rows(
        form, period, Q(version_id=spans[0].version_id, parent=unit), indicators
    ):
        by_child[unit_id].append((indicator_id, option_id, start, total, count, Decimal(1)))
    return [UnitFigures(child, _fold(by_child[child.pk], indicators)) for child in children]
