"""The tree exports as a spreadsheet whose row 1 is the import header."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest
from django.contrib.auth.models import AbstractUser
from openpyxl import load_workbook

from tuyengiao.core.actors import SYSTEM
from tuyengiao.orgs.exports import (
    HEADERS,
    HierarchyRow,
    hierarchy_rows,
    hierarchy_to_csv,
    hierarchy_to_xlsx,
)
from tuyengiao.orgs.services import (
    NewUnit,
    hierarchy_version_create,
    hierarchy_version_publish,
    unit_create,
)
from tuyengiao.orgs.tests.personas import City, kind

ON = date(2022, 9, 30)
CITY_ORDER = ["TP", "TP.BTG", "TP.Q1", "TP.Q1.A", "TP.Q1.A.CB1", "TP.Q1.B", "TP.Q1.B.CB1"]


def _add_city_bodies(city: City) -> None:
    """A 2023 version adding two bodies whose codes sort unlike their Vietnamese names."""
    version = hierarchy_version_create(effective_date=date(2023, 1, 1), name="2023", actor=SYSTEM)
    for code, name, kind_code in [
        ("TP.AAA", "Ủy ban Mặt trận Tổ quốc Thành phố", "fatherland_front"),
        ("TP.ZZZ", "Đoàn Thanh niên Thành phố", "mass_organisation"),
    ]:
        spec = NewUnit(code=code, name=name, kind=kind(kind_code), parent=city.city)
        unit_create(version=version, spec=spec, actor=SYSTEM)
    hierarchy_version_publish(version=version, actor=SYSTEM)


@pytest.mark.django_db
def test_rows_follow_the_tree_with_vietnamese_order_in_each_level(
    city: City, system_admin: AbstractUser
) -> None:
    """Rows come in tree order, each parent's children in Vietnamese alphabetical order
    (Đ after D, before Q and Ủ), with parent codes, kinds, existence dates and depths."""
    _add_city_bodies(city)
    rows = hierarchy_rows(system_admin, date(2023, 6, 1))
    assert [row.code for row in rows] == [
        "TP",
        "TP.BTG",
        "TP.ZZZ",
        "TP.Q1",
        "TP.Q1.A",
        "TP.Q1.A.CB1",
        "TP.Q1.B",
        "TP.Q1.B.CB1",
        "TP.AAA",
    ]
    ward = next(row for row in rows if row.code == "TP.Q1.A")
    assert ward == HierarchyRow(
        code="TP.Q1.A",
        name="Đảng ủy phường Ánh Dương",
        abbreviation="",
        kind="commune_committee",
        parent="TP.Q1",
        valid_from=date(2020, 1, 1),
        valid_to=None,
        depth=2,
    )
    assert rows[0].parent == ""


@pytest.mark.django_db
def test_rows_are_limited_to_what_the_user_may_see(
    city: City, ward_officer_a: AbstractUser
) -> None:
    """A ward officer exports their ward's subtree only; its top still names its parent so
    that the file re-imports under the right unit."""
    rows = hierarchy_rows(ward_officer_a, ON)
    assert [(row.code, row.parent) for row in rows] == [
        ("TP.Q1.A", "TP.Q1"),
        ("TP.Q1.A.CB1", "TP.Q1.A"),
    ]


@pytest.mark.django_db
def test_xlsx_has_import_header_frozen_real_dates_indent_and_print_setup(
    city: City, system_admin: AbstractUser
) -> None:
    """The workbook opens in openpyxl with one sheet "Cây tổ chức": a bold header in row 1,
    frozen below it and repeated on printed pages, dates as DD/MM/YYYY date cells, names
    indented by depth, landscape and fitted to the page width."""
    content = hierarchy_to_xlsx(hierarchy_rows(system_admin, ON), on=ON)
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["Cây tổ chức"]
    sheet = workbook.active
    assert [cell.value for cell in sheet[1]] == list(HEADERS)
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.oddHeader.center.text == f"Cây tổ chức ngày {ON:%d/%m/%Y}"
    assert sheet.oddFooter.center.text == "Trang &P/&N"
    assert sheet.auto_filter.ref == f"A1:G{sheet.max_row}"
    assert [sheet.cell(row, 1).value for row in range(2, sheet.max_row + 1)] == CITY_ORDER
    start = sheet["F2"]
    assert start.value == datetime(2020, 1, 1)
    assert start.is_date
    assert start.number_format == "DD/MM/YYYY"
    assert sheet["G2"].value is None
    indents = {sheet.cell(row, 1).value: sheet.cell(row, 2).alignment.indent for row in (2, 5, 6)}
    assert indents == {"TP": 0, "TP.Q1.A": 2, "TP.Q1.A.CB1": 3}
    assert sheet["B6"].value == "Chi bộ khu phố 1 Ánh Dương"  # no padding in the value
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width > 10


def test_xlsx_keeps_formula_like_text_as_text() -> None:
    """A name that starts with "=" is stored as text, so opening the file runs nothing."""
    row = HierarchyRow("X1", '=HYPERLINK("http://example.test")', "", "other", "", ON, None, 0)
    sheet = load_workbook(io.BytesIO(hierarchy_to_xlsx([row], on=ON))).active
    assert sheet["B2"].data_type == "s"
    assert sheet["B2"].value == '=HYPERLINK("http://example.test")'


@pytest.mark.django_db
def test_csv_is_utf8_with_bom_same_header_and_vietnamese_dates(
    city: City, system_admin: AbstractUser
) -> None:
    """The CSV starts with a UTF-8 byte order mark, has the workbook's header and writes
    dates as dd/mm/yyyy, empty when open-ended."""
    content = hierarchy_to_csv(hierarchy_rows(system_admin, ON))
    assert content.startswith(b"\xef\xbb\xbf")
    header, first, *rest = csv.reader(io.StringIO(content.decode("utf-8-sig")))
    assert header == list(HEADERS)
    assert first == ["TP", "Thành ủy Thành phố", "", "city_committee", "", "01/01/2020", ""]
    assert [line[0] for line in rest] == CITY_ORDER[1:]


def test_csv_protects_cells_that_spreadsheets_would_run() -> None:
    """A value starting with =, +, - or @ gets a leading apostrophe in the CSV."""
    row = HierarchyRow("X1", "=1+1", "-BTG", "other", "", ON, date(2023, 12, 31), 0)
    line = hierarchy_to_csv([row]).decode("utf-8-sig").splitlines()[1]
    assert line == "X1,'=1+1,'-BTG,other,,30/09/2022,31/12/2023"
