"""Logging, changing and deleting activities: checks, figures, duplicates, access, audit."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import ModelLogEntry

from tuyengiao.activities.models import Activity, ActivityFigure, ActivityFile
from tuyengiao.activities.selectors import figure_values
from tuyengiao.activities.services import (
    LikelyDuplicate,
    activity_delete,
    activity_file_attach,
    activity_update,
)
from tuyengiao.activities.tests.builders import activity_type, log, png_bytes
from tuyengiao.plans.models import WorkUpdate
from tuyengiao.plans.tests.builders import small_plan

DAY = date(2022, 9, 8)


def test_ward_officer_logs_an_activity_with_figures(city, ward_officer_a):
    activity = log(
        city.ward_a,
        "training_class",
        "  Lớp bồi dưỡng  lý luận chính trị cho đảng viên mới ",
        DAY,
        {"classes": 2, "learners.party": 80, "learners.state": 40},
        actor=ward_officer_a,
        mode="hybrid",
    )
    activity.refresh_from_db()
    assert activity.title == "Lớp bồi dưỡng lý luận chính trị cho đảng viên mới"
    assert activity.logged_by == ward_officer_a
    # The total left empty is the sum of its parts: nobody types it twice.
    assert figure_values(activity) == {
        "classes": 2,
        "learners": 120,
        "learners.party": 80,
        "learners.state": 40,
    }
    entry = ModelLogEntry.objects.for_instance(activity).get()
    assert entry.action == "wagtail.create"
    assert entry.user == ward_officer_a
    assert entry.data["figures"]["learners"] == 120


@pytest.mark.parametrize(
    ("figures", "mode", "key", "text"),
    [
        (
            {"participants": 100, "participants.party": 70, "participants.mass": 40},
            "in_person",
            "participants",
            "vượt quá",
        ),
        ({"remote_points": 55}, "in_person", "remote_points", "trực tuyến hoặc kết hợp"),
        ({"classes": 1}, "in_person", "classes", "không có số liệu"),
        ({"participants.nobody": 3}, "in_person", "participants.nobody", "nhóm phân loại"),
        ({"participants": -1}, "in_person", "participants", "không âm"),
    ],
)
def test_bad_figures_are_refused_by_key(city, figures, mode, key, text):
    with pytest.raises(ValidationError) as caught:
        log(city.ward_a, "conference", "Hội nghị", DAY, figures, mode=mode)
    assert text in caught.value.message_dict[key][0]
    assert not Activity.objects.exists()
    assert not ActivityFigure.objects.exists()


def test_required_figure_is_asked_for(city):
    with pytest.raises(ValidationError) as caught:
        log(city.ward_a, "training_class", "Lớp tập huấn", DAY, {"classes": 1})
    assert "Số lượt học viên" in caught.value.message_dict["learners"][0]


@pytest.mark.parametrize(
    ("start", "end", "field", "text"),
    [
        (DAY, DAY - timedelta(days=1), "end_date", "trước ngày bắt đầu"),
        (date.today() + timedelta(days=2), None, "start_date", "tương lai"),
        (date(1920, 1, 1), None, "start_date", "1930"),
        (DAY, DAY + timedelta(days=400), "end_date", "quá một năm"),
        (date(2019, 6, 1), None, "unit", "không tồn tại"),
    ],
)
def test_dates_must_be_sane(city, start, end, field, text):
    with pytest.raises(ValidationError) as caught:
        log(city.ward_a, "conference", "Hội nghị", start, end_date=end)
    assert text in caught.value.message_dict[field][0]


def test_remote_points_with_an_online_mode(city):
    activity = log(
        city.district,
        "conference",
        "Hội nghị trực tuyến",
        DAY,
        {"remote_points": 55},
        mode="hybrid",
    )
    assert figure_values(activity) == {"remote_points": 55}


def test_officer_cannot_log_for_another_ward(city, ward_officer_a):
    with pytest.raises(PermissionDenied):
        log(city.ward_b, "conference", "Hội nghị", DAY, actor=ward_officer_a)
    assert not Activity.objects.exists()


def test_likely_duplicate_is_flagged_then_allowed(city):
    first = log(city.ward_a, "conference", "Hội nghị sơ kết 9 tháng", DAY)
    with pytest.raises(LikelyDuplicate) as caught:
        log(city.ward_a, "conference", "hội nghị SƠ KẾT 9 thang", DAY)
    assert caught.value.existing == [first]
    assert "Có thể trùng" in caught.value.message_dict["title"][0]
    log(city.ward_a, "conference", "hội nghị SƠ KẾT 9 thang", DAY, allow_duplicate=True)
    # Another day, type or unit is not a duplicate.
    log(city.ward_a, "conference", "Hội nghị sơ kết 9 tháng", DAY - timedelta(days=1))
    log(city.ward_b, "conference", "Hội nghị sơ kết 9 tháng", DAY)
    assert Activity.objects.count() == 4


def test_update_replaces_figures_and_audits_the_change(city, ward_officer_a):
    activity = log(city.ward_a, "conference", "Hội nghị", DAY, {"participants": 50})
    activity_update(
        activity=activity,
        actor=ward_officer_a,
        title="Hội nghị quán triệt",
        figures={"participants.party": 30, "participants.other": 5},
    )
    activity.refresh_from_db()
    assert activity.title == "Hội nghị quán triệt"
    assert figure_values(activity) == {
        "participants": 35,
        "participants.other": 5,
        "participants.party": 30,
    }
    entry = ModelLogEntry.objects.for_instance(activity).get(action="wagtail.edit")
    assert entry.data["changed"]["title"] == ["Hội nghị", "Hội nghị quán triệt"]
    assert entry.data["changed"]["figures"][0] == {"participants": 50}


def test_marking_an_activity_highlighted_is_audited(city, ward_officer_a):
    activity = log(city.ward_a, "conference", "Hội nghị điển hình", DAY, {"participants": 50})
    assert not activity.is_highlighted
    activity_update(activity=activity, actor=ward_officer_a, is_highlighted=True)
    activity.refresh_from_db()
    assert activity.is_highlighted
    entry = ModelLogEntry.objects.for_instance(activity).get(action="wagtail.edit")
    assert entry.data["changed"]["is_highlighted"] == [False, True]


def test_update_keeps_figures_when_not_given_and_checks_them_again(city, ward_officer_a):
    activity = log(city.ward_a, "conference", "Hội nghị", DAY, {"remote_points": 3}, mode="online")
    with pytest.raises(ValidationError) as caught:
        activity_update(activity=activity, actor=ward_officer_a, mode="in_person")
    assert "remote_points" in caught.value.message_dict
    activity.refresh_from_db()
    assert activity.mode == "online"
    assert figure_values(activity) == {"remote_points": 3}


def test_update_cannot_move_an_activity_out_of_reach(city, ward_officer_a):
    activity = log(city.ward_a, "conference", "Hội nghị", DAY)
    with pytest.raises(PermissionDenied):
        activity_update(activity=activity, actor=ward_officer_a, unit=city.ward_b)
    activity.refresh_from_db()
    assert activity.unit == city.ward_a


def test_delete_removes_figures_and_files(city, ward_officer_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PRIVATE_FILES_ROOT = tmp_path  # internal files (core/files.py)
    activity = log(city.ward_a, "conference", "Hội nghị", DAY, {"participants": 5})
    record = activity_file_attach(
        activity=activity,
        uploaded=SimpleUploadedFile("anh hoi nghi.png", png_bytes()),
        actor=ward_officer_a,
    )
    stored = tmp_path / record.file.name
    assert stored.exists()
    assert record.is_image
    activity_delete(activity=activity, actor=ward_officer_a)
    assert not Activity.objects.exists()
    assert not ActivityFigure.objects.exists()
    assert not ActivityFile.objects.exists()
    assert ModelLogEntry.objects.filter(action="wagtail.delete").count() == 1


def test_attachment_must_be_a_photo_or_document(city, ward_officer_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PRIVATE_FILES_ROOT = tmp_path  # internal files (core/files.py)
    activity = log(city.ward_a, "conference", "Hội nghị", DAY)
    with pytest.raises(ValidationError) as caught:
        activity_file_attach(
            activity=activity,
            uploaded=SimpleUploadedFile("bien-ban.pdf", b"not a pdf at all"),
            actor=ward_officer_a,
        )
    assert "bien-ban.pdf" in caught.value.message_dict["file"][0]
    assert not ActivityFile.objects.exists()
    assert not any(tmp_path.rglob("*.pdf"))


def test_inactive_types_take_no_new_activity(city):
    conference = activity_type("conference")
    conference.is_active = False
    conference.save()
    with pytest.raises(ValidationError) as caught:
        log(city.ward_a, "conference", "Hội nghị", DAY)
    assert "không còn dùng" in caught.value.message_dict["activity_type"][0]


def test_logging_evidence_adds_to_the_work_items_timeline(city, ward_officer_a):
    """An activity of ward A's party cell, linked to a work item ward A is assigned, lands
    on ward A's share of it; an update adding another link adds that one only."""
    plan = small_plan(city)
    activity = log(
        city.cell_a,
        "study_conference",
        "Học tập nghị quyết tại chi bộ",
        date(2022, 5, 20),
        {"participants": 25, "expected": 27},
        actor=ward_officer_a,
        work_items=[plan.shared],
    )
    update = WorkUpdate.objects.get(kind="evidence")
    assert update.work_item == plan.shared
    assert update.assignment == plan.share_a
    assert update.evidence == activity
    assert update.effective_on == date(2022, 5, 20)
    assert update.author == ward_officer_a
    activity_update(activity=activity, actor=ward_officer_a, work_items=[plan.shared])
    assert WorkUpdate.objects.filter(kind="evidence").count() == 1


def test_deleting_an_activity_takes_it_off_the_timelines(city, ward_officer_a):
    plan = small_plan(city)
    activity = log(
        city.ward_a,
        "conference",
        "Hội nghị triển khai",
        date(2022, 5, 20),
        actor=ward_officer_a,
        work_items=[plan.shared],
    )
    assert WorkUpdate.objects.filter(kind="evidence").count() == 1
    activity_delete(activity=activity, actor=ward_officer_a)
    assert not WorkUpdate.objects.filter(kind="evidence").exists()
    assert ModelLogEntry.objects.filter(action="tuyengiao.plans.evidence_withdraw").count() == 1


def test_work_items_out_of_reach_cannot_be_linked(city, ward_officer_a):
    plan = small_plan(city)
    with pytest.raises(ValidationError) as caught:
        log(
            city.ward_a,
            "conference",
            "Hội nghị",
            DAY,
            actor=ward_officer_a,
            work_items=[plan.later],
        )
    assert "work_items" in caught.value.message_dict
    assert not Activity.objects.exists()
    assert not WorkUpdate.objects.filter(kind="evidence").exists()


def test_the_system_logs_in_its_own_name(city):
    """Demo data and imports by operators act as the system: the activity names no person,
    and neither does its audit entry."""
    activity = log(city.ward_a, "conference", "Hội nghị giao ban", DAY, {"participants": 40})
    activity.refresh_from_db()
    assert activity.logged_by is None
    assert ModelLogEntry.objects.for_instance(activity).get().user is None
