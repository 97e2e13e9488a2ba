"""Figures as of a date, by unit subtree and period; who sees which shares."""

from datetime import date
from decimal import Decimal

import pytest
from django.http import Http404

from tuyengiao.core.actors import SYSTEM
from tuyengiao.plans.selectors import (
    plan_for_user,
    plan_state,
    plan_summary,
    plan_tree,
    plans_visible_to,
    work_item_for_user,
)
from tuyengiao.plans.services import (
    assignment_status_set,
    work_item_add,
    work_item_status_set,
)
from tuyengiao.plans.tests.builders import small_plan, status

pytestmark = pytest.mark.django_db


def _progress(small, on=None, units=None):
    state = plan_state(small.plan, as_of=on, unit_ids=units)
    return {row.item.pk: row.progress for row in state.rows()}, state


def test_shared_item_progress_rolls_up_from_its_units(city):
    small = small_plan(city)
    assignment_status_set(
        assignment=small.share_a, status=status("done"), on=date(2022, 5, 1), actor=SYSTEM
    )
    assignment_status_set(
        assignment=small.share_b, status=status("in_progress"), on=date(2022, 5, 1), actor=SYSTEM
    )
    progress, state = _progress(small)
    assert progress[small.shared.pk] == 75  # (100 + 50) / 2
    # group 1 = (own 0 + shared 75) / 2; group 2 = 0; plan = (37.5 + 0) / 2
    assert progress[small.group.pk] == Decimal("37.5")
    assert state.progress == Decimal("18.75")


def test_weights_of_units_and_items_count(city):
    small = small_plan(city)
    small.share_a.weight = Decimal(3)
    small.share_a.save()
    assignment_status_set(
        assignment=small.share_a, status=status("done"), on=date(2022, 5, 1), actor=SYSTEM
    )
    progress, _ = _progress(small)
    assert progress[small.shared.pk] == 75  # (100 × 3 + 0 × 1) / 4


def test_a_cancelled_share_is_left_out_of_progress_and_totals(city):
    small = small_plan(city)
    assignment_status_set(
        assignment=small.share_a, status=status("done"), on=date(2022, 5, 1), actor=SYSTEM
    )
    assignment_status_set(
        assignment=small.share_b, status=status("cancelled"), on=date(2022, 5, 1), actor=SYSTEM
    )
    progress, _ = _progress(small)
    assert progress[small.shared.pk] == 100
    figures = plan_summary(SYSTEM, small.plan, as_of=date(2022, 7, 1))
    assert (figures.done, figures.total) == (1, 3)
    work_item_status_set(
        item=small.later, status=status("cancelled"), on=date(2022, 8, 1), actor=SYSTEM
    )
    figures = plan_summary(SYSTEM, small.plan, as_of=date(2022, 12, 31))
    assert figures.total == 2


def test_figures_as_of_a_past_date_read_the_history(city):
    small = small_plan(city)
    work_item_status_set(item=small.own, status=status("done"), on=date(2022, 3, 20), actor=SYSTEM)
    for share, day in ((small.share_a, date(2022, 6, 25)), (small.share_b, date(2022, 7, 5))):
        assignment_status_set(assignment=share, status=status("done"), on=day, actor=SYSTEM)
    before = plan_summary(SYSTEM, small.plan, as_of=date(2022, 6, 30))
    assert (before.done, before.total, before.overdue) == (1, 3, 0)
    after = plan_summary(SYSTEM, small.plan, as_of=date(2022, 7, 10))
    # Item 1.2 is done on 5/7, after its deadline (30/6): done, not on time.
    assert (after.done, after.total, after.overdue, after.on_time) == (2, 3, 0, 1)
    assert after.on_time_rate == 50
    october = plan_summary(SYSTEM, small.plan, as_of=date(2022, 10, 1))
    assert october.overdue == 1  # "Sơ kết 9 tháng", due 30/9, not done


def test_overdue_counts_once_a_deadline_has_passed(city):
    small = small_plan(city)
    assert plan_summary(SYSTEM, small.plan, as_of=date(2022, 3, 31)).overdue == 0
    assert plan_summary(SYSTEM, small.plan, as_of=date(2022, 4, 1)).overdue == 1
    assert plan_summary(SYSTEM, small.plan, as_of=date(2022, 7, 1)).overdue == 2


def test_a_unit_subtree_counts_only_its_shares(city):
    small = small_plan(city)
    assignment_status_set(
        assignment=small.share_a, status=status("done"), on=date(2022, 5, 1), actor=SYSTEM
    )
    ward_a = plan_summary(SYSTEM, small.plan, as_of=date(2022, 7, 1), unit=city.ward_a)
    assert (ward_a.done, ward_a.total) == (1, 1)
    district = plan_summary(SYSTEM, small.plan, as_of=date(2022, 7, 1), unit=city.district)
    assert (district.done, district.total, district.overdue) == (0, 1, 1)  # B is not done
    board = plan_summary(SYSTEM, small.plan, as_of=date(2022, 7, 1), unit=city.board)
    assert board.total == 2  # its own two items


def test_a_period_counts_the_shares_due_in_it(city):
    small = small_plan(city)
    first_half = plan_summary(
        SYSTEM,
        small.plan,
        as_of=date(2022, 12, 31),
        due_from=date(2022, 1, 1),
        due_to=date(2022, 6, 30),
    )
    assert first_half.total == 2


def test_a_ward_sees_the_plan_through_its_share_only(city, ward_officer_a, city_specialist):
    small = small_plan(city)
    assert small.plan in plans_visible_to(ward_officer_a)
    state = plan_tree(ward_officer_a, small.plan)
    assert [row.item for row in state.rows()] == [small.group, small.shared]
    assert [share.unit_id for share in state.rows()[1].shares] == [city.ward_a.pk]
    assert not state.whole
    with pytest.raises(Http404):
        work_item_for_user(ward_officer_a, small.own.pk)
    figures = plan_summary(ward_officer_a, small.plan, as_of=date(2022, 7, 1))
    assert figures.total == 1
    assert plan_tree(city_specialist, small.plan).whole


def test_an_outsider_sees_no_plan(city, outsider):
    small = small_plan(city)
    with pytest.raises(Http404):
        plan_for_user(outsider, small.plan.pk)


def test_items_are_numbered_within_their_group_unless_given_a_number(city):
    small = small_plan(city)
    extra = work_item_add(
        plan=small.plan, parent=small.group, title="Việc bổ sung", owner=city.board, actor=SYSTEM
    )
    assert [small.own.number, small.shared.number, extra.number] == ["1", "2", "3"]
