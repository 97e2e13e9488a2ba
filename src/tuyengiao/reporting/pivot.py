"""A pivot of a form's figures: rows are the units below a unit or the periods inside a
period, columns the indicators and their category options, with a total row."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from tuyengiao.orgs.models import Unit
from tuyengiao.reporting.completeness import form_periods, named_units
from tuyengiao.reporting.models import ReportForm
from tuyengiao.reporting.periods import Period
from tuyengiao.reporting.selectors import (
    IndicatorFigure,
    report_figures,
    report_figures_by_unit,
    require_view,
)


@dataclass(frozen=True)
class Column:
    indicator_code: str
    label: str
    option_code: str | None


@dataclass
class Pivot:
    title: str
    row_label: str
    columns: list[Column]
    rows: list[tuple[str, list[Decimal | None]]]
    total: list[Decimal | None]
    notes: list[str]


def _columns(figures: list[IndicatorFigure]) -> list[Column]:
    columns = []
    for item in figures:
        name = item.indicator.short_name or item.indicator.name
        columns.append(Column(item.indicator.code, name, None))
        columns += [
            Column(item.indicator.code, f"{name} — {option}", code)
            for code, option in item.option_names.items()
        ]
    return columns


def _cells(columns: list[Column], figures: list[IndicatorFigure]) -> list[Decimal | None]:
    by_code = {item.indicator.code: item for item in figures}
    return [
        by_code[c.indicator_code].total
        if c.option_code is None
        else by_code[c.indicator_code].by_option.get(c.option_code)
        for c in columns
    ]


def build_pivot(user, *, form: ReportForm, unit: Unit, period: Period, rows: str) -> Pivot:  # type: ignore[no-untyped-def]
    """The pivot as ``user`` may see it (None: the system)."""
    require_view(user, unit, period)
    whole = report_figures(None, form=form, unit=unit, period=period)
    columns = _columns(whole.figures)
    notes = [note.text for note in whole.carried]
    body: list[tuple[str, list[Decimal | None]]] = []
    if rows == "period":
        for part in form_periods(form, period):
            found = report_figures(None, form=form, unit=unit, period=part)
            body.append((part.label, _cells(columns, found.figures)))
        row_label = "Kỳ"
    else:
        children = {
            child.unit.pk: child
            for child in report_figures_by_unit(None, form=form, unit=unit, period=period)
        }
        for named in named_units(set(children), period.end):
            body.append((named.name, _cells(columns, children[named.unit.pk].figures)))
        row_label = "Đơn vị"
    name = named_units({unit.pk}, period.end)[0].name
    return Pivot(
        f"{form.name} — {name} — {period.label}",
        row_label,
        columns,
        body,
        _cells(columns, whole.figures),
        notes,
    )
