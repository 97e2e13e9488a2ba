"""The report's Excel workbook, on the demo 9-month report of Hà Nội for 2022 (seed 002:
1.418 classes, 614 of them in the Party block; 230.516 learners)."""

from io import BytesIO

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tuyengiao.core.actors import SYSTEM
from tuyengiao.core.spreadsheets import INTEGER_FORMAT
from tuyengiao.demo.accounts import ensure_demo_accounts
from tuyengiao.demo.documents import ensure_demo_documents
from tuyengiao.demo.orgs import ensure_demo_orgs
from tuyengiao.demo.plans import ensure_demo_plans
from tuyengiao.demo.reporting import FORM_CODE, ensure_demo_reporting
from tuyengiao.orgs.models import Unit
from tuyengiao.reporting.exports.xlsx import report_xlsx
from tuyengiao.reporting.models import ReportForm
from tuyengiao.reporting.periods import parse_period
from tuyengiao.reporting.selectors import report_figures, report_figures_by_unit

pytestmark = pytest.mark.django_db

OPTIONS = ["Khối Đảng", "Khối Đoàn thể", "Khối Nhà nước", "Khác"]


@pytest.fixture
def workbook():
    ensure_demo_orgs()
    ensure_demo_accounts()
    ensure_demo_documents()
    ensure_demo_plans()
    ensure_demo_reporting()
    query = {
        "form": ReportForm.objects.get(code=FORM_CODE),
        "unit": Unit.objects.get(code="HN"),
        "period": parse_period("2022N9"),
    }
    figures = report_figures(SYSTEM, **query)
    children = report_figures_by_unit(SYSTEM, **query)
    return load_workbook(BytesIO(report_xlsx(figures, children)))


def _merged(sheet: Worksheet) -> set[str]:
    return {str(merged) for merged in sheet.merged_cells.ranges}


def _row_of(sheet: Worksheet, column: int, value: str) -> int:
    return next(
        row for row in range(1, sheet.max_row + 1) if sheet.cell(row, column).value == value
    )


def test_the_summary_has_an_indicator_a_row_with_its_blocks_under_trong_do(workbook):
    """Title naming form, unit and period; STT, Chỉ tiêu, Đơn vị tính, Tổng số run down
    both header rows; "Trong đó" is merged over the four blocks; the classes row holds
    1.418 in all, 614 in the Party block."""
    assert workbook.sheetnames == ["Tổng hợp", "Theo đơn vị"]
    sheet = workbook["Tổng hợp"]
    title = sheet["A1"].value
    assert "Báo cáo kết quả công tác tuyên giáo 9 tháng" in title
    assert "Hà Nội" in title
    assert parse_period("2022N9").label in title
    assert workbook.properties.title == title
    assert [sheet.cell(2, column).value for column in range(1, 6)] == [
        "STT",
        "Chỉ tiêu",
        "Đơn vị tính",
        "Tổng số",
        "Trong đó",
    ]
    assert [sheet.cell(3, column).value for column in range(5, 9)] == OPTIONS
    assert {"A1:H1", "A2:A3", "B2:B3", "D2:D3", "E2:H2"} <= _merged(sheet)
    classes = _row_of(sheet, 2, "Số lớp bồi dưỡng lý luận chính trị")
    assert [sheet.cell(classes, column).value for column in range(1, 9)] == [
        9,
        "Số lớp bồi dưỡng lý luận chính trị",
        "lớp",
        1418,
        614,
        288,
        490,
        26,
    ]
    assert sheet.cell(classes, 4).number_format == INTEGER_FORMAT
    learners = _row_of(sheet, 2, "Số lượt học viên")
    assert (sheet.cell(learners, 4).value, sheet.cell(learners, 5).value) == (230516, 102068)
    documents = _row_of(sheet, 2, "Số văn bản lãnh đạo, chỉ đạo ban hành")
    assert sheet.cell(documents, 4).value == 1420
    assert sheet.cell(documents, 5).value is None  # no blocks for this indicator


def test_the_summary_ends_with_completeness_frozen_and_print_ready(workbook):
    sheet = workbook["Tổng hợp"]
    assert sheet.freeze_panes == "C4"  # below the headers, after STT and Chỉ tiêu
    assert sheet.print_title_rows == "$2:$3"
    assert sheet.page_setup.fitToWidth == 1
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.oddFooter.center.text == "Trang &P/&N"
    last = sheet.cell(sheet.max_row, 1).value
    assert last == "Đã gửi 31/31 báo cáo, đúng hạn 31."
    names = sheet.column_dimensions["B"].width
    assert names >= len("Số văn bản lãnh đạo, chỉ đạo ban hành")
    assert sheet.column_dimensions["A"].width < 10


def test_by_unit_has_each_indicator_merged_over_its_columns_and_a_total(workbook):
    """A unit a row; "Số lớp bồi dưỡng lý luận chính trị" over Tổng số and the blocks,
    indicators without blocks in one column down both header rows; the total row gives
    the city's figures and the unit rows add up to it."""
    sheet = workbook["Theo đơn vị"]
    assert sheet["A3"].value == "Đơn vị"
    assert "A3:A4" in _merged(sheet)
    assert sheet["B3"].value == "Số văn bản lãnh đạo, chỉ đạo ban hành"
    assert "B3:B4" in _merged(sheet)
    classes = next(
        column
        for column in range(1, sheet.max_column + 1)
        if sheet.cell(3, column).value == "Số lớp bồi dưỡng lý luận chính trị"
    )
    learners = classes + 5
    assert sheet.cell(3, learners).value == "Số lượt học viên"
    letter, end = get_column_letter(classes), get_column_letter(classes + 4)
    assert f"{letter}3:{end}3" in _merged(sheet)
    assert [sheet.cell(4, classes + n).value for n in range(5)] == ["Tổng số", *OPTIONS]
    total = _row_of(sheet, 1, "Tổng cộng")
    assert sheet.cell(total, classes).value == 1418
    assert sheet.cell(total, classes + 1).value == 614
    assert sheet.cell(total, learners).value == 230516
    assert sheet.cell(total, classes).font.bold
    units = range(5, total)
    assert len(units) > 1
    assert all(isinstance(sheet.cell(row, 1).value, str) for row in units)
    assert sum(sheet.cell(row, classes).value or 0 for row in units) == 1418
    assert sum(sheet.cell(row, learners + 1).value or 0 for row in units) == 102068
    filled = [sheet.cell(row, classes) for row in units if sheet.cell(row, classes).value]
    assert filled
    assert all(cell.number_format == INTEGER_FORMAT for cell in filled)
    assert sheet.freeze_panes == "B5"
    assert sheet.print_title_rows == "$3:$4"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1
