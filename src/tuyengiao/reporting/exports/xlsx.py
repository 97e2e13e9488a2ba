"""Excel output of reporting tables: data in, bytes out."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from tuyengiao.reporting.pivot import Pivot

# Whole numbers without a decimal mark (Excel in Vietnamese shows "#,##0.##" as "1.420,");
# other numbers with one to four decimals.
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.0###"


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral() else float(value)


def _format_numbers(rows) -> None:  # type: ignore[no-untyped-def]
    for row in rows:
        for cell in row:
            if isinstance(cell.value, bool) or not isinstance(cell.value, int | float | Decimal):
                continue
            whole = cell.value == int(cell.value)
            cell.number_format = INTEGER_FORMAT if whole else DECIMAL_FORMAT


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
    _format_numbers(sheet.iter_rows(min_row=3, min_col=2))
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
    _format_numbers(sheet.iter_rows(min_row=2))
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()
