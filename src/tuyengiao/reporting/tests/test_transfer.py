"""Importing values is all or nothing, with every bad row named."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import Workbook

from tuyengiao.core.actors import SYSTEM
from tuyengiao.reporting.models import DataValue
from tuyengiao.reporting.periods import period_containing
from tuyengiao.reporting.tests.builders import build_form, report
from tuyengiao.reporting.transfer import (
    ValuesImportError,
    parse_values_file,
    rows_to_xlsx,
    values_import,
)


@pytest.fixture
def tf(city):
    return build_form(city.ward_a, city.ward_b)


@pytest.fixture
def period():
    return period_containing("month", timezone.localdate())


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Biểu mẫu", "Đơn vị", "Kỳ", "Chỉ tiêu", "Phân tổ", "Giá trị", "Ghi chú"])
    for row in rows:
        sheet.append(row)
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


def test_an_excel_file_is_imported_through_the_services(tf, city, ward_officer_a, period):
    content = _xlsx(
        [
            ["thang", "TP.Q1.A", period.code, "thang-documents", "", 12, "ước"],
            ["thang", "TP.Q1.A", period.code, "thang-classes", "party", 3, ""],
        ]
    )
    rows = parse_values_file("so-lieu.xlsx", content)
    assert values_import(form=tf.form, rows=rows, actor=ward_officer_a) == 2
    value = DataValue.objects.get(indicator=tf.documents)
    assert (value.value, value.comment, value.updated_by) == (12, "ước", ward_officer_a)


def test_any_bad_row_refuses_the_whole_file(tf, city, ward_officer_a, period):
    content = _xlsx(
        [
            ["thang", "TP.Q1.A", period.code, "thang-documents", "", 12, ""],
            ["thang", "TP.Q1.B", period.code, "thang-documents", "", 1, ""],
            ["thang", "TP.Q1.A", "2022M13", "thang-documents", "", 1, ""],
            ["thang", "TP.Q1.A", period.code, "khong-co", "", 1, ""],
            ["thang", "TP.Q1.A", period.code, "thang-classes", "", 1, ""],
            ["thang", "TP.Q1.A", period.code, "thang-learners", "party", "nhiều", ""],
        ]
    )
    rows = parse_values_file("so-lieu.xlsx", content)
    with pytest.raises(ValuesImportError) as refused:
        values_import(form=tf.form, rows=rows, actor=ward_officer_a)
    assert refused.value.messages == [
        "Dòng 3, cột “Đơn vị”: Bạn không có quyền nhập số liệu cho đơn vị này.",
        "Dòng 4, cột “Kỳ”: “2022M13”: tháng phải từ 01 đến 12.",
        "Dòng 5, cột “Chỉ tiêu”: biểu mẫu không có chỉ tiêu “khong-co”.",
        "Dòng 6, cột “Phân tổ”: “” không hợp lệ (nhận: party, mass, state, other).",
        "Dòng 7, cột “Giá trị”: Số lượt học viên: “nhiều” không phải là số.",
    ]
    assert not DataValue.objects.exists()


def test_locked_reports_refuse_imported_values(tf, city, period):
    report(tf, city.ward_a, period, documents=2)
    rows = parse_values_file(
        "x.xlsx", _xlsx([["thang", "TP.Q1.A", period.code, "thang-documents", "", 9, ""]])
    )
    with pytest.raises(ValuesImportError, match="không sửa được"):
        values_import(form=tf.form, rows=rows, actor=SYSTEM)
    assert DataValue.objects.get().value == Decimal(2)


def test_files_of_other_kinds_or_without_columns_are_refused():
    with pytest.raises(ValuesImportError, match="Chỉ nhận tệp"):
        parse_values_file("so-lieu.pdf", b"%PDF")
    with pytest.raises(ValuesImportError, match="Thiếu cột: Giá trị"):
        parse_values_file(
            "x.csv", "Biểu mẫu,Đơn vị,Kỳ,Chỉ tiêu,Phân tổ\nthang,A,2022,x,\n".encode()
        )


def test_the_excel_export_has_the_import_columns():
    content = rows_to_xlsx([["thang", "TP.Q1.A", "2022M01", "thang-documents", "", 2, ""]])
    rows = parse_values_file("x.xlsx", content)
    assert rows[0].cells["unit"] == "TP.Q1.A"
    assert rows[0].cells["value"] == "2"
