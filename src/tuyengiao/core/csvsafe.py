"""CSV files that are safe to open in a spreadsheet: every CSV export writes through here.

Excel, LibreOffice and Google Sheets run a cell that starts with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return as a formula (:data:`tuyengiao.core.tabular.FORMULA_PREFIXES`),
so a unit named ``=HYPERLINK("http://x", "Bấm vào đây")`` or a comment typed into a report
would become a live link or a command in whoever opens the export ("CSV injection"). The
workbook writer stores such text as text (``core/spreadsheets.py``); a CSV has no cell types,
so here the text gets a leading apostrophe, which spreadsheets show as text as typed and which
:func:`tuyengiao.core.tabular.cell` removes again when the file is imported. Numbers are
written as numbers: ``-5`` is a value, not a formula.

Files are UTF-8 with a byte order mark, so that Excel shows Vietnamese correctly, and dates
are written dd/mm/yyyy, as the importers read them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.utils import timezone

from tuyengiao.core.tabular import FORMULA_PREFIXES


def csv_cell(value: object) -> object:
    """``value`` as a CSV cell: formula-like text behind an apostrophe, dates dd/mm/yyyy
    (moments in local time), nothing for ``None``; numbers unchanged."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{local:%d/%m/%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return f"'{value}"
    return value


def csv_bytes(header: Sequence[object], rows: Iterable[Sequence[object]]) -> bytes:
    """The CSV file of ``header`` then ``rows``, every cell through :func:`csv_cell`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([csv_cell(value) for value in header])
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")
