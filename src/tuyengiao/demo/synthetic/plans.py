"""Plans and work items: each board's work programme for 2024, the work programmes of the
new boards and communes for the second half of 2025, implementation plans for the boards'
KH documents, and the tracking of central directives by the top board.

Statuses are as they stood on ``AS_OF`` (mid-November 2025): the items of 2024 are nearly
all done, those of 2025 done when their deadline has passed, in progress or not started
otherwise. Every status other than "not started" has its dated ``WorkUpdate``, so progress
"as of" a past date reads the timeline as it does for entered data.
"""

from __future__ import annotations

from datetime import date, timedelta

from tuyengiao.demo.synthetic.base import REFORM, Context
from tuyengiao.demo.synthetic.documents import CENTRAL
from tuyengiao.demo.synthetic.orgs import Node, Tree
from tuyengiao.plans.models import (
    Assignment,
    DirectiveTracking,
    ExpectedUnit,
    Milestone,
    Plan,
    WorkItem,
    WorkStatus,
    WorkUpdate,
)

AS_OF = date(2025, 11, 15)
BATCH = 5000

GROUPS = (
    (
        "Công tác tham mưu, chỉ đạo",
        (
            "Tham mưu ban hành kế hoạch tuyên truyền các ngày lễ lớn, sự kiện quan trọng",
            "Tham mưu sơ kết, tổng kết việc thực hiện các chỉ thị, nghị quyết",
            "Xây dựng báo cáo tình hình tư tưởng của cán bộ, đảng viên hằng quý",
        ),
    ),
    (
        "Học tập, quán triệt và tuyên truyền",
        (
            "Tổ chức hội nghị học tập, quán triệt nghị quyết cho cán bộ chủ chốt",
            "Tổ chức hội nghị báo cáo viên định kỳ hằng tháng",
            "Cập nhật tin, bài trên trang thông tin điện tử",
            "Tuyên truyền trên hệ thống loa truyền thanh cơ sở",
        ),
    ),
    (
        "Giáo dục lý luận chính trị, khoa giáo, văn hóa",
        (
            "Mở lớp bồi dưỡng lý luận chính trị cho đảng viên mới",
            "Tổ chức cuộc thi tìm hiểu lịch sử Đảng bộ",
            "Nắm bắt dư luận xã hội, giao ban cộng tác viên hằng quý",
        ),
    ),
)


def _status_on(rng, due: date, statuses: dict[str, WorkStatus]) -> tuple[WorkStatus, date | None]:
    """The status an item due on ``due`` had on ``AS_OF``, and when it was done."""
    if due < AS_OF:
        roll = rng.random()
        if roll < 0.82:
            return statuses["done"], due - timedelta(days=rng.randrange(0, 20))
        if roll < 0.9:
            return statuses["reported"], None
        if roll < 0.96:
            return statuses["in_progress"], None
        return statuses["cancelled"], None
    return (statuses["in_progress"] if rng.random() < 0.5 else statuses["not_started"]), None


def generate_plans(ctx: Context, tree: Tree, documents: dict) -> None:
    rng = ctx.rng("plans")
    statuses = {status.code: status for status in WorkStatus.objects.all()}
    children: dict[int, list[Node]] = {}
    for node in tree.before + tree.after:
        if node.parent is not None and node.level in ("ward", "commune", "district"):
            children.setdefault(id(node.parent), []).append(node)
    # (code, title, kind, owner, document, year, start, end, assignees)
    programmes = []
    for node in tree.before:
        if node.level == "board":
            # A district board assigns work to the district's wards.
            assignees = children.get(id(node.parent), []) if node.parent is not tree.root else []
            programmes.append(
                (f"CTCT-2024-{node.code}", f"Chương trình công tác năm 2024 của {node.name}",
                 node, None, 2024, date(2024, 1, 1), date(2024, 12, 31), assignees)
            )  # fmt: skip
    for node in tree.after:
        if node.level in ("board", "commune") and node.unit.valid_from >= REFORM:
            assignees = children.get(id(node.parent), []) if node.level == "board" else []
            programmes.append(
                (f"CTCT-2025H2-{node.code}",
                 f"Chương trình công tác 6 tháng cuối năm 2025 của {node.name}",
                 node, None, 2025, REFORM, date(2025, 12, 31), assignees[:40])
            )  # fmt: skip
    plans_of_documents = [
        (document, spec)
        for document, spec in zip(documents["documents"], documents["specs"], strict=True)
        if spec.type_code == "KH" and spec.node is not None and spec.node.level == "board"
    ]
    for document, spec in plans_of_documents[: max(3, ctx.scale.documents // 25)]:
        programmes.append(
            (f"KH-{spec.day.year}-{document.symbol}-{spec.node.code}",
             document.summary[:500], spec.node, document, spec.day.year, spec.day,
             min(spec.day + timedelta(days=180), date(2025, 12, 31) if spec.day >= REFORM
                 else date(2025, 6, 30)),
             [])
        )  # fmt: skip
    plans = Plan.objects.bulk_create(
        [
            Plan(
                code=code,
                title=title,
                kind=Plan.Kind.IMPLEMENTATION if document else Plan.Kind.WORK_PROGRAMME,
                owner=owner.unit,
                document=document,
                year=year,
                starts_on=start,
                ends_on=end,
            )
            for code, title, owner, document, year, start, end, _assignees in programmes
        ],
        batch_size=BATCH,
    )
    items_total = assignments_total = updates_total = 0
    with ctx.bar("Kế hoạch, đầu việc", len(plans)) as bar:
        for start in range(0, len(plans), 200):
            chunk = list(
                zip(plans[start : start + 200], programmes[start : start + 200], strict=True)
            )
            groups = []
            for plan, (_c, _t, owner, _d, _y, _s, _e, _a) in chunk:
                for position, (title, _items) in enumerate(GROUPS, start=1):
                    groups.append(
                        WorkItem(plan=plan, number=str(position), position=position, title=title,
                                 owner=owner.unit, status=statuses["not_started"])
                    )  # fmt: skip
            groups = WorkItem.objects.bulk_create(groups)
            items, item_specs = [], []
            index = 0
            for plan, (_c, _t, owner, _d, _y, starts, ends, assignees) in chunk:
                span = (ends - starts).days
                for position, (_title, titles) in enumerate(GROUPS, start=1):
                    group = groups[index]
                    index += 1
                    for number, title in enumerate(titles, start=1):
                        if rng.random() < 0.25:
                            continue
                        due = starts + timedelta(days=rng.randrange(span // 3, span + 1))
                        status, done_on = _status_on(rng, due, statuses)
                        assigned = rng.sample(assignees, min(len(assignees), rng.randint(3, 12))) \
                            if assignees and rng.random() < 0.5 else []  # fmt: skip
                        items.append(
                            WorkItem(plan=plan, parent=group, number=f"{position}.{number}",
                                     position=number, title=title, owner=owner.unit, due_on=due,
                                     status=status, done_on=done_on if not assigned else None)
                        )  # fmt: skip
                        item_specs.append((due, status, done_on, assigned))
            items = WorkItem.objects.bulk_create(items)
            rows, updates = [], []
            for item, (due, status, done_on, assigned) in zip(items, item_specs, strict=True):
                if not assigned and status.code != "not_started":
                    updates.append(_update(item, None, status, done_on or min(due, AS_OF)))
                for unit in sorted(assigned, key=lambda node: node.code):
                    unit_status, unit_done = _status_on(rng, due, statuses)
                    rows.append((Assignment(work_item=item, unit=unit.unit, status=unit_status,
                                            done_on=unit_done), unit_done, due))  # fmt: skip
            created = Assignment.objects.bulk_create([row for row, _d, _due in rows])
            for assignment, (_row, done_on, due) in zip(created, rows, strict=True):
                if assignment.status.code != "not_started":
                    updates.append(
                        _update(assignment.work_item, assignment, assignment.status,
                                done_on or min(due, AS_OF))
                    )  # fmt: skip
            WorkUpdate.objects.bulk_create(updates, batch_size=BATCH)
            items_total += len(groups) + len(items)
            assignments_total += len(created)
            updates_total += len(updates)
            bar.update(len(chunk))
    trackings = _trackings(ctx, rng, tree, documents)
    ctx.count("Kế hoạch", len(plans))
    ctx.count("Đầu việc", items_total)
    ctx.count("Giao việc cho đơn vị", assignments_total)
    ctx.count("Cập nhật tiến độ", updates_total)
    ctx.count("Theo dõi triển khai chỉ thị", trackings)


def _update(item: WorkItem, assignment: Assignment | None, status: WorkStatus, on: date):
    return WorkUpdate(
        work_item=item,
        assignment=assignment,
        kind=WorkUpdate.Kind.STATUS,
        effective_on=on,
        status=status,
        note="Cập nhật theo báo cáo của đơn vị.",
    )


def _trackings(ctx: Context, rng, tree: Tree, documents: dict) -> int:
    """The top board tracks how the committees below implement the central documents of
    2024–2025 (expected: the districts, or the provinces, in force on the day)."""
    count = 0
    for central in CENTRAL:
        if central.issue_date.year < 2024:
            continue
        as_of = central.issue_date + timedelta(days=20)
        board = tree.board_before if as_of < REFORM else tree.board_after
        tracking = DirectiveTracking.objects.create(
            directive=documents["central"][central.symbol],
            owner=board.unit,
            title=f"Theo dõi triển khai {central.short}",
            expected_as_of=as_of,
            plan_due=as_of + timedelta(days=30),
            conference_due=as_of + timedelta(days=60),
            interim_review_due=as_of + timedelta(days=365),
        )
        level = "province" if ctx.scale.provinces else "district"
        expected = [n for n in tree.alive_on(as_of) if n.level == level]
        if not expected:
            expected = [n for n in tree.alive_on(as_of) if n.level == "commune"]
        rows = ExpectedUnit.objects.bulk_create(
            ExpectedUnit(tracking=tracking, unit=node.unit) for node in expected
        )
        milestones = []
        for row in rows:
            if rng.random() < 0.9:
                milestones.append(
                    Milestone(
                        expected_unit=row,
                        kind=Milestone.Kind.PLAN_ISSUED,
                        done_on=as_of + timedelta(days=rng.randrange(5, 40)),
                    )
                )
            if rng.random() < 0.8:
                people = rng.randrange(200, 3000)
                milestones.append(
                    Milestone(
                        expected_unit=row,
                        kind=Milestone.Kind.CONFERENCE,
                        done_on=as_of + timedelta(days=rng.randrange(20, 70)),
                        expected=people,
                        attended=people - rng.randrange(0, people // 10),
                    )
                )
        Milestone.objects.bulk_create(milestones)  # fmt: skip
        count += 1
    return count
