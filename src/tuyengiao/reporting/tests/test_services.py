"""Entering figures, submitting, approving and returning reports, through the services."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from tuyengiao.core.actors import SYSTEM
from tuyengiao.reporting.models import DataValue, DataValueChange, Submission
from tuyengiao.reporting.periods import period_containing
from tuyengiao.reporting.services import (
    ValueInput,
    entry_exception_grant,
    narrative_save,
    submission_approve,
    submission_open,
    submission_return,
    submission_submit,
    values_save,
)
from tuyengiao.reporting.tests.builders import build_form, report


@pytest.fixture
def tf(city):
    return build_form(city.ward_a, city.ward_b, city.district)


@pytest.fixture
def this_month():
    return period_containing("month", timezone.localdate())


def _open(tf, unit, period, actor):
    return submission_open(form=tf.form, unit=unit, period=period, actor=actor)


def test_saving_records_every_change_and_flags_outliers(tf, city, ward_officer_a, this_month):
    submission = _open(tf, city.ward_a, this_month, ward_officer_a)
    result = values_save(
        submission=submission,
        values=[
            ValueInput(tf.documents, None, Decimal(12)),
            ValueInput(tf.classes, tf.options["party"], Decimal(3), "lớp buổi tối"),
        ],
        actor=ward_officer_a,
    )
    assert result.changed == 2
    assert not result.outliers
    result = values_save(
        submission=submission,
        values=[ValueInput(tf.documents, None, Decimal(900))],
        actor=ward_officer_a,
    )
    assert result.outliers == ["Số văn bản ban hành"]
    value = DataValue.objects.get(submission=submission, indicator=tf.documents)
    assert value.value == 900
    assert value.is_outlier
    changes = DataValueChange.objects.filter(indicator=tf.documents).order_by("pk")
    assert [(c.old_value, c.new_value, c.changed_by) for c in changes] == [
        (None, 12, ward_officer_a),
        (12, 900, ward_officer_a),
    ]
    assert ModelLogEntry.objects.filter(action="tuyengiao.reporting.values").count() == 2


def test_unchanged_values_leave_no_trace(tf, city, ward_officer_a, this_month):
    submission = _open(tf, city.ward_a, this_month, ward_officer_a)
    cells = [ValueInput(tf.documents, None, Decimal(12))]
    values_save(submission=submission, values=cells, actor=ward_officer_a)
    assert values_save(submission=submission, values=cells, actor=ward_officer_a).changed == 0
    assert DataValueChange.objects.count() == 1


def test_clearing_a_cell_deletes_the_value(tf, city, ward_officer_a, this_month):
    submission = _open(tf, city.ward_a, this_month, ward_officer_a)
    values_save(
        submission=submission, values=[ValueInput(tf.documents, None, Decimal(5))], actor=SYSTEM
    )
    values_save(submission=submission, values=[ValueInput(tf.documents, None, None)], actor=SYSTEM)
    assert not DataValue.objects.filter(submission=submission).exists()


def test_a_broken_rule_is_reported_on_save_and_blocks_submitting(tf, city, this_month):
    submission = _open(tf, city.ward_a, this_month, SYSTEM)
    result = values_save(
        submission=submission,
        values=[
            ValueInput(tf.classes, tf.options["party"], Decimal(10)),
            ValueInput(tf.learners, tf.options["party"], Decimal(4)),
        ],
        actor=SYSTEM,
    )
    assert result.broken_rules == ["Số lượt học viên không ít hơn số lớp (4 / 10)"]
    with pytest.raises(ValidationError, match="chưa hợp lệ"):
        submission_submit(submission=submission, actor=SYSTEM)
    assert Submission.objects.get(pk=submission.pk).status == Submission.Status.DRAFT


def test_a_wrong_option_is_refused(tf, city, this_month):
    submission = _open(tf, city.ward_a, this_month, SYSTEM)
    with pytest.raises(ValidationError, match="phân tổ"):
        values_save(
            submission=submission,
            values=[ValueInput(tf.documents, tf.options["party"], Decimal(1))],
            actor=SYSTEM,
        )


def test_officers_enter_figures_only_for_their_unit(tf, city, ward_officer_b, this_month):
    with pytest.raises(PermissionDenied):
        _open(tf, city.ward_a, this_month, ward_officer_b)
    submission = _open(tf, city.ward_a, this_month, SYSTEM)
    with pytest.raises(PermissionDenied):
        values_save(
            submission=submission,
            values=[ValueInput(tf.documents, None, Decimal(1))],
            actor=ward_officer_b,
        )


def test_units_not_assigned_cannot_open_the_form(tf, city, this_month):
    with pytest.raises(ValidationError, match="không thuộc diện"):
        _open(tf, city.cell_a, this_month, SYSTEM)


def test_approval_locks_entry_and_return_reopens_it(
    tf, city, ward_officer_a, city_leader, this_month
):
    submission = _open(tf, city.ward_a, this_month, ward_officer_a)
    values_save(
        submission=submission,
        values=[ValueInput(tf.documents, None, Decimal(7))],
        actor=ward_officer_a,
    )
    submission_submit(submission=submission, actor=ward_officer_a)
    with pytest.raises(PermissionDenied):
        submission_approve(submission=submission, actor=ward_officer_a)
    submission_approve(submission=submission, actor=city_leader)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.APPROVED
    with pytest.raises(ValidationError, match="không sửa được"):
        values_save(
            submission=submission,
            values=[ValueInput(tf.documents, None, Decimal(8))],
            actor=ward_officer_a,
        )
    with pytest.raises(ValidationError, match="lý do"):
        submission_return(submission=submission, reason=" ", actor=city_leader)
    submission_return(submission=submission, reason="Sai số văn bản", actor=city_leader)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.RETURNED
    assert submission.return_reason == "Sai số văn bản"
    values_save(
        submission=submission,
        values=[ValueInput(tf.documents, None, Decimal(8))],
        actor=ward_officer_a,
    )
    assert DataValue.objects.get(submission=submission).value == 8


def test_approval_goes_up_level_by_level(tf, city, this_month):
    ward = report(tf, city.ward_a, this_month, documents=3, approve=False)
    district = report(tf, city.district, this_month, documents=4, approve=False)
    with pytest.raises(ValidationError, match="cấp dưới chờ phê duyệt"):
        submission_approve(submission=district, actor=SYSTEM)
    submission_approve(submission=ward, actor=SYSTEM)
    submission_approve(submission=district, actor=SYSTEM)
    district.refresh_from_db()
    assert district.status == Submission.Status.APPROVED


def test_narrative_is_kept_per_section(tf, city, ward_officer_a, this_month):
    submission = _open(tf, city.ward_a, this_month, ward_officer_a)
    narrative_save(
        submission=submission, section=tf.narrative, text=" Hoàn thành tốt. ", actor=ward_officer_a
    )
    submission.refresh_from_db()
    assert submission.narratives == {str(tf.narrative.pk): "Hoàn thành tốt."}


def test_late_window_closes_entry_except_for_units_granted_more_time(
    tf, city, ward_officer_a, city_leader
):
    today = timezone.localdate()
    old = period_containing("month", today.replace(day=1) - timedelta(days=70))
    tf.form.lock_days = 10
    tf.form.save()
    submission = _open(tf, city.ward_a, old, ward_officer_a)
    cells = [ValueInput(tf.documents, None, Decimal(2))]
    with pytest.raises(ValidationError, match="hết hạn nhập"):
        values_save(submission=submission, values=cells, actor=ward_officer_a)
    with pytest.raises(PermissionDenied):
        entry_exception_grant(
            form=tf.form,
            unit=city.ward_a,
            period=old,
            open_until=today,
            actor=ward_officer_a,
        )
    entry_exception_grant(
        form=tf.form, unit=city.ward_a, period=old, open_until=today, actor=city_leader
    )
    assert values_save(submission=submission, values=cells, actor=ward_officer_a).changed == 1
    with pytest.raises(ValidationError, match="hôm nay"):
        entry_exception_grant(
            form=tf.form,
            unit=city.ward_a,
            period=old,
            open_until=date(2000, 1, 1),
            actor=city_leader,
        )


def test_the_system_loads_history_a_person_acts_now(tf, city, ward_officer_a, this_month):
    """The system (demo data, loads of history) enters figures after the late window and
    dates its steps; its entries name no person. A person may not date a step."""
    today = timezone.localdate()
    old = period_containing("month", today.replace(day=1) - timedelta(days=70))
    tf.form.lock_days = 10
    tf.form.save()
    submission = _open(tf, city.ward_a, old, SYSTEM)
    cells = [ValueInput(tf.documents, None, Decimal(2))]
    assert values_save(submission=submission, values=cells, actor=SYSTEM).changed == 1
    at = timezone.make_aware(datetime.combine(old.end + timedelta(days=3), time(9)))
    submission_submit(submission=submission, actor=SYSTEM, at=at)
    submission.refresh_from_db()
    assert (submission.submitted_at, submission.submitted_by) == (at, None)
    assert DataValueChange.objects.get(unit=city.ward_a).changed_by is None
    entry = ModelLogEntry.objects.get(action="tuyengiao.reporting.submit")
    assert entry.user is None
    current = _open(tf, city.ward_a, this_month, ward_officer_a)
    values_save(submission=current, values=cells, actor=ward_officer_a)
    with pytest.raises(ValueError, match="only the system"):
        submission_submit(submission=current, actor=ward_officer_a, at=at)


def test_refusals_are_translated_from_english(tf, city, ward_officer_b, this_month):
    with pytest.raises(PermissionDenied, match="Bạn không có quyền nhập số liệu"):
        _open(tf, city.ward_a, this_month, ward_officer_b)
    with translation.override("en"), pytest.raises(PermissionDenied, match="You may not enter"):
        _open(tf, city.ward_a, this_month, ward_officer_b)
