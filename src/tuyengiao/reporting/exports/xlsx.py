"""Excel output of reporting tables: data in, bytes out, laid out by
:mod:`tuyengiao.core.spreadsheets`.

* :func:`report_xlsx` — the official report's figures: sheet "Tổng hợp" (an indicator a row,
  its total and, under "Trong đó", its parts by category option) and sheet "Theo đơn vị"
  (a unit a row, each indicator's columns under its name).
* :func:`pivot_xlsx` — the pivot screen's table.
* :func:`rows_xlsx` — a plain table with its header in row 1 (the figures export, which is
  imported again).
"""

from __future__ import annotations

from decimal import Decimal

from tuyengiao.core.formatting import format_number, format_ratio
from tuyengiao.core.spreadsheets import (
    TOTAL_LABEL,
    Column,
    Table,
    table_bytes,
    workbook_bytes,
)
from tuyengiao.reporting.pivot import Pivot, pivot_by_unit
from tuyengiao.reporting.selectors import ChildFigures, ReportFigures

SUMMARY_SHEET = "Tổng hợp"
BY_UNIT_SHEET = "Theo đơn vị"
OF_WHICH = "Trong đó"


def _pivot_table(pivot: Pivot, sheet_name: str, subtitle: str = "") -> Table:
    """The pivot as a table: indicators with options head their columns, merged."""
    columns = [Column(pivot.row_label)] + [
        Column(column.heading, group=column.group) if column.group else Column(column.label)
        for column in pivot.columns
    ]
    return Table(
        sheet_name,
        columns,
        [[label, *values] for label, values in pivot.rows],
        title=pivot.title,
        subtitle=subtitle,
        total=[TOTAL_LABEL, *pivot.total],
        notes=pivot.notes,
    )


def pivot_xlsx(pivot: Pivot) -> bytes:
    """The pivot as a worksheet: a title, the header (indicators merged over their
    options), a row per unit or period, the total row, then the notes on carried figures."""
    return table_bytes(_pivot_table(pivot, "Số liệu"))


def rows_xlsx(header: list[str], rows: list[list[object]], title: str) -> bytes:
    """A plain table (the data-value export): header in row 1, sheet named ``title``."""
    table = Table(title, [Column(name) for name in header], rows, frozen_columns=0)
    return table_bytes(table, title=title)


def completeness_line(figures: ReportFigures) -> str:
    """``Đã gửi 31/31 báo cáo, đúng hạn 31.``"""
    done = figures.completeness
    return (
        f"Đã gửi {format_ratio(done.submitted, done.expected)} báo cáo, "
        f"đúng hạn {format_number(done.on_time)}."
    )


def _summary_table(figures: ReportFigures, title: str) -> Table:
    """An indicator a row: STT, name, unit of measure, total, then the options of every
    category used, in order of first use, under "Trong đó"."""
    options: dict[str, str] = {}
    for item in figures.figures:
        for code, name in item.option_names.items():
            options.setdefault(code, name)
    columns = [
        Column("STT"),
        Column("Chỉ tiêu", wrap=True),
        Column("Đơn vị tính"),
        Column("Tổng số"),
        *(Column(name, group=OF_WHICH) for name in options.values()),
    ]
    rows: list[list[object]] = []
    for number, item in enumerate(figures.figures, start=1):
        parts: list[Decimal | None] = [item.by_option.get(code) for code in options]
        rows.append([number, item.indicator.name, item.indicator.unit_label, item.total, *parts])
    done = figures.completeness
    notes = [completeness_line(figures)]
    if done.missing_units:
        notes.append("Chưa gửi: " + ", ".join(named.name for named in done.missing_units) + ".")
    notes += [note.text for note in figures.carried]
    return Table(SUMMARY_SHEET, columns, rows, title=title, notes=notes, frozen_columns=2)


def report_xlsx(figures: ReportFigures, children: list[ChildFigures]) -> bytes:
    """The report's figures as a workbook of two sheets, "Tổng hợp" and "Theo đơn vị"
    (``children``: the figures of each unit directly below, as
    :func:`~tuyengiao.reporting.selectors.report_figures_by_unit` gives them)."""
    by_unit = pivot_by_unit(figures, children)
    return workbook_bytes(
        [
            _summary_table(figures, by_unit.title),
            _pivot_table(by_unit, BY_UNIT_SHEET, "Số liệu của các đơn vị trực thuộc"),
        ],
        title=by_unit.title,
    )
