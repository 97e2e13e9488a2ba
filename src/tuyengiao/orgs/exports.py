"""The organisation tree as a spreadsheet: rows from the database, then xlsx or CSV bytes.

Row 1 of both formats is the header that :mod:`tuyengiao.orgs.imports` reads, so an exported
file can be edited and imported again as the next hierarchy version.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from tuyengiao.core.csvsafe import csv_bytes
from tuyengiao.core.spreadsheets import Column, Row, Table, table_bytes
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
_NAME_COLUMN = 2


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


def hierarchy_to_xlsx(rows: Sequence[HierarchyRow], *, on: date) -> bytes:
    """An Excel workbook of ``rows``: one sheet, header in row 1 (frozen, bold, repeated on
    every printed page), real dates, names indented by depth, landscape fit to page width."""
    top = min((row.depth for row in rows), default=0)
    columns = [
        Column(header, indent=index == _NAME_COLUMN) for index, header in enumerate(HEADERS, 1)
    ]
    title = f"Cây tổ chức ngày {on:%d/%m/%Y}"
    table = Table(
        SHEET_TITLE,
        columns,
        [Row(row.values(), indent=row.depth - top) for row in rows],
        frozen_columns=0,
        landscape=True,
        page_header=title,
        auto_filter=True,
    )
    return table_bytes(table, title=title)


def hierarchy_to_csv(rows: Sequence[HierarchyRow]) -> bytes:
    """``rows`` as CSV: UTF-8 with a byte order mark (so Excel shows Vietnamese correctly),
    the same header as the workbook, dates as dd/mm/yyyy."""
    return csv_bytes(HEADERS, (row.values() for row in rows))
