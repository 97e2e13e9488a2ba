"""Reads of plans, work items and directive tracking for a given person.

Who sees what: people whose reach (in any published tree) holds a plan's owner unit see the
whole plan; others see only the work items in which a unit of their reach has an
assignment or is the owner (with the groups above them), and only those units' shares. A
ward sees its assignments; the city sees everything.

Figures are computed "as of" a date from the dated status history (``WorkUpdate``), so
"84/87 as of 30/9/2022" still holds after later changes. The counting rules, in one place
(:func:`plan_summary`):

- The counted work items are the leaves of the tree (groups are headings). A leaf is carried
  out through its assignments, or by its owner unit when it has none: each of those is a
  *share*.
- With a unit, only the shares of that unit's subtree (on the as-of date, with the units it
  succeeded) count; with a period, only shares whose deadline falls in it.
- Shares whose status is excluded (cancelled) are left out. A leaf with no counted share is
  not counted; it is done when all its counted shares are done, on the latest of their dates.
- Overdue: not done on the as-of date, and a share's deadline has passed. On time: done, and
  every share was done by its deadline (a share with no deadline is on time). The on-time
  rate is on time / done.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tuyengiao.core.text import collation_key
from tuyengiao.orgs.access import (
    READ_INTERNAL,
    AnyUser,
    predecessors,
    scope_roots,
    units_in_scope_any_time,
)
from tuyengiao.orgs.models import Unit, UnitProfile
from tuyengiao.orgs.selectors import descendants
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
from tuyengiao.plans.progress import ProgressNode, rollup

EVERYTHING = None


# --- Who sees what -------------------------------------------------------------------------


def reach_of(user: AnyUser) -> set[int] | None:
    """Ids of the units within the user's reach in any tree, with a role that reads internal
    records (``READ_INTERNAL``); None: everything."""
    if not user.is_authenticated:
        return set()
    if scope_roots(user, None) is EVERYTHING:
        return EVERYTHING
    return set(units_in_scope_any_time(user, READ_INTERNAL).values_list("pk", flat=True))


def plans_visible_to(user: AnyUser) -> QuerySet[Plan]:
    """Plans whose owner the user reaches, or in which a unit of their reach has a share."""
    plans = Plan.objects.select_related("owner", "document").prefetch_related("owner__profiles")
    reach = reach_of(user)
    if reach is EVERYTHING:
        return plans
    involved = WorkItem.objects.filter(
        Q(owner_id__in=reach) | Q(assignments__unit_id__in=reach)
    ).values("plan_id")
    return plans.filter(Q(owner_id__in=reach) | Q(pk__in=involved))


def plan_for_user(user: AnyUser, pk: int) -> Plan:
    plan = plans_visible_to(user).filter(pk=pk).first()
    if plan is None:
        raise Http404(_("Plan not found."))
    return plan


def plan_by_code(user: AnyUser, code: str) -> Plan:
    plan = plans_visible_to(user).filter(code=code).first()
    if plan is None:
        raise Http404(_("Plan not found."))
    return plan


def sees_whole_plan(user: AnyUser, plan: Plan) -> bool:
    reach = reach_of(user)
    return reach is EVERYTHING or plan.owner_id in reach


def share_scope(user: AnyUser, plan: Plan) -> set[int] | None:
    """The units whose shares of ``plan`` the user sees; None: all of them."""
    reach = reach_of(user)
    if reach is EVERYTHING or plan.owner_id in reach:
        return EVERYTHING
    return reach


def assignments_visible_to(user: AnyUser) -> QuerySet[Assignment]:
    """Assignments of the user's units, or of plans the user owns."""
    assignments = Assignment.objects.select_related(
        "work_item__plan", "unit", "status"
    ).prefetch_related("unit__profiles")
    reach = reach_of(user)
    if reach is EVERYTHING:
        return assignments
    return assignments.filter(Q(unit_id__in=reach) | Q(work_item__plan__owner_id__in=reach))


def assignment_for_user(user: AnyUser, pk: int) -> Assignment:
    assignment = assignments_visible_to(user).filter(pk=pk).first()
    if assignment is None:
        raise Http404(_("Assignment not found."))
    return assignment


def work_item_for_user(user: AnyUser, pk: int) -> WorkItem:
    item = (
        WorkItem.objects.select_related("plan__owner", "owner", "status", "parent")
        .prefetch_related("owner__profiles")
        .filter(pk=pk)
        .first()
    )
    if item is None:
        raise Http404(_("Work item not found."))
    scope = share_scope(user, item.plan)
    if scope is EVERYTHING or item.owner_id in scope:
        return item
    if item.assignments.filter(unit_id__in=scope).exists() or _has_descendant_share(item, scope):
        return item
    raise Http404(_("Work item not found."))


def _has_descendant_share(item: WorkItem, scope: set[int]) -> bool:
    below = item_subtree_ids(item)
    return WorkItem.objects.filter(
        Q(pk__in=below) & (Q(owner_id__in=scope) | Q(assignments__unit_id__in=scope))
    ).exists()


def item_subtree_ids(item: WorkItem) -> set[int]:
    """The ids of ``item`` and of every item below it."""
    items = list(WorkItem.objects.filter(plan_id=item.plan_id).values_list("pk", "parent_id"))
    return _subtree_ids(item.pk, items)


def _subtree_ids(root: int, items: Sequence[tuple[int, int | None]]) -> set[int]:
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent in items:
        children[parent].append(pk)
    found, frontier = set(), [root]
    while frontier:
        current = frontier.pop()
        found.add(current)
        frontier.extend(children[current])
    return found


def unit_subtree_ids(unit: Unit, on: date) -> set[int]:
    """``unit`` and the units below it in the tree in force on ``on``, with the units it
    succeeded and theirs (a 2025 ward answers for the wards it was formed from)."""
    roots = {unit.pk} | predecessors({unit.pk})
    found = set(roots)
    for root in Unit.objects.filter(pk__in=roots):
        found.update(descendants(root, on).values_list("pk", flat=True))
    return found


# --- Statuses on a date --------------------------------------------------------------------


def default_status() -> WorkStatus:
    """The status of work not yet started: the first one that is neither done nor excluded."""
    return WorkStatus.objects.filter(is_done=False, is_excluded=False).order_by("sort_order")[0]


@dataclass
class Share:
    """One unit's share of a leaf work item, as it stood on a date."""

    item_id: int
    assignment: Assignment | None
    unit_id: int
    weight: Decimal
    status: WorkStatus
    done_on: date | None
    deadline: date | None

    def overdue_on(self, on: date) -> bool:
        return (
            not self.status.is_done
            and not self.status.is_excluded
            and self.deadline is not None
            and self.deadline < on
        )

    @property
    def on_time(self) -> bool:
        return self.deadline is None or (self.done_on is not None and self.done_on <= self.deadline)


def _statuses_on(item_ids: list[int], on: date) -> dict[tuple[int, int | None], tuple[int, date]]:
    """The latest status change on or before ``on`` per (item, assignment)."""
    latest: dict[tuple[int, int | None], tuple[int, date]] = {}
    changes = (
        WorkUpdate.objects.filter(
            work_item_id__in=item_ids, kind=WorkUpdate.Kind.STATUS, effective_on__lte=on
        )
        .order_by("effective_on", "pk")
        .values_list("work_item_id", "assignment_id", "status_id", "effective_on")
    )
    for item_id, assignment_id, status_id, effective_on in changes:
        latest[(item_id, assignment_id)] = (status_id, effective_on)
    return latest


# --- The plan as a tree with progress ------------------------------------------------------


@dataclass
class ItemRow:
    """A work item as it stood on a date, with the shares the reader sees."""

    item: WorkItem
    depth: int
    shares: list[Share] = field(default_factory=list)
    children: list[ItemRow] = field(default_factory=list)
    progress: Decimal | None = None
    overdue: bool = False  # on the state's date

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def counted_shares(self) -> list[Share]:
        return [share for share in self.shares if not share.status.is_excluded]

    @property
    def is_done(self) -> bool:
        counted = self.counted_shares()
        return bool(counted) and all(share.status.is_done for share in counted)

    @property
    def done_on(self) -> date | None:
        dates = [share.done_on for share in self.counted_shares() if share.done_on]
        return max(dates) if self.is_done and dates else None

    def is_overdue(self, on: date) -> bool:
        return any(share.overdue_on(on) for share in self.counted_shares())


@dataclass
class PlanState:
    plan: Plan
    as_of: date
    roots: list[ItemRow]
    progress: Decimal | None
    whole: bool  # whether the reader sees every share

    def rows(self) -> list[ItemRow]:
        """Every row in plan order, depth first."""
        flat: list[ItemRow] = []

        def walk(rows: list[ItemRow]) -> None:
            for row in rows:
                flat.append(row)
                walk(row.children)

        walk(self.roots)
        return flat

    def leaves(self) -> list[ItemRow]:
        return [row for row in self.rows() if row.is_leaf]


def _load_items(plan: Plan) -> list[WorkItem]:
    """The plan's items with their owners, assignments, units and names, in a few queries."""
    shares = Assignment.objects.select_related("unit", "status").prefetch_related("unit__profiles")
    return list(
        WorkItem.objects.filter(plan=plan)
        .select_related("owner", "status")
        .prefetch_related("owner__profiles", Prefetch("assignments", shares))
        .order_by("position", "pk")
    )


def _node(row: ItemRow) -> ProgressNode:
    if row.children:
        children = [_node(child) for child in row.children]
    else:
        children = [
            ProgressNode(
                weight=share.weight,
                percent=None if share.status.is_excluded else Decimal(share.status.percent),
            )
            for share in row.shares
        ]
    node = ProgressNode(weight=row.item.weight, children=children)
    if not children:
        node.percent = None
    return node


def plan_state(
    plan: Plan,
    *,
    as_of: date | None = None,
    unit_ids: set[int] | None = None,
    due_from: date | None = None,
    due_to: date | None = None,
) -> PlanState:
    """The plan's tree as of ``as_of`` (default today), keeping the shares of ``unit_ids``
    (None: all) whose deadline is in [``due_from``, ``due_to``] when a period is given;
    items left without any share, and groups left without items, are dropped.

    No access check: callers pass the units the reader may see (see :func:`plan_tree`).
    """
    as_of = as_of or timezone.localdate()
    items = _load_items(plan)
    statuses = {status.pk: status for status in WorkStatus.objects.all()}
    initial = default_status()
    history = _statuses_on([item.pk for item in items], as_of)
    parents = {item.parent_id for item in items}

    def state(item: WorkItem, assignment: Assignment | None) -> tuple[WorkStatus, date | None]:
        found = history.get((item.pk, assignment.pk if assignment else None))
        if found is None:
            return initial, None
        status = statuses[found[0]]
        return status, found[1] if status.is_done else None

    def in_period(deadline: date | None) -> bool:
        if due_from is None and due_to is None:
            return True
        if deadline is None:
            return False
        return (due_from is None or deadline >= due_from) and (due_to is None or deadline <= due_to)

    rows: dict[int, ItemRow] = {}
    for item in items:
        row = ItemRow(item=item, depth=0)
        rows[item.pk] = row
        if item.pk in parents:
            continue
        assignments = list(item.assignments.all())
        candidates: list[tuple[Assignment | None, int, Decimal, date | None]] = (
            [(a, a.unit_id, a.weight, a.due_on or item.due_on) for a in assignments]
            if assignments
            else [(None, item.owner_id, Decimal(1), item.due_on)]
        )
        for assignment, unit_id, weight, deadline in candidates:
            if unit_ids is not None and unit_id not in unit_ids:
                continue
            if not in_period(deadline):
                continue
            status, done_on = state(item, assignment)
            row.shares.append(
                Share(item.pk, assignment, unit_id, weight, status, done_on, deadline)
            )

    roots: list[ItemRow] = []
    for item in items:
        row = rows[item.pk]
        (rows[item.parent_id].children if item.parent_id else roots).append(row)

    def prune(siblings: list[ItemRow], depth: int) -> list[ItemRow]:
        kept = []
        for row in siblings:
            row.depth = depth
            row.children = prune(row.children, depth + 1)
            if row.children or row.shares:
                kept.append(row)
        return kept

    roots = prune(roots, 0)
    for row in _walk(roots):
        row.progress = rollup(_node(row))
        row.overdue = row.is_leaf and not row.is_done and row.is_overdue(as_of)
    total = rollup(ProgressNode(weight=Decimal(1), children=[_node(row) for row in roots]))
    return PlanState(plan, as_of, roots, total, whole=unit_ids is None)


def _walk(rows: list[ItemRow]) -> list[ItemRow]:
    flat = []
    for row in rows:
        flat.append(row)
        flat.extend(_walk(row.children))
    return flat


def plan_tree(user: AnyUser, plan: Plan, *, as_of: date | None = None) -> PlanState:
    """The plan as the user may see it: all of it, or the shares of the user's units."""
    return plan_state(plan, as_of=as_of, unit_ids=share_scope(user, plan))


# --- Summary figures -----------------------------------------------------------------------


@dataclass(frozen=True)
class PlanSummary:
    """Figures for a report: ``done``/``total`` work items ("84/87"), overdue, on time."""

    plan_code: str
    as_of: date
    done: int
    total: int
    overdue: int
    on_time: int

    @property
    def on_time_rate(self) -> Decimal | None:
        """On time / done, in percent; None when nothing is done."""
        if not self.done:
            return None
        return Decimal(self.on_time * 100) / Decimal(self.done)

    def as_dict(self) -> dict[str, object]:
        rate = self.on_time_rate
        return {
            "plan": self.plan_code,
            "as_of": self.as_of.isoformat(),
            "done": self.done,
            "total": self.total,
            "overdue": self.overdue,
            "on_time": self.on_time,
            "on_time_rate": None if rate is None else float(round(rate, 2)),
        }


def summarize(state: PlanState) -> PlanSummary:
    """Count the leaves of ``state`` by the rules in this module's docstring."""
    done = total = overdue = on_time = 0
    for row in state.leaves():
        if not row.counted_shares():
            continue
        total += 1
        if row.is_done:
            done += 1
            on_time += all(share.on_time for share in row.counted_shares())
        elif row.is_overdue(state.as_of):
            overdue += 1
    return PlanSummary(state.plan.code, state.as_of, done, total, overdue, on_time)


def plan_summary(
    user: AnyUser,
    plan: Plan,
    *,
    as_of: date,
    unit: Unit | None = None,
    due_from: date | None = None,
    due_to: date | None = None,
) -> PlanSummary:
    """Done/total work items, overdue and on-time counts of ``plan`` as of ``as_of``.

    ``unit`` narrows the figures to the shares of its subtree on ``as_of``; ``due_from`` and
    ``due_to`` to shares due in that period. Commands and reports read as ``SYSTEM``, which
    counts every share; a person sees only the shares of their units unless they reach the
    plan's owner. This is the selector reports use for "đã hoàn thành 84/87 đầu việc".
    """
    unit_ids = unit_subtree_ids(unit, as_of) if unit is not None else None
    scope = share_scope(user, plan)
    if scope is not EVERYTHING:
        unit_ids = scope if unit_ids is None else unit_ids & scope
    state = plan_state(plan, as_of=as_of, unit_ids=unit_ids, due_from=due_from, due_to=due_to)
    return summarize(state)


# --- Timeline ------------------------------------------------------------------------------


def timeline(user: AnyUser, item: WorkItem) -> list[WorkUpdate]:
    """The item's updates the user may see, newest first: those about the item itself, and
    those about the assignments of the user's units."""
    updates = (
        WorkUpdate.objects.filter(work_item=item)
        .select_related("status", "author", "assignment__unit", "evidence_type")
        .prefetch_related("assignment__unit__profiles", "evidence")
        .order_by("-effective_on", "-pk")
    )
    scope = share_scope(user, item.plan)
    if scope is not EVERYTHING:
        updates = updates.filter(Q(assignment__isnull=True) | Q(assignment__unit_id__in=scope))
    return list(updates)


def unit_name(unit: Unit, on: date) -> str:
    """The unit's name on ``on`` (uses prefetched profiles), else its latest name."""
    profile = unit.profile_on(on) or unit.last_profile()
    return profile.name if profile else unit.code


# --- Directive tracking --------------------------------------------------------------------


def trackings_visible_to(user: AnyUser) -> QuerySet[DirectiveTracking]:
    """Trackings whose owner the user reaches, or in which a unit of their reach is expected."""
    trackings = DirectiveTracking.objects.select_related("directive", "owner", "plan")
    reach = reach_of(user)
    if reach is EVERYTHING:
        return trackings
    involved = ExpectedUnit.objects.filter(unit_id__in=reach).values("tracking_id")
    return trackings.filter(Q(owner_id__in=reach) | Q(pk__in=involved))


def tracking_for_user(user: AnyUser, pk: int) -> DirectiveTracking:
    tracking = trackings_visible_to(user).filter(pk=pk).first()
    if tracking is None:
        raise Http404(_("Directive tracking not found."))
    return tracking


def expected_units_for(user: AnyUser, tracking: DirectiveTracking) -> QuerySet[ExpectedUnit]:
    """The tracking's expected units the user sees: all of them for people who reach the
    tracking's owner, their own units for the others."""
    expected = ExpectedUnit.objects.filter(tracking=tracking).select_related("unit")
    reach = reach_of(user)
    if reach is not EVERYTHING and tracking.owner_id not in reach:
        expected = expected.filter(unit_id__in=reach)
    return expected


MILESTONE_DUE: dict[str, str] = {
    Milestone.Kind.PLAN_ISSUED: "plan_due",
    Milestone.Kind.CONFERENCE: "conference_due",
    Milestone.Kind.INTERIM_REVIEW: "interim_review_due",
    Milestone.Kind.FINAL_REVIEW: "final_review_due",
}


@dataclass
class MatrixCell:
    milestone: Milestone | None
    due: date | None
    late: bool  # done after the due date, or not done and the due date has passed
    kind: str = ""

    @property
    def attendance_percent(self) -> Decimal | None:
        m = self.milestone
        if m is None or not m.expected or m.attended is None:
            return None
        return Decimal(m.attended * 100) / Decimal(m.expected)


@dataclass
class MatrixRow:
    expected_unit: ExpectedUnit
    name: str
    kind_code: str
    cells: list[MatrixCell]


@dataclass
class MatrixColumn:
    kind: str
    label: str
    due: date | None
    done: int = 0
    late: int = 0
    attended: int = 0
    expected: int = 0
    total: int = 0  # expected units shown

    @property
    def done_percent(self) -> Decimal | None:
        return Decimal(self.done * 100) / Decimal(self.total) if self.total else None

    @property
    def attendance_percent(self) -> Decimal | None:
        return Decimal(self.attended * 100) / Decimal(self.expected) if self.expected else None


@dataclass
class TrackingMatrix:
    """Units × milestones of a directive's implementation, with totals per milestone."""

    tracking: DirectiveTracking
    as_of: date
    columns: list[MatrixColumn]
    rows: list[MatrixRow]

    @property
    def total(self) -> int:
        return len(self.rows)


def tracking_matrix(
    user: AnyUser,
    tracking: DirectiveTracking,
    *,
    as_of: date | None = None,
    kind_code: str | None = None,
) -> TrackingMatrix:
    """The matrix of expected units × milestones the user may see, as of ``as_of`` (default
    today: milestones recorded later are not shown), filtered by unit kind (level).

    People who reach the tracking's owner see every unit; others their own units only.
    Units are named as on the tracking's date, in Vietnamese order.
    """
    as_of = as_of or timezone.localdate()
    expected = expected_units_for(user, tracking).prefetch_related(
        Prefetch("unit__profiles", UnitProfile.objects.select_related("kind")),
        Prefetch(
            "milestones",
            Milestone.objects.filter(done_on__lte=as_of).select_related("document"),
        ),
    )
    on = tracking.expected_as_of
    columns = [
        MatrixColumn(kind, str(label), getattr(tracking, MILESTONE_DUE[kind]))
        for kind, label in Milestone.Kind.choices
    ]
    rows: list[MatrixRow] = []
    for entry in expected:
        profile = entry.unit.profile_on(on) or entry.unit.last_profile()
        kind = profile.kind if profile else None
        if kind_code and (kind is None or kind.code != kind_code):
            continue
        by_kind = {m.kind: m for m in entry.milestones.all()}
        cells = []
        for column in columns:
            milestone = by_kind.get(column.kind)
            due = column.due
            late = due is not None and (
                (milestone is not None and milestone.done_on > due)
                or (milestone is None and due < as_of)
            )
            if milestone is not None:
                column.done += 1
                if milestone.attended is not None and milestone.expected:
                    column.attended += milestone.attended
                    column.expected += milestone.expected
            column.late += late
            cells.append(MatrixCell(milestone, due, late, column.kind))
        name = profile.name if profile else entry.unit.code
        rows.append(MatrixRow(entry, name, kind.code if kind else "", cells))
    rows.sort(key=lambda row: collation_key(row.name))
    for column in columns:
        column.total = len(rows)
    return TrackingMatrix(tracking, as_of, columns, rows)
