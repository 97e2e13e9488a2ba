"""Excel output of reporting tables: data in, bytes out."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from tuyengiao.reporting.pivot import Pivot

NUMBER_FORMAT = "#,##0.##"


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral() else float(value)


def pivot_xlsx(pivot: Pivot) -> bytes:
    """The pivot as a worksheet: a title, the header row, a row per unit or period, the
    total row, then the notes on carried figures."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Số liệu"
    sheet.append([pivot.title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([pivot.row_label, *(column.label for column in pivot.columns)])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for label, values in pivot.rows:
        sheet.append([label, *(_number(value) for value in values)])
    sheet.append(["Tổng cộng", *(_number(value) for value in pivot.total)])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=3, min_col=2):
        for cell in row:
            cell.number_format = NUMBER_FORMAT
    for note in pivot.notes:
        sheet.append([note])
    sheet.column_dimensions["A"].width = 40
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


def rows_xlsx(header: list[str], rows: list[list[object]], title: str) -> bytes:
    """A plain table (the data-value export)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()
