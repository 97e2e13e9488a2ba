"""Excel workbooks of tables, the one layout every export of the platform uses.

A :class:`Table` becomes one worksheet, top to bottom:

* a title row and an optional subtitle row, each merged across the table;
* one header row, or two when some columns carry a ``group``: the group header (an
  indicator's name) is merged over its columns (``Tổng số``, ``Khối Đảng``, …) and a column
  without a group has its header merged down both rows;
* the data rows, then an optional bold total row;
* a blank row and the notes, each merged across the table.

Why the details are as they are:

* Whole numbers get ``#,##0`` and other numbers ``#,##0.0###``: Excel with Vietnamese
  settings shows ``#,##0.##`` as ``1.420,`` (a dangling decimal mark). Dates get
  ``DD/MM/YYYY``; percentages (fractions, 0.9556) ``0.0#%``, shown as 95,56%.
* Text that starts with ``=``, ``+``, ``-``, ``@`` (see
  :data:`tuyengiao.core.tabular.FORMULA_PREFIXES`) is stored as text: a unit named
  ``=HYPERLINK(…)`` must never become a formula when the file is opened.
* The panes freeze below the header rows and after the label columns, and the header rows
  repeat on every printed page: reports run to many pages and units.
* Printing is A4, landscape when the table is wider than a portrait page, scaled to one page
  wide, centred, with ``Trang 1/3`` in the footer. Column widths follow the content, capped,
  and a column whose text is longer than the cap wraps.
* Excel does not grow a row for wrapped text in merged cells, so titles, group headers and
  notes get a height estimated from their length.

Files that are imported again (the organisation tree, the figures) leave out the title, so
their header stays in row 1.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tuyengiao.core.tabular import FORMULA_PREFIXES

INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.0###"
PERCENT_FORMAT = "0.0#%"
DATE_FORMAT = "DD/MM/YYYY"
TOTAL_LABEL = "Tổng cộng"
FOOTER = "Trang &P/&N"

MAX_WIDTH = 60
MIN_WIDTH = 6
# Headers wrap: a long header widens its column only up to this many characters.
HEADER_WIDTH = 16
# About the width (in Excel's character units) that fits an A4 portrait page.
PORTRAIT_WIDTH = 100
LINE_HEIGHT = 15

_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")
# Characters Excel refuses in a sheet name.
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Column:
    """A column: its ``header``; ``group``, the header merged over consecutive columns with
    the same group (empty: the header spans both header rows); ``width`` fixes the width
    (None: from the content); ``number_format`` overrides the format chosen by value (for
    example :data:`PERCENT_FORMAT`); ``indent`` columns take each row's indent."""

    header: str
    group: str = ""
    width: float | None = None
    number_format: str | None = None
    indent: bool = False
    wrap: bool = False


@dataclass(frozen=True)
class Row:
    """A data row with the indent (levels of a tree) of its ``indent`` columns."""

    values: Sequence[object]
    indent: int = 0
    bold: bool = False


@dataclass
class Table:
    """One worksheet (see the module docstring). ``frozen_columns`` are the label columns
    that stay in view when scrolling right; ``landscape`` None decides by the width;
    ``page_header`` is printed at the top of each page; ``auto_filter`` adds filter buttons
    to the (last) header row."""

    sheet_name: str
    columns: Sequence[Column]
    rows: Sequence[Row | Sequence[object]]
    title: str = ""
    subtitle: str = ""
    total: Sequence[object] | None = None
    notes: Sequence[str] = field(default_factory=tuple)
    frozen_columns: int = 1
    landscape: bool | None = None
    page_header: str = ""
    auto_filter: bool = False

    @property
    def header_rows(self) -> int:
        return 2 if any(column.group for column in self.columns) else 1


def workbook_bytes(tables: Sequence[Table], *, title: str = "") -> bytes:
    """An .xlsx file with one sheet per table, in order; ``title`` is the document title."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        write_table(workbook.create_sheet(sheet_name(table.sheet_name)), table)
    if title:
        workbook.properties.title = title[:200]
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


def table_bytes(table: Table, *, title: str = "") -> bytes:
    """An .xlsx file of one table."""
    return workbook_bytes([table], title=title or table.title)


def sheet_name(name: str) -> str:
    """``name`` as Excel accepts it: no ``[]:*?/\\``, at most 31 characters."""
    return _SHEET_NAME_FORBIDDEN.sub("-", name).strip("'")[:31] or "Sheet"


def write_table(sheet: Worksheet, table: Table) -> None:
    """Lay ``table`` out on ``sheet``."""
    columns = list(table.columns)
    width = len(columns)
    rows = [row if isinstance(row, Row) else Row(row) for row in table.rows]
    widths = _widths(columns, rows, table.total)
    for index, value in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = value
    line = 1
    for text, size in ((table.title, 13), (table.subtitle, 11)):
        if text:
            _banner(sheet, line, width, text, widths, Font(bold=size > 11, size=size))
            line += 1
    first_header = line
    line = _header(sheet, first_header, columns, table.header_rows, widths)
    first_data = line
    for row in rows:
        _data_row(sheet, line, columns, row)
        line += 1
    if table.total is not None:
        _data_row(sheet, line, columns, Row(table.total, bold=True))
        line += 1
    if table.notes:
        line += 1
        for note in table.notes:
            _banner(sheet, line, width, note, widths, Font(italic=True))
            line += 1
    last_header = first_data - 1
    sheet.freeze_panes = f"{get_column_letter(table.frozen_columns + 1)}{first_data}"
    if table.auto_filter:
        last_row = max(first_data - 1 + len(rows), last_header)
        sheet.auto_filter.ref = f"A{last_header}:{get_column_letter(width)}{last_row}"
    _print_setup(sheet, table, sum(widths), first_header, last_header)


def number_format(value: object) -> str | None:
    """The format of a figure cell: whole numbers, decimals, dates; None for text."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return INTEGER_FORMAT
    if isinstance(value, float | Decimal):
        return INTEGER_FORMAT if value == int(value) else DECIMAL_FORMAT
    if isinstance(value, date):
        return DATE_FORMAT
    return None


def _cell_value(value: object) -> object:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral() else float(value)
    return value


def _put(sheet: Worksheet, row: int, column: int, value: object) -> Cell:
    cell = sheet.cell(row=row, column=column, value=_cell_value(value))
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        cell.data_type = "s"  # text as typed, never a formula
    return cell


def _text_width(value: object) -> int:
    if value is None or isinstance(value, bool):
        return 0
    if isinstance(value, date | datetime):
        return 10
    if isinstance(value, int | float | Decimal):
        whole = f"{int(value):,}"
        return len(whole) + (0 if value == int(value) else 5)
    return max((len(part) for part in str(value).splitlines()), default=0)


def _widths(columns: list[Column], rows: list[Row], total: Sequence[object] | None) -> list[float]:
    bodies = [*rows, Row(total)] if total is not None else rows
    widths: list[float] = []
    for index, column in enumerate(columns):
        if column.width is not None:
            widths.append(column.width)
            continue
        words = max((len(word) for word in column.header.split()), default=0)
        content = max(words, min(len(column.header), HEADER_WIDTH))
        top = min((row.indent for row in rows), default=0)
        for row in bodies:
            if index < len(row.values):
                extra = 2 * (row.indent - top) if column.indent else 0
                content = max(content, _text_width(row.values[index]) + extra)
        widths.append(max(MIN_WIDTH, min(content + 2, MAX_WIDTH)))
    return widths


def _lines(text: str, width: float) -> int:
    # Excel's width unit is about one character; keep a character's margin for the padding
    # and for bold text, which is wider.
    per_line = max(1.0, width - 1)
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.splitlines() or [""])


def _banner(
    sheet: Worksheet, line: int, width: int, text: str, widths: list[float], font: Font
) -> None:
    cell = _put(sheet, line, 1, text)
    cell.font = font
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    if width > 1:
        sheet.merge_cells(start_row=line, start_column=1, end_row=line, end_column=width)
    lines = _lines(text, sum(widths))
    if lines > 1:
        sheet.row_dimensions[line].height = LINE_HEIGHT * lines * (font.size or 11) / 11


def _header(
    sheet: Worksheet, first: int, columns: list[Column], depth: int, widths: list[float]
) -> int:
    """Write the header rows from row ``first``; return the first row after them."""
    lines = [1] * depth
    spanning = 1  # lines of the headers merged down both rows
    index = 0
    while index < len(columns):
        column = columns[index]
        end = index
        while column.group and end + 1 < len(columns) and columns[end + 1].group == column.group:
            end += 1
        if column.group:
            span = sum(widths[index : end + 1])
            _header_cell(sheet, first, index + 1, column.group)
            for sub in range(index, end + 1):
                _header_cell(sheet, first + 1, sub + 1, columns[sub].header)
                lines[1] = max(lines[1], _lines(columns[sub].header, widths[sub]))
            if end > index:
                sheet.merge_cells(
                    start_row=first, start_column=index + 1, end_row=first, end_column=end + 1
                )
            lines[0] = max(lines[0], _lines(column.group, span))
        else:
            _header_cell(sheet, first, index + 1, column.header)
            needed = _lines(column.header, widths[index])
            if depth == 2:
                _header_cell(sheet, first + 1, index + 1, None)
                sheet.merge_cells(
                    start_row=first, start_column=index + 1, end_row=first + 1, end_column=index + 1
                )
                spanning = max(spanning, needed)
            else:
                lines[0] = max(lines[0], needed)
        index = end + 1
    if depth == 2 and sum(lines) < spanning:
        lines[0] = spanning - lines[1]
    for offset, count in enumerate(lines):
        if count > 1:
            sheet.row_dimensions[first + offset].height = LINE_HEIGHT * count
    return first + depth


def _header_cell(sheet: Worksheet, line: int, column: int, text: str | None) -> None:
    cell = _put(sheet, line, column, text)
    cell.font = Font(bold=True)
    cell.fill = _HEADER_FILL
    cell.border = _BORDER
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _data_row(sheet: Worksheet, line: int, columns: list[Column], row: Row) -> None:
    for index, column in enumerate(columns):
        value = row.values[index] if index < len(row.values) else None
        cell = _put(sheet, line, index + 1, value)
        cell.border = _BORDER
        if row.bold:
            cell.font = Font(bold=True)
        chosen = column.number_format or number_format(value)
        if chosen and value is not None and not isinstance(value, str):
            cell.number_format = chosen
        wrap = column.wrap or (isinstance(value, str) and len(value) > MAX_WIDTH)
        indent = row.indent if column.indent else 0
        cell.alignment = Alignment(indent=indent, wrap_text=wrap, vertical="top")


def _print_setup(
    sheet: Worksheet, table: Table, total_width: float, first_header: int, last_header: int
) -> None:
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    landscape = table.landscape
    if landscape is None:
        landscape = total_width > PORTRAIT_WIDTH
    setup.orientation = "landscape" if landscape else "portrait"
    setup.fitToWidth = 1
    setup.fitToHeight = 0  # as many pages down as needed
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{first_header}:{last_header}"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    if table.page_header:
        sheet.oddHeader.center.text = table.page_header
    sheet.oddFooter.center.text = FOOTER
