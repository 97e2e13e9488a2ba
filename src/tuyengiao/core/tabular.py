"""Reading the rows of an uploaded spreadsheet (.xlsx, first sheet) or CSV file.

Both readers yield ``(row number as the spreadsheet shows it, cells)``, each cell a trimmed
string or a date. A file that cannot be read raises the error that ``refuse`` makes of a
Vietnamese message (a ``ValidationError`` by default), so that each import reports it in its
own terms.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from datetime import date, datetime
from xml.etree.ElementTree import ParseError

from django.core.exceptions import ValidationError
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

Cell = str | date
Refuse = Callable[[str], Exception]
# A sheet may carry notes in far-away columns; no import needs more than these.
MAX_COLUMNS = 64
# Excel, LibreOffice and Google Sheets run a cell that starts with one of these as a formula:
# exports protect them with an apostrophe (orgs.exports._csv_cell), which reading removes.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BAD_WORKBOOK = (
    zipfile.BadZipFile,
    InvalidFileException,
    KeyError,
    ValueError,
    TypeError,
    OSError,
    ParseError,
)


def cell(value: object) -> Cell:
    """A cell as text (whole numbers without ".0", the exporter's apostrophe removed) or a
    date; empty cells are ""."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text[:1] == "'" and text[1:2] and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


def xlsx_rows(
    content: bytes, refuse: Refuse = ValidationError, max_columns: int = MAX_COLUMNS
) -> Iterator[tuple[int, tuple[object, ...]]]:
    """The first sheet's rows as openpyxl reads them (numbers stay numbers), streamed in
    read-only mode so that a file of 100.000 rows is never held in memory whole."""
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except BAD_WORKBOOK as exc:
        raise refuse("Không đọc được tệp Excel: tệp hỏng hoặc không phải .xlsx.") from exc
    try:
        if not workbook.worksheets:
            return
        rows = workbook.worksheets[0].iter_rows(max_col=max_columns, values_only=True)
        yield from enumerate(rows, start=1)
    except BAD_WORKBOOK as exc:
        raise refuse("Không đọc được tệp Excel: nội dung trang tính bị hỏng.") from exc
    finally:
        workbook.close()


def xlsx_table(
    content: bytes, refuse: Refuse = ValidationError
) -> Iterator[tuple[int, list[Cell]]]:
    for number, values in xlsx_rows(content, refuse):
        yield number, [cell(value) for value in values]


def csv_table(content: bytes, refuse: Refuse = ValidationError) -> Iterator[tuple[int, list[Cell]]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise refuse("Tệp CSV phải được lưu với bảng mã UTF-8 (trong Excel: “CSV UTF-8”).") from exc
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    # Excel writes ";" where the decimal separator is ",", as in Vietnamese settings.
    delimiter = max(";,\t", key=first_line.count) if first_line else ","
    try:
        for number, values in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), 1):
            yield number, [cell(value) for value in values[:MAX_COLUMNS]]
    except csv.Error as exc:
        raise refuse(f"Tệp CSV không hợp lệ: {exc}.") from exc
