"""A pivot of a form's figures: rows are the units below a unit or the periods inside a
period, columns the indicators and their category options, with a total row.

An indicator broken down by a category has a column for its total (``Tổng số``) and one per
option; its name is the ``group`` shown merged over them, on screen and in Excel."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from tuyengiao.core.actors import SYSTEM
from tuyengiao.orgs.access import AnyUser
from tuyengiao.orgs.models import Unit
from tuyengiao.reporting.completeness import form_periods, named_units
from tuyengiao.reporting.models import ReportForm
from tuyengiao.reporting.periods import Period
from tuyengiao.reporting.selectors import (
    ChildFigures,
    IndicatorFigure,
    ReportFigures,
    report_figures,
    report_figures_by_unit,
    require_view,
)

TOTAL_HEADING = "Tổng số"


@dataclass(frozen=True)
class Column:
    """``label`` names the column alone (``Số lớp — Khối Đảng``); under a ``group`` (the
    indicator's name, for indicators with options) the column is headed ``heading``."""

    indicator_code: str
    label: str
    option_code: str | None
    group: str = ""
    heading: str = ""


@dataclass(frozen=True)
class HeaderGroup:
    """An indicator's header over its columns; ``merged`` when it has options."""

    label: str
    columns: list[Column]

    @property
    def merged(self) -> bool:
        return bool(self.columns[0].group)


@dataclass
class Pivot:
    title: str
    row_label: str
    columns: list[Column]
    rows: list[tuple[str, list[Decimal | None]]]
    total: list[Decimal | None]
    notes: list[str]

    @property
    def has_groups(self) -> bool:
        return any(column.group for column in self.columns)

    @property
    def groups(self) -> list[HeaderGroup]:
        """The top header row: one entry per indicator."""
        groups: list[HeaderGroup] = []
        for column in self.columns:
            last = groups[-1].columns[0] if groups else None
            if column.group and last and last.indicator_code == column.indicator_code:
                groups[-1].columns.append(column)
            else:
                groups.append(HeaderGroup(column.group or column.label, [column]))
        return groups


def pivot_columns(figures: list[IndicatorFigure]) -> list[Column]:
    """A column per indicator total, then one per option of the indicator's category."""
    columns = []
    for item in figures:
        name = item.indicator.short_name or item.indicator.name
        group = name if item.option_names else ""
        columns.append(Column(item.indicator.code, name, None, group, TOTAL_HEADING))
        columns += [
            Column(item.indicator.code, f"{name} — {option}", code, group, option)
            for code, option in item.option_names.items()
        ]
    return columns


def pivot_cells(columns: list[Column], figures: list[IndicatorFigure]) -> list[Decimal | None]:
    """The figures of ``figures`` in the order of ``columns``."""
    by_code = {item.indicator.code: item for item in figures}
    return [
        by_code[c.indicator_code].total
        if c.option_code is None
        else by_code[c.indicator_code].by_option.get(c.option_code)
        for c in columns
    ]


def pivot_title(whole: ReportFigures) -> str:
    """``<form> — <unit's name at the period's end> — <period>``."""
    name = named_units({whole.unit.pk}, whole.period.end)[0].name
    return f"{whole.form.name} — {name} — {whole.period.label}"


def pivot_by_unit(whole: ReportFigures, children: list[ChildFigures]) -> Pivot:
    """A row per unit directly below (names and Vietnamese order at the period's end); the
    total row is the unit's own aggregate, reorganised units carried as the notes say."""
    columns = pivot_columns(whole.figures)
    by_pk = {child.unit.pk: child for child in children}
    body = [
        (named.name, pivot_cells(columns, by_pk[named.unit.pk].figures))
        for named in named_units(set(by_pk), whole.period.end)
    ]
    return Pivot(
        pivot_title(whole),
        "Đơn vị",
        columns,
        body,
        pivot_cells(columns, whole.figures),
        [note.text for note in whole.carried],
    )


def build_pivot(user: AnyUser, *, form: ReportForm, unit: Unit, period: Period, rows: str) -> Pivot:
    """The pivot as ``user`` may see it; read as the system once ``user`` is checked."""
    require_view(user, unit, period)
    whole = report_figures(SYSTEM, form=form, unit=unit, period=period)
    if rows != "period":
        return pivot_by_unit(
            whole, report_figures_by_unit(SYSTEM, form=form, unit=unit, period=period)
        )
    columns = pivot_columns(whole.figures)
    body = []
    for part in form_periods(form, period):
        found = report_figures(SYSTEM, form=form, unit=unit, period=part)
        body.append((part.label, pivot_cells(columns, found.figures)))
    return Pivot(
        pivot_title(whole),
        "Kỳ",
        columns,
        body,
        pivot_cells(columns, whole.figures),
        [note.text for note in whole.carried],
    )
