"""The workbook layout every export shares, checked on real .xlsx files opened again."""

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from tuyengiao.core.spreadsheets import (
    DATE_FORMAT,
    DECIMAL_FORMAT,
    INTEGER_FORMAT,
    MAX_WIDTH,
    PERCENT_FORMAT,
    Column,
    Row,
    Table,
    sheet_name,
    table_bytes,
    workbook_bytes,
)

OPTIONS = ("Khối Đảng", "Khối Đoàn thể", "Khối Nhà nước", "Khác")


def _open(content: bytes) -> Worksheet:
    return load_workbook(BytesIO(content)).active


def _classes_table(**extra: object) -> Table:
    columns = [
        Column("Đơn vị"),
        Column("Số văn bản"),
        Column("Tổng số", group="Số lớp"),
        *(Column(option, group="Số lớp") for option in OPTIONS),
        Column("Tỷ lệ đúng hạn", number_format=PERCENT_FORMAT),
    ]
    rows = [
        ["Quận Ba Đình", 12, 40, 20, 10, 8, 2, 0.9556],
        ["Quận Hoàn Kiếm", 1420, Decimal("7.5"), None, None, None, None, 1],
    ]
    return Table(
        "Số liệu",
        columns,
        rows,
        title="Báo cáo 9 tháng — Hà Nội — 9 tháng năm 2022",
        subtitle="Tính đến ngày 30/09/2022",
        total=["Tổng cộng", 1432, Decimal("47.5"), 20, 10, 8, 2, None],
        notes=["Số liệu của Quận A được tính vào Quận B (sắp xếp tổ chức)."],
        **extra,
    )


def _merged(sheet: Worksheet) -> set[str]:
    return {str(merged) for merged in sheet.merged_cells.ranges}


def test_a_group_header_is_merged_over_its_columns_and_others_span_both_rows():
    """Title and subtitle span the table; "Số lớp" is merged over Tổng số and the four
    options (row 3), which sit in row 4; "Đơn vị" runs down rows 3 and 4."""
    sheet = _open(table_bytes(_classes_table()))
    assert sheet["A1"].value.startswith("Báo cáo 9 tháng")
    assert sheet["A1"].font.bold
    assert sheet["A2"].value == "Tính đến ngày 30/09/2022"
    assert {"A1:H1", "A2:H2", "C3:G3", "A3:A4", "B3:B4", "H3:H4"} <= _merged(sheet)
    assert sheet["C3"].value == "Số lớp"
    assert [sheet.cell(4, column).value for column in range(3, 8)] == ["Tổng số", *OPTIONS]
    assert all(sheet.cell(row, 3).font.bold for row in (3, 4))
    assert sheet["A5"].value == "Quận Ba Đình"


def test_panes_freeze_below_the_header_and_after_the_label_column():
    sheet = _open(table_bytes(_classes_table()))
    assert sheet.freeze_panes == "B5"
    no_label = _open(table_bytes(_classes_table(frozen_columns=0)))
    assert no_label.freeze_panes == "A5"


def test_figures_get_vietnamese_friendly_number_formats():
    """Whole numbers without a decimal mark, decimals with one to four, percentages as
    percentages; an empty figure stays empty."""
    sheet = _open(table_bytes(_classes_table()))
    assert sheet["B6"].value == 1420
    assert sheet["B6"].number_format == INTEGER_FORMAT == "#,##0"
    assert sheet["C6"].value == 7.5
    assert sheet["C6"].number_format == DECIMAL_FORMAT == "#,##0.0###"
    assert sheet["H5"].number_format == PERCENT_FORMAT
    assert sheet["D6"].value is None
    assert sheet["A5"].number_format == "General"


def test_the_total_row_is_bold_and_the_notes_follow_after_a_blank_row():
    sheet = _open(table_bytes(_classes_table()))
    assert sheet["A7"].value == "Tổng cộng"
    assert sheet["B7"].font.bold
    assert sheet["B7"].value == 1432
    assert sheet["C7"].number_format == DECIMAL_FORMAT
    assert sheet["A8"].value is None
    assert sheet["A9"].value.startswith("Số liệu của Quận A")
    assert "A9:H9" in _merged(sheet)


def test_the_table_has_thin_borders_and_the_notes_none():
    sheet = _open(table_bytes(_classes_table()))
    for ref in ("A3", "D4", "A5", "H7"):
        assert sheet[ref].border.left.style == "thin"
        assert sheet[ref].border.bottom.style == "thin"
    assert sheet["A9"].border.left.style is None


def test_print_setup_repeats_the_header_on_a4_one_page_wide():
    sheet = _open(table_bytes(_classes_table()))
    assert sheet.print_title_rows == "$3:$4"
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.page_setup.fitToWidth == 1
    assert sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_options.horizontalCentered
    assert sheet.oddFooter.center.text == "Trang &P/&N"


def test_a_narrow_table_prints_portrait_a_wide_one_landscape():
    narrow = Table("Hẹp", [Column("Đơn vị"), Column("Số")], [["Quận Ba Đình", 1]])
    assert _open(table_bytes(narrow)).page_setup.orientation == "portrait"
    wide = Table(
        "Rộng",
        [Column(f"Chỉ tiêu số {n}") for n in range(12)],
        [["Số lượt học viên tham gia bồi dưỡng"] * 12],
    )
    assert _open(table_bytes(wide)).page_setup.orientation == "landscape"
    forced = Table("Ngang", narrow.columns, narrow.rows, landscape=True)
    assert _open(table_bytes(forced)).page_setup.orientation == "landscape"


def test_widths_follow_the_content_and_are_capped():
    """A long name widens its column up to the cap and then wraps; a figure column is as
    wide as its grouped figure; a fixed width is kept."""
    long_name = "Ban Tuyên giáo và Dân vận " * 5
    table = Table(
        "Độ rộng",
        [Column("Đơn vị"), Column("Số"), Column("Ghi chú", width=30)],
        [["Quận Ba Đình", 1_234_567, ""], [long_name, 1, ""]],
    )
    sheet = _open(table_bytes(table))
    assert sheet.column_dimensions["A"].width == MAX_WIDTH
    assert sheet["A3"].alignment.wrap_text
    assert sheet.column_dimensions["B"].width == len("1,234,567") + 2
    assert sheet.column_dimensions["C"].width == 30


def test_without_a_title_the_header_is_row_one():
    """Files imported again keep their header in row 1."""
    table = Table("Số liệu", [Column("Mã"), Column("Giá trị")], [["TP", 2]], frozen_columns=0)
    sheet = _open(table_bytes(table))
    assert [cell.value for cell in sheet[1]] == ["Mã", "Giá trị"]
    assert sheet.freeze_panes == "A2"
    assert sheet.print_title_rows == "$1:$1"


def test_formula_prefixed_text_stays_text_everywhere():
    """Titles, headers, cells and notes that start like a formula are stored as strings."""
    table = Table(
        "Công thức",
        [Column("=A1"), Column("Tên")],
        [['=HYPERLINK("http://example.test")', "+84 912"], ["-1", "@SUM(A1)"]],
        title="=1+1",
        notes=["=cmd|' /C calc'!A0"],
    )
    sheet = _open(table_bytes(table))
    for ref, text in (
        ("A1", "=1+1"),
        ("A2", "=A1"),
        ("A3", '=HYPERLINK("http://example.test")'),
        ("B3", "+84 912"),
        ("A4", "-1"),
        ("B4", "@SUM(A1)"),
        ("A6", "=cmd|' /C calc'!A0"),
    ):
        assert sheet[ref].data_type == "s", ref
        assert sheet[ref].value == text


def test_rows_take_their_indent_and_dates_their_format():
    table = Table(
        "Cây",
        [Column("Tên", indent=True), Column("Từ ngày")],
        [Row(["Thành ủy", date(2020, 1, 1)]), Row(["Chi bộ 1", date(2021, 2, 3)], indent=2)],
    )
    sheet = _open(table_bytes(table))
    assert sheet["A3"].alignment.indent == 2
    assert sheet["B3"].value == datetime(2021, 2, 3)
    assert sheet["B3"].number_format == DATE_FORMAT


def test_several_sheets_in_order_with_names_excel_accepts():
    first = Table("Tổng hợp", [Column("A")], [[1]])
    second = Table("Theo đơn vị: 9/2022 [bản nháp] rất dài dài dài", [Column("A")], [[2]])
    workbook = load_workbook(BytesIO(workbook_bytes([first, second], title="Báo cáo")))
    assert workbook.sheetnames == ["Tổng hợp", sheet_name(second.sheet_name)]
    assert len(workbook.sheetnames[1]) == 31
    assert not set("[]:*?/\\") & set(workbook.sheetnames[1])
    assert workbook.properties.title == "Báo cáo"


def test_long_headers_get_rows_tall_enough_to_wrap():
    """Excel does not grow rows for wrapped text in merged cells: a long header merged
    down both header rows, and a long title, get an estimated height."""
    table = Table(
        "Cao",
        [
            Column("Số người phải tham dự học tập, quán triệt nghị quyết", width=12),
            Column("Tổng số", group="Số lớp"),
            Column("Khối Đảng", group="Số lớp"),
        ],
        [[1, 2, 3]],
        title="Báo cáo kết quả công tác tuyên giáo 9 tháng đầu năm 2022 " * 3,
    )
    sheet = _open(table_bytes(table))
    header = sum(sheet.row_dimensions[row].height or 15 for row in (2, 3))
    assert header >= 15 * 5  # 52 characters in a column 12 wide
    assert sheet.row_dimensions[1].height > 15
