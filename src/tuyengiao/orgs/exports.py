"""The organisation tree as a spreadsheet: rows from the database, then xlsx or CSV bytes.

Row 1 of both formats is the header that :mod:`tuyengiao.orgs.imports` reads, so an exported
file can be edited and imported again as the next hierarchy version.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from tuyengiao.core.tabular import FORMULA_PREFIXES
from tuyengiao.orgs.access import AnyUser
from tuyengiao.orgs.models import Unit
from tuyengiao.orgs.selectors import flatten, tree_as_of

SHEET_TITLE = "Cây tổ chức"
HEADERS = (
    "Mã đơn vị",
    "Tên đơn vị",
    "Tên viết tắt",
    "Loại",
    "Mã đơn vị cấp trên",
    "Từ ngày",
    "Đến ngày",
)
DATE_FORMAT = "DD/MM/YYYY"
_NAME_COLUMN = 2
_DATE_COLUMNS = (6, 7)
_MAX_WIDTH = 60


@dataclass(frozen=True)
class HierarchyRow:
    """One unit of the tree in force on a date; ``valid_from``/``valid_to`` are the unit's
    existence dates, ``depth`` its depth in the whole tree (0 for a root)."""

    code: str
    name: str
    abbreviation: str
    kind: str
    parent: str
    valid_from: date
    valid_to: date | None
    depth: int

    def values(self) -> tuple[str, str, str, str, str, date, date | None]:
        """The row's cells in the order of :data:`HEADERS`."""
        return (
            self.code,
            self.name,
            self.abbreviation,
            self.kind,
            self.parent,
            self.valid_from,
            self.valid_to,
        )


def hierarchy_rows(user: AnyUser, on: date) -> list[HierarchyRow]:
    """The units of the tree in force on ``on`` that ``user`` may see, in tree order with
    each level in Vietnamese alphabetical order."""
    nodes = flatten(tree_as_of(user, on))
    codes = {node.unit.pk: node.unit.code for node in nodes}
    # The roots of a limited user's reach still name their parent, so the file re-imports
    # under the right unit.
    outside = {node.parent_id for node in nodes if node.parent_id and node.parent_id not in codes}
    codes.update(Unit.objects.filter(pk__in=outside).values_list("pk", "code"))
    return [
        HierarchyRow(
            code=node.unit.code,
            name=node.name,
            abbreviation=node.profile.abbreviation if node.profile else "",
            kind=node.profile.kind.code if node.profile else "",
            parent=codes.get(node.parent_id, "") if node.parent_id else "",
            valid_from=node.unit.valid_from,
            valid_to=node.unit.valid_to,
            depth=node.depth,
        )
        for node in nodes
    ]


def _column_widths(rows: Sequence[HierarchyRow]) -> list[int]:
    widths = [len(header) + 2 for header in HEADERS]
    top = min((row.depth for row in rows), default=0)
    for row in rows:
        for index, value in enumerate(row.values()):
            text = "dd/mm/yyyy" if isinstance(value, date) else value or ""
            extra = 2 * (row.depth - top) if index + 1 == _NAME_COLUMN else 0
            widths[index] = max(widths[index], len(text) + extra + 2)
    return [min(width, _MAX_WIDTH) for width in widths]


def hierarchy_to_xlsx(rows: Sequence[HierarchyRow], *, on: date) -> bytes:
    """An Excel workbook of ``rows``: one sheet, header in row 1 (frozen, bold, repeated on
    every printed page), real dates, names indented by depth, landscape fit to page width."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    top = min((row.depth for row in rows), default=0)
    for row in rows:
        sheet.append(row.values())
        cells = sheet[sheet.max_row]
        for cell in cells:
            # A name such as "=HYPERLINK(…)" must stay text, never become a formula.
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
        cells[_NAME_COLUMN - 1].alignment = Alignment(indent=row.depth - top)
        for column in _DATE_COLUMNS:
            cells[column - 1].number_format = DATE_FORMAT
    for index, width in enumerate(_column_widths(rows), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddHeader.center.text = f"Cây tổ chức ngày {on:%d/%m/%Y}"
    sheet.oddFooter.center.text = "Trang &P / &N"
    workbook.properties.title = f"Cây tổ chức ngày {on:%d/%m/%Y}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _csv_cell(value: str | date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    # The apostrophe makes spreadsheets show the text as typed; the importer removes it.
    return f"'{value}" if value.startswith(FORMULA_PREFIXES) else value


def hierarchy_to_csv(rows: Sequence[HierarchyRow]) -> bytes:
    """``rows`` as CSV: UTF-8 with a byte order mark (so Excel shows Vietnamese correctly),
    the same header as the workbook, dates as dd/mm/yyyy."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    writer.writerows([_csv_cell(value) for value in row.values()] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")
