"""The activity screens in the admin: quick entry, list, calendar, detail, import, figures."""

from __future__ import annotations

import io
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tuyengiao.activities.models import Activity
from tuyengiao.activities.selectors import figure_values
from tuyengiao.activities.tests.builders import log, png_bytes
from tuyengiao.activities.tests.test_imports import GOOD, xlsx

DAY = date(2022, 9, 8)


def _post_conference(client, city, **extra):
    data = {
        "title": "Hội nghị quán triệt Nghị quyết",
        "unit": city.ward_a.pk,
        "start_date": DAY.isoformat(),
        "mode": "hybrid",
        "participants.party": "70",
        "participants.mass": "30",
        "remote_points": "5",
        **extra,
    }
    return client.post(reverse("activities:new") + "?type=conference", data)


def test_quick_entry_picks_a_type_then_logs(client, city, ward_officer_a):
    client.force_login(ward_officer_a)
    picker = client.get(reverse("activities:new")).content.decode()
    assert "Lớp bồi dưỡng, tập huấn" in picker
    assert "?type=training_class" in picker
    form = client.get(reverse("activities:new") + "?type=training_class").content.decode()
    assert "Số lượt học viên" in form
    assert "Khối Đảng" in form
    assert 'inputmode="numeric"' in form
    response = _post_conference(client, city)
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("activities:detail", args=[activity.pk])
    assert figure_values(activity) == {
        "participants": 100,
        "participants.mass": 30,
        "participants.party": 70,
        "remote_points": 5,
    }
    detail = client.get(response["Location"]).content.decode()
    assert "Đảng ủy phường Ánh Dương" in detail
    assert "Khối Đảng" in detail


def test_quick_entry_shows_errors_and_changes_nothing(client, city, ward_officer_a):
    client.force_login(ward_officer_a)
    response = _post_conference(client, city, participants="50", mode="in_person")
    page = response.content.decode()
    assert response.status_code == 200
    assert "vượt quá" in page
    assert "trực tuyến hoặc kết hợp" in page
    assert not Activity.objects.exists()


def test_quick_entry_warns_of_a_duplicate_then_accepts_confirmation(client, city, ward_officer_a):
    client.force_login(ward_officer_a)
    first = log(city.ward_a, "conference", "Hội nghị quán triệt Nghị quyết", DAY)
    page = _post_conference(client, city).content.decode()
    assert "Có thể trùng" in page
    assert reverse("activities:detail", args=[first.pk]) in page
    assert Activity.objects.count() == 1
    response = _post_conference(client, city, confirm_duplicate="on")
    assert response.status_code == 302
    assert Activity.objects.count() == 2


def test_quick_entry_takes_a_photo(client, city, ward_officer_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PRIVATE_FILES_ROOT = tmp_path  # internal files (core/files.py)
    client.force_login(ward_officer_a)
    response = _post_conference(client, city, file=SimpleUploadedFile("anh.png", png_bytes()))
    activity = Activity.objects.get()
    record = activity.files.get()
    photo = client.get(reverse("activities:file", args=[activity.pk, record.pk]))
    assert response.status_code == 302
    assert photo.status_code == 200
    assert photo["Content-Type"] == "image/png"


def test_list_and_calendar_show_the_officers_subtree(client, city, ward_officer_a):
    log(city.ward_a, "conference", "Hội nghị phường A", DAY, {"participants": 1418})
    log(city.ward_b, "conference", "Hội nghị phường B", DAY, {"participants": 9})
    client.force_login(ward_officer_a)
    listing = client.get(reverse("activities:list")).content.decode()
    assert "Hội nghị phường A" in listing
    assert "1.418 người" in listing
    assert "08/09/2022" in listing
    assert "Hội nghị phường B" not in listing
    calendar = client.get(reverse("activities:calendar") + "?month=2022-09").content.decode()
    assert "Hội nghị phường A" in calendar
    assert "Hội nghị phường B" not in calendar
    assert "month=2022-10" in calendar


def test_edit_and_delete(client, city, ward_officer_a):
    activity = log(city.ward_a, "conference", "Hội nghị", DAY, {"participants": 10})
    client.force_login(ward_officer_a)
    form = client.get(reverse("activities:edit", args=[activity.pk])).content.decode()
    assert 'value="10"' in form
    response = client.post(
        reverse("activities:edit", args=[activity.pk]),
        {
            "title": "Hội nghị (sửa)",
            "unit": city.ward_a.pk,
            "start_date": DAY.isoformat(),
            "mode": "in_person",
            "participants": "12",
        },
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Hội nghị (sửa)"
    assert figure_values(activity) == {"participants": 12}
    client.post(reverse("activities:delete", args=[activity.pk]))
    assert not Activity.objects.exists()


def test_other_ward_cannot_open_or_change(client, city, ward_officer_b):
    activity = log(city.ward_a, "conference", "Hội nghị", DAY)
    client.force_login(ward_officer_b)
    assert client.get(reverse("activities:detail", args=[activity.pk])).status_code == 404
    assert client.post(reverse("activities:delete", args=[activity.pk])).status_code == 404
    assert Activity.objects.exists()


def test_import_screen_previews_then_imports(client, city, ward_officer_a):
    client.force_login(ward_officer_a)
    template = client.get(reverse("activities:import_template"))
    assert load_workbook(io.BytesIO(template.content))["Hoạt động"]["A1"].value == "Tên hoạt động"
    upload = SimpleUploadedFile("hoat-dong.xlsx", xlsx(*GOOD))
    preview = client.post(reverse("activities:import"), {"file": upload}).content.decode()
    assert "sẽ thêm 3 hoạt động" in preview
    assert not Activity.objects.exists()
    response = client.post(reverse("activities:import"), {"confirm": "1"})
    assert response.status_code == 302
    assert Activity.objects.count() == 3


def test_import_screen_lists_row_errors(client, city, ward_officer_a):
    client.force_login(ward_officer_a)
    upload = SimpleUploadedFile("loi.xlsx", xlsx(["", "conference", "TP.Q1.A", "01/02/2022"]))
    page = client.post(reverse("activities:import"), {"file": upload}).content.decode()
    assert "Dòng 2, cột “Tên hoạt động”" in page
    assert not Activity.objects.exists()


def test_figures_screen_sums_the_subtree(client, city, city_specialist):
    log(city.ward_a, "training_class", "Lớp A", DAY, {"classes": 614, "learners.party": 102068})
    log(city.ward_b, "training_class", "Lớp B", DAY, {"classes": 804, "learners": 128448})
    client.force_login(city_specialist)
    page = client.get(
        reverse("activities:figures"),
        {"unit": city.district.pk, "start": "2022-01-01", "end": "2022-09-08"},
    ).content.decode()
    assert "1.418" in page
    assert "230.516" in page
    assert "102.068" in page


def test_list_queries_do_not_grow_with_the_page(client, city, ward_officer_a):
    """The list reads figures, types and unit names in bulk: no query per activity."""
    client.force_login(ward_officer_a)

    def queries_for_list() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("activities:list")).status_code == 200
        return len(captured)

    for number in range(2):
        log(
            city.ward_a, "training_class", f"Lớp {number}", DAY, {"classes.party": 1, "learners": 9}
        )
    queries_for_list()  # the session's first page also settles its two-step sign-in check
    few = queries_for_list()
    for number in range(2, 12):
        log(city.cell_a, "conference", f"Hội nghị {number}", DAY, {"participants.mass": 5})
    assert queries_for_list() == few
