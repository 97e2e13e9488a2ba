"""Writes to plans: each unit updates its own share, history keeps dates, audit entries."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from wagtail.models import ModelLogEntry

from tuyengiao.core.actors import SYSTEM
from tuyengiao.documents.tests.builders import register
from tuyengiao.plans.models import WorkUpdate
from tuyengiao.plans.services import (
    assignment_status_set,
    work_item_assign,
    work_item_comment,
    work_item_evidence_add,
    work_item_status_set,
)
from tuyengiao.plans.tests.builders import small_plan, status

pytestmark = pytest.mark.django_db


def test_assigning_several_units_gives_each_its_own_share(city):
    small = small_plan(city)
    shares = small.shared.assignments.order_by("unit__code")
    assert [share.unit for share in shares] == [city.ward_a, city.ward_b]
    assert {share.status.code for share in shares} == {"not_started"}
    # Each share starts its own history on the plan's first day.
    assert WorkUpdate.objects.filter(assignment__in=shares, kind="status").count() == 2


def test_a_ward_updates_its_share_and_not_the_other(city, ward_officer_a):
    small = small_plan(city)
    assignment_status_set(
        assignment=small.share_a, status=status("done"), on=date(2022, 6, 1), actor=ward_officer_a
    )
    small.share_a.refresh_from_db()
    assert small.share_a.status.code == "done"
    assert small.share_a.done_on == date(2022, 6, 1)
    with pytest.raises(PermissionDenied):
        assignment_status_set(assignment=small.share_b, status=status("done"), actor=ward_officer_a)
    small.share_b.refresh_from_db()
    assert small.share_b.status.code == "not_started"
    entry = ModelLogEntry.objects.filter(action="tuyengiao.plans.status").get()
    assert entry.user == ward_officer_a
    assert entry.data["to"] == "done"


def test_a_ward_may_not_change_the_plan(city, ward_officer_a):
    small = small_plan(city)
    with pytest.raises(PermissionDenied):
        work_item_assign(item=small.own, unit=city.ward_a, actor=ward_officer_a)
    with pytest.raises(PermissionDenied):
        work_item_status_set(item=small.own, status=status("done"), actor=ward_officer_a)


def test_a_change_entered_late_does_not_overwrite_a_later_one(city, city_specialist):
    small = small_plan(city)
    assignment_status_set(
        assignment=small.share_a, status=status("done"), on=date(2022, 6, 1), actor=SYSTEM
    )
    assignment_status_set(
        assignment=small.share_a,
        status=status("in_progress"),
        on=date(2022, 5, 1),
        actor=city_specialist,
    )
    small.share_a.refresh_from_db()
    assert small.share_a.status.code == "done"
    assert small.share_a.done_on == date(2022, 6, 1)


def test_future_dates_are_refused_with_a_message(city):
    small = small_plan(city)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        assignment_status_set(
            assignment=small.share_a, status=status("done"), on=tomorrow, actor=SYSTEM
        )
    assert "sau ngày hôm nay" in str(error.value)


def test_status_of_a_shared_item_is_set_per_unit(city):
    small = small_plan(city)
    with pytest.raises(ValidationError):
        work_item_status_set(item=small.shared, status=status("done"), actor=SYSTEM)


def test_assigning_a_unit_twice_is_refused(city):
    small = small_plan(city)
    with pytest.raises(ValidationError) as error:
        work_item_assign(item=small.shared, unit=city.ward_a, actor=SYSTEM)
    assert city.ward_a.code in str(error.value)


def test_evidence_links_a_document_once_and_shows_on_the_timeline(city, ward_officer_a):
    small = small_plan(city)
    report = register(
        city, "05-BC/ĐU", date(2022, 6, 2), "Báo cáo học tập nghị quyết", owner=city.ward_a
    )
    first = work_item_evidence_add(
        actor=ward_officer_a, target=small.share_a, record=report, note="Báo cáo kết quả"
    )
    again = work_item_evidence_add(actor=ward_officer_a, target=small.share_a, record=report)
    assert first.pk == again.pk
    assert first.evidence == report
    assert first.assignment == small.share_a
    with pytest.raises(PermissionDenied):
        work_item_evidence_add(actor=ward_officer_a, target=small.share_b, record=report)
    assert ModelLogEntry.objects.filter(action="tuyengiao.plans.evidence").count() == 1


def test_comments_need_text(city, ward_officer_a):
    small = small_plan(city)
    with pytest.raises(ValidationError):
        work_item_comment(target=small.share_a, note="  ", actor=ward_officer_a)
    update = work_item_comment(target=small.share_a, note="Đã xong 80%", actor=ward_officer_a)
    assert update.kind == "comment"
    assert update.author == ward_officer_a


def test_a_status_cannot_change_before_the_item_was_set(city):
    small = small_plan(city)
    with pytest.raises(ValidationError) as error:
        assignment_status_set(
            assignment=small.share_a, status=status("done"), on=date(2021, 12, 1), actor=SYSTEM
        )
    assert "01/01/2022" in str(error.value)


def test_the_system_writes_in_its_own_name(city):
    """Demo data and commands act as the system: no person is recorded as author, and the
    audit entries name no user."""
    small = small_plan(city)
    assert small.plan.created_by is None
    work_item_comment(target=small.share_a, note="Đôn đốc các phường", actor=SYSTEM)
    assert WorkUpdate.objects.get(kind="comment").author is None
    entry = ModelLogEntry.objects.filter(action="tuyengiao.plans.comment").get()
    assert entry.user is None
