"""Reading the rows of an uploaded spreadsheet (.xlsx, first sheet) or CSV file.

Both readers yield ``(row number as the spreadsheet shows it, cells)``, each cell a trimmed
string or a date. A file that cannot be read raises the error that ``refuse`` makes of a
Vietnamese message (a ``ValidationError`` by default), so that each import reports it in its
own terms.

Uploads are hostile until shown otherwise. An .xlsx is a zip: 300 KB can unpack to gigabytes
(one huge inline cell) or to a million rows, and openpyxl would spend minutes and gigabytes
before any import looks at a row. So before openpyxl sees the file, :func:`check_workbook`
reads the zip directory (members' declared sizes, which the zip reader enforces) and then
streams each worksheet and the shared strings through zlib, counting rows and the longest run
of text, and stops at the first limit crossed: the file is refused in about a second, with a
few megabytes of memory. CSV files are bounded by the upload size and checked row by row.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from datetime import date, datetime
from xml.etree.ElementTree import ParseError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

Cell = str | date
Refuse = Callable[[str], Exception]
# A sheet may carry notes in far-away columns; no import needs more than these.
MAX_COLUMNS = 64
# Excel, LibreOffice and Google Sheets run a cell that starts with one of these as a formula:
# exports protect them with an apostrophe (core/csvsafe.py, core/spreadsheets.py), which
# reading removes.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Excel's own limit on the text of one cell.
MAX_CELL_CHARS = 32_767
# The same limit on the raw XML between two tags: a character takes up to 4 bytes in UTF-8 and
# up to 6 as an entity (&quot;), and the run includes the rest of the tag before it.
_MAX_RUN_BYTES = 6 * MAX_CELL_CHARS + 1024
_CHUNK = 1 << 20
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


def max_rows() -> int:
    """The most rows one import reads (``IMPORT_MAX_ROWS``)."""
    return int(settings.IMPORT_MAX_ROWS)


def excerpt(text: object, limit: int = 40) -> str:
    """At most ``limit`` characters of ``text``, for quoting a cell in an error message."""
    value = str(text)
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _too_many_rows(limit: int) -> str:
    return _("The file has more than %(limit)s rows; split it into smaller files.") % {
        "limit": f"{limit:,}".replace(",", ".")
    }


def _too_long_cell() -> str:
    return _("A cell of the file holds more than %(limit)s characters.") % {
        "limit": f"{MAX_CELL_CHARS:,}".replace(",", ".")
    }


def check_workbook(content: bytes, refuse: Refuse = ValidationError) -> None:
    """Refuse an .xlsx whose unpacked size, row count or longest cell crosses the limits,
    without parsing it (see the module docstring)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, OSError) as exc:
        raise refuse(_("Cannot read the Excel file: it is damaged or not an .xlsx file.")) from exc
    with archive:
        members = archive.infolist()
        if sum(member.file_size for member in members) > settings.IMPORT_MAX_UNPACKED_BYTES:
            raise refuse(
                _("The Excel file unpacks to more than %(size)s MB; it is not an ordinary table.")
                % {"size": settings.IMPORT_MAX_UNPACKED_BYTES // (1024 * 1024)}
            )
        limit = max_rows()
        for member in members:
            name = member.filename
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                _scan(archive, member, refuse, row_limit=limit)
            elif name == "xl/sharedStrings.xml":
                _scan(archive, member, refuse, row_limit=None)


def _scan(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, refuse: Refuse, row_limit: int | None
) -> None:
    """Stream one XML member: count ``<row`` tags and measure the runs of text between tags
    (text holds no ``<``), carrying a run or a tag split across two chunks over."""
    rows = 0
    run = 0  # length of the text run that ends the previous chunk
    tail = b""  # the previous chunk's last bytes, so that a "<row" split in two is counted
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(_CHUNK):
                if row_limit is not None:
                    joined = tail + chunk
                    rows += joined.count(b"<row ") + joined.count(b"<row>")
                    rows -= tail.count(b"<row ") + tail.count(b"<row>")
                    tail = chunk[-4:]
                    if rows > row_limit:
                        raise refuse(_too_many_rows(row_limit))
                parts = chunk.split(b"<")
                longest = max(run + len(parts[0]), max(map(len, parts)))
                if longest > _MAX_RUN_BYTES:
                    raise refuse(_too_long_cell())
                run = run + len(parts[0]) if len(parts) == 1 else len(parts[-1])
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise refuse(_("Cannot read the Excel file: it is damaged or not an .xlsx file.")) from exc


def xlsx_rows(
    content: bytes, refuse: Refuse = ValidationError, max_columns: int = MAX_COLUMNS
) -> Iterator[tuple[int, tuple[object, ...]]]:
    """The first sheet's rows as openpyxl reads them (numbers stay numbers), streamed in
    read-only mode so that a file of 100.000 rows is never held in memory whole; the file is
    checked against the limits first (:func:`check_workbook`)."""
    check_workbook(content, refuse)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except BAD_WORKBOOK as exc:
        raise refuse(_("Cannot read the Excel file: it is damaged or not an .xlsx file.")) from exc
    try:
        if not workbook.worksheets:
            return
        rows = workbook.worksheets[0].iter_rows(max_col=max_columns, values_only=True)
        yield from enumerate(rows, start=1)
    except BAD_WORKBOOK as exc:
        raise refuse(_("Cannot read the Excel file: the worksheet is damaged.")) from exc
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
        raise refuse(_("A CSV file must be saved as UTF-8 (in Excel: “CSV UTF-8”).")) from exc
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    # Excel writes ";" where the decimal separator is ",", as in Vietnamese settings.
    delimiter = max(";,\t", key=first_line.count) if first_line else ","
    limit = max_rows()
    number = 0
    try:
        for number, values in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), 1):
            if number > limit:
                raise refuse(_too_many_rows(limit))
            if any(len(value) > MAX_CELL_CHARS for value in values):
                raise refuse(_too_long_cell())
            yield number, [cell(value) for value in values[:MAX_COLUMNS]]
    except csv.Error as exc:
        # The csv module's own message (e.g. a field over its size limit) is English.
        raise refuse(_("The CSV file is not valid (row %(row)s).") % {"row": number + 1}) from exc
