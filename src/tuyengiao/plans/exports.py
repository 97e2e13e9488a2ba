"""A plan with its statuses on a date, as an Excel workbook or a Word table: data in, bytes
out. Rows are the work items the reader sees, in plan order, each leaf followed by the
shares of its assigned units; the figures line heads both files."""

from __future__ import annotations

import io
from datetime import date

from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.shared import Mm, Pt

from tuyengiao.core.formatting import format_date, format_percent, format_ratio
from tuyengiao.core.spreadsheets import Column, Row, Table, table_bytes
from tuyengiao.plans.selectors import ItemRow, PlanState, summarize, unit_name

HEADERS = (
    "Số TT",
    "Đầu việc",
    "Đơn vị chủ trì / thực hiện",
    "Hạn",
    "Trạng thái",
    "Tiến độ (%)",
    "Ngày hoàn thành",
)
WIDTHS = (8, 70, 36, 12, 24, 12, 16)
# Item titles and unit names are indented by their depth in the plan.
_INDENTED = (1, 2)


def figures_line(state: PlanState) -> str:
    """``Tính đến ngày 30/09/2022: hoàn thành 84/87 đầu việc; quá hạn 2; đúng hạn 80.``"""
    summary = summarize(state)
    line = (
        f"Tính đến ngày {format_date(state.as_of)}: hoàn thành "
        f"{format_ratio(summary.done, summary.total)} đầu việc; quá hạn {summary.overdue}; "
        f"đúng hạn {summary.on_time}"
    )
    if summary.on_time_rate is not None:
        line += f" ({format_percent(summary.on_time_rate)})"
    return line + "."


def _progress(value: object) -> float | None:
    return None if value is None else round(float(value), 1)  # type: ignore[arg-type]


def plan_rows(state: PlanState) -> list[tuple[int, tuple[object, ...]]]:
    """(indent, values) for each item, then each of a leaf's assigned units."""
    rows: list[tuple[int, tuple[object, ...]]] = []
    for row in state.rows():
        rows.append((row.depth, _item_values(row, state.as_of)))
        if row.is_leaf and any(share.assignment for share in row.shares):
            for share in row.shares:
                unit = share.assignment.unit  # type: ignore[union-attr]
                rows.append(
                    (
                        row.depth + 1,
                        (
                            "",
                            "",
                            unit_name(unit, state.as_of),
                            share.deadline,
                            share.status.name,
                            share.status.percent if not share.status.is_excluded else None,
                            share.done_on,
                        ),
                    )
                )
    return rows


def _item_values(row: ItemRow, on: date) -> tuple[object, ...]:
    item = row.item
    status = ""
    if row.is_leaf:
        if row.is_done:
            status = "Hoàn thành"
        elif row.is_overdue(on):
            status = "Quá hạn"
        elif len(row.shares) == 1:
            status = row.shares[0].status.name
        else:
            status = "Đang thực hiện"
    return (
        item.number,
        item.title,
        unit_name(item.owner, on),
        item.due_on,
        status,
        _progress(row.progress),
        row.done_on if row.is_leaf else None,
    )


def plan_to_xlsx(state: PlanState) -> bytes:
    """One sheet: title, figures, then the header (frozen, repeated on printed pages) and
    the rows, indented by depth; real dates; A4 landscape."""
    columns = [
        Column(header, width=width, indent=index in _INDENTED, wrap=index == 1)
        for index, (header, width) in enumerate(zip(HEADERS, WIDTHS, strict=True))
    ]
    table = Table(
        "Kế hoạch",
        columns,
        [Row(values, indent=depth) for depth, values in plan_rows(state)],
        title=f"{state.plan.code} — {state.plan.title}",
        subtitle=figures_line(state),
        frozen_columns=0,
        landscape=True,
    )
    return table_bytes(table, title=state.plan.title)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, float):
        return format_percent(value, 1).rstrip("%")
    return str(value)


def plan_to_docx(state: PlanState) -> bytes:
    """A4 landscape, Times New Roman 13 pt: the plan's title, the figures and one table."""
    document = WordDocument()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    title = document.add_paragraph()
    run = title.add_run(f"TIẾN ĐỘ THỰC HIỆN {state.plan.title.upper()}")
    run.bold = True
    document.add_paragraph(figures_line(state))
    rows = plan_rows(state)
    table = document.add_table(rows=1, cols=len(HEADERS))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, HEADERS, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(header).bold = True
    for depth, values in rows:
        cells = table.add_row().cells
        for index, value in enumerate(values):
            text = _text(value)
            if index in (1, 2) and depth and text:
                text = "    " * depth + text
            cells[index].text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
