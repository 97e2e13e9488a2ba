"""Importing activities from .xlsx: preview, row-level errors, all or nothing."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook, load_workbook
from wagtail.models import ModelLogEntry

from tuyengiao.activities.catalogue import load_catalogue
from tuyengiao.activities.imports import (
    ActivityImportError,
    import_activities,
    import_template,
    preview_activities,
)
from tuyengiao.activities.models import Activity, ActivityImport
from tuyengiao.activities.selectors import activity_figures, figure_values
from tuyengiao.activities.tests.builders import log
from tuyengiao.core.actors import SYSTEM

HEADER = [
    "Tên hoạt động",
    "Loại hoạt động",
    "Mã đơn vị",
    "Ngày bắt đầu",
    "Hình thức",
    "classes",
    "learners.party",
    "Số lượt học viên — Khối Nhà nước",
    "Số người tham dự",
    "remote_points",
    "learners",
]


def xlsx(*rows: list[object], header: list[str] = HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


GOOD = [
    ["Lớp đảng viên mới", "training_class", "TP.Q1.A", date(2022, 3, 1), "", 2, 60, 20],
    [
        "Lớp bồi dưỡng hè",
        "Lớp bồi dưỡng, tập huấn",
        "TP.Q1.A",
        "05/07/2022",
        "kết hợp",
        1,
        None,
        "1.418",
        None,
        12,
    ],
    [
        "Hội nghị quán triệt",
        "conference",
        "TP.Q1.A.CB1",
        datetime(2022, 9, 8, 8, 0),
        "Trực tiếp",
        None,
        None,
        None,
        45,
    ],
]


def test_preview_then_import_all_rows(city, ward_officer_a):
    content = xlsx(*GOOD)
    preview = preview_activities(file_name="hoat-dong.xlsx", content=content, actor=ward_officer_a)
    assert preview.rows == 3
    assert dict(preview.by_type) == {"Lớp bồi dưỡng, tập huấn": 2, "Hội nghị": 1}
    assert preview.units == {"TP.Q1.A", "TP.Q1.A.CB1"}
    assert (preview.first_date, preview.last_date) == (date(2022, 3, 1), date(2022, 9, 8))
    assert not Activity.objects.exists(), "the preview writes nothing"

    batch = import_activities(file_name="hoat-dong.xlsx", content=content, actor=ward_officer_a)
    assert batch.rows == 3
    summer = Activity.objects.get(title="Lớp bồi dưỡng hè")
    assert summer.mode == "hybrid"
    assert summer.import_batch == batch
    assert summer.logged_by == ward_officer_a
    assert figure_values(summer) == {
        "classes": 1,
        "learners": 1418,
        "learners.state": 1418,
        "remote_points": 12,
    }
    figures = activity_figures(unit=city.ward_a, start=date(2022, 1, 1), end=date(2022, 12, 31))
    assert figures.total("learners") == 80 + 1418
    assert figures.total("participants") == 45
    entry = ModelLogEntry.objects.for_instance(batch).get()
    assert entry.action == "tuyengiao.activities.import"
    assert entry.data["rows"] == 3


def test_every_problem_is_named_and_nothing_is_imported(city, ward_officer_a):
    content = xlsx(
        *GOOD,
        ["", "training_class", "TP.Q1.A", "01/02/2022", "", 1, 5],
        ["Lớp X", "lop gi do", "TP.Q1.A", "01/02/2022"],
        ["Lớp Y", "training_class", "TP.KHONGCO", "32/13/2022", "", 1, 5],
        ["Lớp Z", "training_class", "TP.Q1.B", "01/02/2022", "", 1, 5],
        [
            "Hội nghị",
            "conference",
            "TP.Q1.A",
            "01/02/2022",
            "trực tiếp",
            None,
            None,
            None,
            "nhiều",
            3,
        ],
        ["Lớp W", "training_class", "TP.Q1.A", "01/02/2022", "", 1, 50, 60, None, None, 100],
    )
    with pytest.raises(ActivityImportError) as caught:
        import_activities(file_name="loi.xlsx", content=content, actor=ward_officer_a)
    messages = [str(error) for error in caught.value.row_errors]
    assert "Dòng 5, cột “Tên hoạt động”: Cần nhập tên hoạt động." in messages
    assert "Dòng 6, cột “Loại hoạt động”: không có loại hoạt động “lop gi do”." in messages
    assert "Dòng 7, cột “Mã đơn vị”: không có đơn vị mã “TP.KHONGCO”." in messages
    assert "Dòng 7, cột “Ngày bắt đầu”: “32/13/2022” không phải ngày (dd/mm/yyyy)." in messages
    assert any(m.startswith("Dòng 8, cột “Mã đơn vị”: bạn không có quyền") for m in messages)
    assert "Dòng 9, cột “Số người tham dự”: “nhiều” không phải số nguyên." in messages
    assert (
        "Dòng 10, cột “learners”: Tổng các nhóm (110) vượt quá “Số lượt học viên” (100)."
        in messages
    )
    assert caught.value.error_count == len(messages)
    assert not Activity.objects.exists()
    assert not ActivityImport.objects.exists()


def test_remote_points_need_an_online_mode_in_the_file(city):
    content = xlsx(
        ["Hội nghị", "conference", "TP.Q1.A", "01/02/2022", "trực tiếp", None, None, None, 10, 3]
    )
    with pytest.raises(ActivityImportError) as caught:
        preview_activities(file_name="a.xlsx", content=content, actor=SYSTEM)
    assert "trực tuyến hoặc kết hợp" in str(caught.value.row_errors[0])
    assert "cột “remote_points”" in str(caught.value.row_errors[0])


def test_likely_duplicates_are_warned_not_refused(city):
    log(city.ward_a, "conference", "Hội nghị quán triệt", date(2022, 9, 8))
    content = xlsx(
        ["Hội nghị quán triệt", "conference", "TP.Q1.A", "08/09/2022"],
        ["Lớp A", "training_class", "TP.Q1.A", "01/02/2022", "", 1, 5],
        ["lớp a", "training_class", "TP.Q1.A", "01/02/2022", "", 1, 6],
    )
    preview = preview_activities(file_name="a.xlsx", content=content, actor=SYSTEM)
    assert preview.warning_count == 2
    assert str(preview.warnings[0]).startswith("Dòng 2: có thể trùng với một hoạt động đã ghi")
    assert str(preview.warnings[1]) == (
        "Dòng 4: có thể trùng với dòng 3 (cùng đơn vị, loại, ngày và tên)."
    )


@pytest.mark.parametrize(
    ("name", "content", "text"),
    [
        ("a.csv", b"x", "Chỉ nhận tệp Excel (.xlsx)."),
        ("a.xlsx", b"not a zip", "Không đọc được tệp Excel"),
        ("a.xlsx", xlsx(header=["Tên hoạt động", "Mã đơn vị"]), "thiếu cột"),
        ("a.xlsx", xlsx(), "Tệp không có dữ liệu"),
        ("a.xlsx", xlsx(header=[*HEADER, "Cột lạ"]), "không rõ cột này"),
    ],
)
def test_unreadable_files_are_refused(city, name, content, text):
    with pytest.raises(ActivityImportError) as caught:
        preview_activities(file_name=name, content=content, actor=SYSTEM)
    assert text in str(caught.value.row_errors[0])


def test_the_template_round_trips(city):
    """The downloadable spreadsheet's header is read back, figure labels included."""
    workbook = load_workbook(io.BytesIO(import_template(load_catalogue())))
    sheet = workbook["Hoạt động"]
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["Tên hoạt động", "Loại hoạt động", "Mã đơn vị", "Ngày bắt đầu"]
    assert "Số lượt học viên — Khối Đảng" in header
    help_rows = [row[0].value for row in workbook["Hướng dẫn"].iter_rows(min_row=2)]
    assert "Lớp bồi dưỡng, tập huấn" in help_rows
    row = dict.fromkeys(header)
    row.update(
        {
            "Tên hoạt động": "Lớp từ mẫu",
            "Loại hoạt động": "training_class",
            "Mã đơn vị": "TP.Q1.B",
            "Ngày bắt đầu": "02/03/2022",
            "Số lớp": 4,
            "Số lượt học viên — Khối Đảng": 100,
        }
    )
    sheet.append([row[name] for name in header])
    output = io.BytesIO()
    workbook.save(output)
    import_activities(file_name="mau.xlsx", content=output.getvalue(), actor=SYSTEM)
    assert figure_values(Activity.objects.get()) == {
        "classes": 4,
        "learners": 100,
        "learners.party": 100,
    }
