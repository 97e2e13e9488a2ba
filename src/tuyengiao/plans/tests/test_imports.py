"""Work items come in from Excel all or nothing; every bad row is named."""

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook

from tuyengiao.plans.imports import WorkItemImportError, import_work_items
from tuyengiao.plans.models import WorkItem
from tuyengiao.plans.tests.builders import small_plan

pytestmark = pytest.mark.django_db

HEADER = [
    "Số TT",
    "Đầu việc",
    "Thuộc nhóm",
    "Đơn vị chủ trì",
    "Đơn vị thực hiện",
    "Hạn",
    "Lặp lại",
    "Ngày trong tháng",
    "Trọng số",
]


def workbook(*rows: list[object], header: list[str] = HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_good_file_adds_groups_items_and_assignments(city, city_specialist):
    small = small_plan(city)
    content = workbook(
        ["III", "Tuyên truyền", "", "", "", "", "", "", ""],
        [
            "3.1",
            "Tuyên truyền ngày thành lập Đảng",
            "III",
            "TP.BTG",
            "TP.Q1.A; TP.Q1.B",
            date(2022, 2, 3),
            "",
            "",
            2,
        ],
        [
            "3.2",
            "Báo cáo nhanh hằng tháng",
            "III",
            "",
            "TP.Q1.A",
            "30/12/2022",
            "hằng tháng",
            20,
            "0,5",
        ],
    )
    created = import_work_items(
        plan=small.plan, filename="dau-viec.xlsx", content=content, actor=city_specialist
    )
    assert [item.number for item in created] == ["III", "3.1", "3.2"]
    first = WorkItem.objects.get(plan=small.plan, number="3.1")
    assert first.parent.number == "III"
    assert first.due_on == date(2022, 2, 3)
    assert sorted(first.assignments.values_list("unit__code", flat=True)) == ["TP.Q1.A", "TP.Q1.B"]
    monthly = WorkItem.objects.get(plan=small.plan, number="3.2")
    assert (monthly.recurrence, monthly.due_day, str(monthly.weight)) == ("monthly", 20, "0.50")
    assert monthly.owner == small.plan.owner


def test_a_file_with_bad_rows_changes_nothing_and_names_them(city, city_specialist):
    small = small_plan(city)
    before = WorkItem.objects.count()
    content = workbook(
        ["9", "Việc tốt", "", "", "", "", "", "", ""],
        ["10", "", "", "", "", "", "", "", ""],
        ["11", "Việc sai đơn vị", "", "", "TP.KHONGCO", "31/02/2022", "", "", ""],
        ["12", "Việc sai lặp lại", "99", "", "", "", "hằng năm", "", "-1"],
    )
    with pytest.raises(WorkItemImportError) as error:
        import_work_items(
            plan=small.plan, filename="x.xlsx", content=content, actor=city_specialist
        )
    messages = [str(row) for row in error.value.rows]
    assert "Dòng 3, cột “Đầu việc”: chưa có tên đầu việc." in messages
    assert any(
        m.startswith("Dòng 4, cột “Đơn vị thực hiện”") and "TP.KHONGCO" in m for m in messages
    )
    assert any(m.startswith("Dòng 4, cột “Hạn”") for m in messages)
    assert any(m.startswith("Dòng 5, cột “Thuộc nhóm”") for m in messages)
    assert any(m.startswith("Dòng 5, cột “Lặp lại”") for m in messages)
    assert any(m.startswith("Dòng 5, cột “Trọng số”") for m in messages)
    assert WorkItem.objects.count() == before


def test_not_an_excel_file_is_refused_clearly(city, city_specialist):
    small = small_plan(city)
    with pytest.raises(WorkItemImportError) as error:
        import_work_items(
            plan=small.plan, filename="x.xlsx", content=b"not a workbook", actor=city_specialist
        )
    assert "Không đọc được tệp Excel" in str(error.value)
    with pytest.raises(WorkItemImportError) as error:
        import_work_items(
            plan=small.plan,
            filename="x.xlsx",
            content=workbook(["1", "Việc"], header=["Số", "Tên"]),
            actor=city_specialist,
        )
    assert "thiếu cột “Đầu việc”" in str(error.value)


def test_a_ward_may_not_import_into_the_city_plan(city, ward_officer_a):
    small = small_plan(city)
    with pytest.raises(PermissionDenied):
        import_work_items(
            plan=small.plan,
            filename="x.xlsx",
            content=workbook(["9", "Việc", "", "", "", "", "", "", ""]),
            actor=ward_officer_a,
        )
