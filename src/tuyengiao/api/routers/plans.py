"""Plans over the API: plans with their figures, a plan's tree, assignments and their status,
comments, and the directive tracking matrix; creating plans, work items and milestones.

Everything goes through the plans' selectors and services, so the API sees and changes what
the admin screens do: plans outside the caller's reach are 404 (a ward sees the plans in
which it has a share, and only its shares), writes the caller may not make are 403, and data
the services refuse is 422 with their Vietnamese message per field. Payloads to create
records are read by the same forms as the admin screens, so a bad value gets the same
Vietnamese message, under the field's name; units and documents are named by their codes
and numbers.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from tuyengiao.api.types import Day, RecordId
from tuyengiao.core.actors import actor_of
from tuyengiao.orgs.models import Unit
from tuyengiao.plans.forms import MilestoneForm, PlanForm, WorkItemForm
from tuyengiao.plans.models import Assignment, WorkStatus
from tuyengiao.plans.progress import rounded
from tuyengiao.plans.selectors import (
    ItemRow,
    PlanState,
    assignment_for_user,
    assignments_visible_to,
    expected_units_for,
    plan_for_user,
    plan_summary,
    plan_tree,
    plans_visible_to,
    summarize,
    tracking_for_user,
    tracking_matrix,
)
from tuyengiao.plans.services import (
    assignment_status_set,
    milestone_record,
    plan_create,
    require_editor,
    work_item_add,
    work_item_comment,
)

router = Router(tags=["plans"])


# --- Schemas -----------------------------------------------------------------------------------


class SummaryOut(Schema):
    as_of: date
    done: int = Field(description="Work items done (the 84 of “84/87”).")
    total: int = Field(description="Work items counted (the 87 of “84/87”).")
    overdue: int
    on_time: int
    on_time_rate: float | None = Field(description="On time / done, in percent.")


class PlanOut(Schema):
    id: int
    code: str
    title: str
    kind: str
    owner: str = Field(description="Code of the owner unit.")
    document: str | None = Field(description="Number and symbol of the plan document.")
    starts_on: date
    ends_on: date
    progress: float | None
    summary: SummaryOut


class ShareOut(Schema):
    assignment: int | None = Field(description="Assignment id; null for the owner's own item.")
    unit: str
    status: str
    percent: int
    deadline: date | None
    done_on: date | None


class ItemOut(Schema):
    id: int
    number: str
    title: str
    owner: str
    due_on: date | None
    recurrence: str
    weight: float
    progress: float | None
    done: bool
    overdue: bool
    shares: list[ShareOut]
    children: list["ItemOut"] = []


ItemOut.model_rebuild()


class PlanDetailOut(PlanOut):
    items: list[ItemOut]


class AsOfQuery(Schema):
    as_of: Day | None = Field(None, description="Figures as of this day (default today).")


class SummaryQuery(AsOfQuery):
    unit: str | None = Field(None, description="Only the shares of this unit's subtree.")
    due_from: Day | None = None
    due_to: Day | None = None


class AssignmentOut(Schema):
    id: int
    plan: str
    work_item: int
    title: str
    unit: str
    status: str
    percent: int
    deadline: date | None
    done_on: date | None


class AssignmentPatch(Schema):
    status: str | None = Field(None, examples=["done"], description="A work status code.")
    effective_on: Day | None = Field(None, description="When the status changed; default today.")
    note: str = Field("", description="A note with the status, or a comment on its own.")


class MilestoneOut(Schema):
    kind: str
    done_on: date | None
    late: bool
    document: str | None
    attended: int | None
    expected: int | None


class MatrixRowOut(Schema):
    unit: str
    name: str
    milestones: list[MilestoneOut]


class MatrixColumnOut(Schema):
    kind: str
    label: str
    due: date | None
    done: int
    total: int
    late: int
    attended: int
    expected: int


class MatrixOut(Schema):
    id: int
    title: str
    directive: str
    as_of: date
    columns: list[MatrixColumnOut]
    rows: list[MatrixRowOut]


class MatrixQuery(AsOfQuery):
    kind: str | None = Field(
        None, description="Only units of this kind (level), e.g. commune_committee."
    )


# Fields are loosely typed on purpose: the forms check them and answer in Vietnamese.
Loose = str | int | float | None


class PlanIn(Schema):
    code: str | None = Field(None, examples=["KH-2024-BTG"])
    title: str | None = None
    kind: str | None = Field("implementation", description="implementation or work_programme")
    owner: str | None = Field(None, description="Code of the owner unit, within your reach.")
    document: str | None = Field(None, description="Number and symbol of the plan document.")
    year: Loose = None
    starts_on: str | None = Field(None, examples=["2024-01-01"])
    ends_on: str | None = Field(None, examples=["2024-12-31"])


class ItemIn(Schema):
    plan: Loose = Field(None, description="Id of the plan.")
    parent: RecordId | None = Field(None, description="Id of the parent item; none: top level.")
    number: str | None = None
    title: str | None = None
    owner: str | None = Field(None, description="Code of the owner unit; default the plan's.")
    weight: Loose = 1
    due_on: str | None = Field(None, examples=["2024-06-30"])
    recurrence: str | None = Field("", description="'', monthly or quarterly")
    due_day: Loose = None
    assignees: list[str] = Field([], description="Codes of the assignee units.")


class ItemCreatedOut(Schema):
    id: int
    plan: str
    parent: int | None
    number: str
    title: str
    owner: str
    assignees: list[str]


class MilestoneIn(Schema):
    tracking: Loose = Field(None, description="Id of the directive tracking.")
    unit: str | None = Field(None, description="Code of the expected unit.")
    kind: str | None = Field(None, description="plan, conference, interim or final")
    done_on: str | None = Field(None, examples=["2024-03-15"])
    document: str | None = Field(None, description="Number and symbol of the document.")
    attended: Loose = None
    expected: Loose = None
    note: str | None = ""


class MilestoneRecordedOut(Schema):
    tracking: int
    unit: str
    kind: str
    done_on: date
    document: str | None
    attended: int | None
    expected: int | None


# --- Helpers -----------------------------------------------------------------------------------


def _float(value: Decimal | None) -> float | None:
    rounded_value = rounded(value)
    return None if rounded_value is None else float(rounded_value)


def _summary(state: PlanState) -> dict[str, Any]:
    figures = summarize(state)
    return {**figures.as_dict(), "as_of": state.as_of}


def _plan(plan: Any, state: PlanState) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "code": plan.code,
        "title": plan.title,
        "kind": plan.kind,
        "owner": plan.owner.code,
        "document": plan.document.symbol if plan.document else None,
        "starts_on": plan.starts_on,
        "ends_on": plan.ends_on,
        "progress": _float(state.progress),
        "summary": _summary(state),
    }


def _item(row: ItemRow) -> dict[str, Any]:
    item = row.item
    return {
        "id": item.pk,
        "number": item.number,
        "title": item.title,
        "owner": item.owner.code,
        "due_on": item.due_on,
        "recurrence": item.recurrence,
        "weight": float(item.weight),
        "progress": _float(row.progress),
        "done": row.is_leaf and row.is_done,
        "overdue": row.overdue,
        "shares": [
            {
                "assignment": share.assignment.pk if share.assignment else None,
                "unit": share.assignment.unit.code if share.assignment else item.owner.code,
                "status": share.status.code,
                "percent": share.status.percent,
                "deadline": share.deadline,
                "done_on": share.done_on,
            }
            for share in row.shares
        ],
        "children": [_item(child) for child in row.children],
    }


def _assignment(assignment: Assignment) -> dict[str, Any]:
    return {
        "id": assignment.pk,
        "plan": assignment.work_item.plan.code,
        "work_item": assignment.work_item_id,
        "title": assignment.work_item.title,
        "unit": assignment.unit.code,
        "status": assignment.status.code,
        "percent": assignment.status.percent,
        "deadline": assignment.deadline,
        "done_on": assignment.done_on,
    }


def _form_data(payload: Schema) -> dict[str, Any]:
    """The payload as form data; the record it is about (plan, tracking) is not a field."""
    return {k: v for k, v in payload.dict(exclude={"plan", "tracking"}).items() if v is not None}


def _valid(form: Any) -> dict[str, Any]:
    """The form's cleaned data, or its Vietnamese errors per field as a ValidationError."""
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return dict(form.cleaned_data)


def _record_id(value: Any, field: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError({field: _("Give the record's number (id).")}) from None


def _write(make: Any) -> Status[dict[str, Any]]:
    """Run ``make`` (which creates a record and returns it as data) in one transaction: 201,
    or the refusal (403, 422 with the Vietnamese messages per field) rises to the API's
    error handlers and nothing is kept."""
    with transaction.atomic():
        return Status(201, make())


def _found(getter: Any, *args: Any) -> Any:
    try:
        return getter(*args)
    except Http404 as error:
        raise HttpError(404, str(error)) from None


# --- Endpoints ---------------------------------------------------------------------------------


@router.get("", response=list[PlanOut], summary="Các kế hoạch và số liệu")
def plan_list(request: HttpRequest, query: Query[AsOfQuery]) -> list[dict[str, Any]]:
    """Plans the caller may see, each with its progress and figures as of ``as_of``."""
    as_of = query.as_of or timezone.localdate()
    return [
        _plan(plan, plan_tree(request.user, plan, as_of=as_of))
        for plan in plans_visible_to(request.user)
    ]


@router.get(
    "/assignments",
    response=list[AssignmentOut],
    summary="Phần việc của các đơn vị trong phạm vi",
)
def assignment_list(request: HttpRequest) -> list[dict[str, Any]]:
    """Assignments of the caller's units (and of the plans they own), latest status."""
    return [_assignment(a) for a in assignments_visible_to(request.user)[:1000]]


@router.patch(
    "/assignments/{assignment_id}",
    response=AssignmentOut,
    summary="Cập nhật phần việc của một đơn vị: trạng thái, ý kiến",
)
def assignment_change(
    request: HttpRequest, assignment_id: int, payload: AssignmentPatch
) -> Status[dict[str, Any]]:
    """With ``status``: change the unit's status (``note`` goes with it); without: add
    ``note`` as a comment. Only the assigned unit's people and the plan's owner may."""
    assignment = _found(assignment_for_user, request.user, assignment_id)
    if payload.status is not None:
        status = WorkStatus.objects.filter(code=payload.status).first()
        if status is None:
            raise ValidationError(
                {"status": _("There is no status “%(code)s”.") % {"code": payload.status}}
            )
        assignment_status_set(
            assignment=assignment,
            status=status,
            on=payload.effective_on,
            note=payload.note,
            actor=actor_of(request.user),
        )
    else:
        work_item_comment(target=assignment, note=payload.note, actor=actor_of(request.user))
    return Status(200, _assignment(assignment_for_user(request.user, assignment_id)))


@router.post(
    "",
    response={201: PlanOut},
    summary="Tạo kế hoạch",
)
def plan_add(request: HttpRequest, payload: PlanIn) -> Status[dict[str, Any]]:
    """Create a plan owned by a unit within the caller's reach, optionally linked to its KH
    document in the registry."""

    def create() -> dict[str, Any]:
        form = PlanForm(_form_data(payload), user=request.user)
        plan = plan_create(actor=actor_of(request.user), **_valid(form))
        return _plan(plan, plan_tree(request.user, plan))

    return _write(create)


@router.post(
    "/tracking/milestones",
    response={201: MilestoneRecordedOut},
    summary="Ghi nhận mốc triển khai của một đơn vị",
)
def milestone_add(request: HttpRequest, payload: MilestoneIn) -> Status[dict[str, Any]]:
    """Record (or correct) that an expected unit reached a milestone: the plan issued, the
    study conference held (with attendance), the interim or final review."""

    def record() -> dict[str, Any]:
        tracking_id = _record_id(payload.tracking, "tracking")
        tracking = _found(tracking_for_user, request.user, tracking_id)
        expected = expected_units_for(request.user, tracking)
        form = MilestoneForm(_form_data(payload), user=request.user, expected_units=expected)
        data = _valid(form)
        data.pop("unit")
        milestone = milestone_record(
            expected_unit=form.expected_unit(), actor=actor_of(request.user), **data
        )
        return {
            "tracking": tracking.pk,
            "unit": milestone.expected_unit.unit.code,
            "kind": milestone.kind,
            "done_on": milestone.done_on,
            "document": milestone.document.symbol if milestone.document else None,
            "attended": milestone.attended,
            "expected": milestone.expected,
        }

    return _write(record)


@router.post(
    "/items",
    response={201: ItemCreatedOut},
    summary="Thêm đầu việc vào kế hoạch",
)
def item_add(request: HttpRequest, payload: ItemIn) -> Status[dict[str, Any]]:
    """Add a work item (under ``parent``, or at the top), with one assignment per assignee
    unit. Only people who enter data for the plan's owner may."""

    def add() -> dict[str, Any]:
        plan = _found(plan_for_user, request.user, _record_id(payload.plan, "plan"))
        actor = actor_of(request.user)
        require_editor(actor, plan.owner)
        data = {"owner": plan.owner.code, **_form_data(payload)}
        item = work_item_add(
            plan=plan,
            actor=actor,
            **_valid(WorkItemForm(data, user=request.user, plan=plan)),
        )
        return {
            "id": item.pk,
            "plan": plan.code,
            "parent": item.parent_id,
            "number": item.number,
            "title": item.title,
            "owner": item.owner.code,
            "assignees": list(item.assignments.values_list("unit__code", flat=True)),
        }

    return _write(add)


@router.get(
    "/tracking/{tracking_id}",
    response=MatrixOut,
    summary="Ma trận đơn vị × mốc triển khai một văn bản",
)
def tracking_detail(
    request: HttpRequest, tracking_id: int, query: Query[MatrixQuery]
) -> dict[str, Any]:
    tracking = _found(tracking_for_user, request.user, tracking_id)
    matrix = tracking_matrix(request.user, tracking, as_of=query.as_of, kind_code=query.kind)
    return {
        "id": tracking.pk,
        "title": tracking.title,
        "directive": tracking.directive.symbol,
        "as_of": matrix.as_of,
        "columns": [
            {
                "kind": c.kind,
                "label": c.label,
                "due": c.due,
                "done": c.done,
                "total": c.total,
                "late": c.late,
                "attended": c.attended,
                "expected": c.expected,
            }
            for c in matrix.columns
        ],
        "rows": [
            {
                "unit": row.expected_unit.unit.code,
                "name": row.name,
                "milestones": [
                    {
                        "kind": column.kind,
                        "done_on": cell.milestone.done_on if cell.milestone else None,
                        "late": cell.late,
                        "document": (
                            cell.milestone.document.symbol
                            if cell.milestone and cell.milestone.document
                            else None
                        ),
                        "attended": cell.milestone.attended if cell.milestone else None,
                        "expected": cell.milestone.expected if cell.milestone else None,
                    }
                    for column, cell in zip(matrix.columns, row.cells, strict=True)
                ],
            }
            for row in matrix.rows
        ],
    }


@router.get(
    "/{plan_id}",
    response=PlanDetailOut,
    summary="Một kế hoạch: cây đầu việc, tiến độ, trạng thái",
)
def plan_detail(request: HttpRequest, plan_id: int, query: Query[AsOfQuery]) -> dict[str, Any]:
    """The plan's tree as the caller may see it (all of it, or their units' shares)."""
    plan = _found(plan_for_user, request.user, plan_id)
    state = plan_tree(request.user, plan, as_of=query.as_of)
    return {**_plan(plan, state), "items": [_item(row) for row in state.roots]}


@router.get(
    "/{plan_id}/summary",
    response=SummaryOut,
    summary="Số đầu việc hoàn thành/tổng số, quá hạn, đúng hạn",
)
def plan_figures(
    request: HttpRequest, plan_id: int, query: Query[SummaryQuery]
) -> Status[dict[str, Any]]:
    """Figures of the plan as of ``as_of``, for a unit's subtree and a deadline period."""
    plan = _found(plan_for_user, request.user, plan_id)
    unit = None
    if query.unit:
        unit = Unit.objects.filter(code=query.unit).first()
        if unit is None:
            raise ValidationError(
                {"unit": _("No unit has the code “%(code)s”.") % {"code": query.unit}}
            )
    as_of = query.as_of or timezone.localdate()
    figures = plan_summary(
        request.user,
        plan,
        as_of=as_of,
        unit=unit,
        due_from=query.due_from,
        due_to=query.due_to,
    )
    return Status(200, {**figures.as_dict(), "as_of": as_of})
