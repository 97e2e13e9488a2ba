"""Exports are real files: the workbook and the Word table hold the items and figures."""

import io
from datetime import date

import pytest
from docx import Document as WordDocument
from openpyxl import load_workbook

from tuyengiao.core.actors import SYSTEM
from tuyengiao.plans.exports import plan_to_docx, plan_to_xlsx
from tuyengiao.plans.selectors import plan_state
from tuyengiao.plans.services import assignment_status_set
from tuyengiao.plans.tests.builders import small_plan, status

pytestmark = pytest.mark.django_db


@pytest.fixture
def state(city):
    small = small_plan(city)
    assignment_status_set(
        assignment=small.share_a, status=status("done"), on=date(2022, 6, 10), actor=SYSTEM
    )
    return plan_state(small.plan, as_of=date(2022, 7, 1))


def test_xlsx_has_the_figures_items_and_unit_shares(state):
    sheet = load_workbook(io.BytesIO(plan_to_xlsx(state))).active
    assert sheet["A1"].value.startswith("CT-2022")
    assert sheet["A2"].value.startswith("Tính đến ngày 01/07/2022: hoàn thành 0/3 đầu việc")
    assert [cell.value for cell in sheet[3]][:2] == ["Số TT", "Đầu việc"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=4)]
    titles = [row[1] for row in rows]
    assert titles[:3] == ["Tham mưu", "Tham mưu kế hoạch năm", "Học tập nghị quyết"]
    shared = rows[2]
    assert shared[5] == 50.0  # (100 + 0) / 2
    assert shared[4] == "Quá hạn"
    units = [row for row in rows if not row[1] and row[2]]
    assert [row[4] for row in units] == ["Hoàn thành", "Chưa triển khai"]
    assert units[0][6].date() == date(2022, 6, 10)


def test_xlsx_is_frozen_below_the_header_and_prints_landscape_one_page_wide(state):
    """The title spans the table; the header row stays in view and on every printed page;
    item titles wrap and are indented by depth; dates read DD/MM/YYYY."""
    sheet = load_workbook(io.BytesIO(plan_to_xlsx(state))).active
    assert "A1:G1" in {str(merged) for merged in sheet.merged_cells.ranges}
    assert sheet.freeze_panes == "A4"
    assert sheet.print_title_rows == "$3:$3"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1
    assert sheet.oddFooter.center.text == "Trang &P/&N"
    assert sheet.column_dimensions["B"].width == 70
    assert sheet["B4"].alignment.wrap_text
    depths = {sheet.cell(row, 2).alignment.indent for row in range(4, sheet.max_row + 1)}
    assert len(depths) > 1
    dated = [cell for cell in sheet["D"][3:] if cell.value is not None]
    assert dated
    assert all(cell.number_format == "DD/MM/YYYY" for cell in dated)


def test_docx_is_a_table_in_times_new_roman(state):
    document = WordDocument(io.BytesIO(plan_to_docx(state)))
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert "hoàn thành 0/3 đầu việc" in document.paragraphs[1].text
    table = document.tables[0]
    assert table.rows[0].cells[1].text == "Đầu việc"
    texts = [row.cells[1].text.strip() for row in table.rows]
    assert "Học tập nghị quyết" in texts
    progress = [
        row.cells[5].text for row in table.rows if row.cells[1].text.strip() == "Học tập nghị quyết"
    ]
    assert progress == ["50"]
