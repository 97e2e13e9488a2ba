"""Plans for tests, built through the real services as the system."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tuyengiao.core.actors import SYSTEM
from tuyengiao.documents.models import Document
from tuyengiao.orgs.tests.personas import City
from tuyengiao.plans.models import Assignment, DirectiveTracking, Plan, WorkItem, WorkStatus
from tuyengiao.plans.services import (
    plan_create,
    tracking_create,
    tracking_units_expect,
    work_item_add,
)

START = date(2022, 1, 1)


def status(code: str) -> WorkStatus:
    return WorkStatus.objects.get(code=code)


@dataclass
class SmallPlan:
    """The city board's 2022 programme: group 1 with item 1.1 (the board's own) and item 1.2
    (shared by wards A and B), and group 2 with item 2.1 (the board's own)."""

    plan: Plan
    group: WorkItem
    own: WorkItem
    shared: WorkItem
    later: WorkItem
    share_a: Assignment
    share_b: Assignment


def small_plan(city: City) -> SmallPlan:
    plan = plan_create(
        code="CT-2022",
        title="Chương trình công tác năm 2022",
        kind=Plan.Kind.WORK_PROGRAMME,
        owner=city.board,
        starts_on=START,
        ends_on=date(2022, 12, 31),
        actor=SYSTEM,
    )
    group = work_item_add(plan=plan, title="Tham mưu", owner=city.board, actor=SYSTEM)
    own = work_item_add(
        plan=plan,
        parent=group,
        title="Tham mưu kế hoạch năm",
        owner=city.board,
        due_on=date(2022, 3, 31),
        actor=SYSTEM,
    )
    shared = work_item_add(
        plan=plan,
        parent=group,
        title="Học tập nghị quyết",
        owner=city.board,
        due_on=date(2022, 6, 30),
        assignees=[city.ward_a, city.ward_b],
        actor=SYSTEM,
    )
    second = work_item_add(plan=plan, title="Báo cáo", owner=city.board, actor=SYSTEM)
    later = work_item_add(
        plan=plan,
        parent=second,
        title="Sơ kết 9 tháng",
        owner=city.board,
        due_on=date(2022, 9, 30),
        actor=SYSTEM,
    )
    share_a = shared.assignments.get(unit=city.ward_a)
    share_b = shared.assignments.get(unit=city.ward_b)
    return SmallPlan(plan, group, own, shared, later, share_a, share_b)


@dataclass
class WardPlan:
    """Ward B's own plan: an item shared with its party cell, and a tracking of the cell."""

    plan: Plan
    item: WorkItem
    assignment: Assignment
    tracking: DirectiveTracking


def ward_b_plan(city: City, directive: Document) -> WardPlan:
    """Ward B's plan, built once per test database (later calls return the same objects)."""
    plan = Plan.objects.filter(code="KH-B").first()
    if plan is None:
        plan = plan_create(
            code="KH-B",
            title="Kế hoạch của phường Bình Minh",
            kind=Plan.Kind.IMPLEMENTATION,
            owner=city.ward_b,
            starts_on=START,
            ends_on=date(2024, 12, 31),
            actor=SYSTEM,
        )
        work_item_add(
            plan=plan,
            title="Học tập chỉ thị",
            owner=city.ward_b,
            due_on=date(2024, 6, 30),
            assignees=[city.cell_b],
            actor=SYSTEM,
        )
        tracking = tracking_create(
            directive=directive,
            owner=city.ward_b,
            plan=plan,
            title="Theo dõi triển khai tại chi bộ",
            expected_as_of=START,
            actor=SYSTEM,
        )
        tracking_units_expect(
            tracking=tracking, root=city.ward_b, kind_codes=["party_cell"], actor=SYSTEM
        )
    item = plan.items.get()
    return WardPlan(plan, item, item.assignments.get(), plan.trackings.get())
