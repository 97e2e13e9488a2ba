"""Writes to plans: create plans and work items, assign units, change statuses, comment,
attach evidence, and record how units implement a directive.

Every write checks that the actor may enter data for the unit concerned (the plan's owner,
or the assigned unit for its own share), keeps the dated status history in step with the
current status, and leaves one audit entry. ``actor=None`` is the system (imports run as
the person who uploads; demo data as the system).

For other apps: :func:`work_item_evidence_add` links any record (a document, an activity) to
a work item or an assignment as evidence and adds it to the timeline.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from tuyengiao.core.audit import audit
from tuyengiao.documents.models import Document
from tuyengiao.orgs.access import can
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
from tuyengiao.plans.selectors import default_status

User = AbstractBaseUser | None  # None: the system (imports, demo data)


def require_editor(actor: User, unit: Unit) -> None:
    """Refuse unless ``actor`` may enter data for ``unit``."""
    if actor is not None and not can(actor, "can_edit_data", unit):
        raise PermissionDenied("Bạn không có quyền cập nhật kế hoạch của đơn vị này.")


def _require_share_editor(actor: User, assignment: Assignment) -> None:
    """The assigned unit updates its own share; the plan's owner may update any share."""
    if actor is None or can(actor, "can_edit_data", assignment.unit):
        return
    require_editor(actor, assignment.work_item.plan.owner)


def _effective(on: date | None) -> date:
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise ValidationError({"effective_on": "Ngày cập nhật không được sau ngày hôm nay."})
    return on


def _not_before_start(item: WorkItem, assignment: Assignment | None, on: date) -> None:
    """A status cannot change before the item (or the unit's share) was set."""
    first = (
        WorkUpdate.objects.filter(
            work_item=item, assignment=assignment, kind=WorkUpdate.Kind.STATUS
        )
        .order_by("effective_on")
        .values_list("effective_on", flat=True)
        .first()
    )
    if first is not None and on < first:
        raise ValidationError(
            {"effective_on": f"Ngày cập nhật không được trước ngày giao việc ({first:%d/%m/%Y})."}
        )


def _record_status(
    item: WorkItem,
    assignment: Assignment | None,
    status: WorkStatus,
    on: date,
    actor: User,
    note: str,
) -> WorkUpdate:
    return WorkUpdate.objects.create(
        work_item=item,
        assignment=assignment,
        kind=WorkUpdate.Kind.STATUS,
        effective_on=on,
        status=status,
        note=note,
        author=actor if actor is not None and actor.is_authenticated else None,
    )


@transaction.atomic
def plan_create(
    *,
    code: str,
    title: str,
    kind: str,
    owner: Unit,
    starts_on: date,
    ends_on: date,
    actor: User,
    document: Document | None = None,
    year: int | None = None,
) -> Plan:
    require_editor(actor, owner)
    code = code.strip()
    if Plan.objects.filter(code=code).exists():
        raise ValidationError({"code": f"Mã kế hoạch “{code}” đã được dùng."})
    plan = Plan(
        code=code,
        title=title.strip(),
        kind=kind,
        owner=owner,
        starts_on=starts_on,
        ends_on=ends_on,
        document=document,
        year=year,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    plan.full_clean()
    plan.save()
    audit(instance=plan, action="wagtail.create", actor=actor, data={"code": plan.code})
    return plan


@transaction.atomic
def work_item_add(
    *,
    plan: Plan,
    title: str,
    owner: Unit,
    actor: User,
    parent: WorkItem | None = None,
    number: str = "",
    weight: Decimal = Decimal(1),
    due_on: date | None = None,
    recurrence: str = "",
    due_day: int | None = None,
    assignees: Iterable[Unit] = (),
    on: date | None = None,
) -> WorkItem:
    """Add a work item (or group) to ``plan``, with one assignment per assignee unit.

    ``on`` is the day the item was set (its first status, "not started", dates from then).
    """
    require_editor(actor, plan.owner)
    if parent is not None and parent.plan_id != plan.pk:
        raise ValidationError({"parent": "Đầu việc cha không thuộc kế hoạch này."})
    on = on or plan.starts_on
    siblings = WorkItem.objects.filter(plan=plan, parent=parent).count()
    item = WorkItem(
        plan=plan,
        parent=parent,
        number=number,
        position=_next_position(plan),
        title=title.strip(),
        owner=owner,
        weight=weight,
        due_on=due_on,
        recurrence=recurrence,
        due_day=due_day,
        status=default_status(),
    )
    if recurrence and due_on is None:
        item.due_on = plan.ends_on
    item.number = number or str(siblings + 1)
    item.full_clean()
    item.save()
    _record_status(item, None, item.status, on, actor, "")
    for unit in assignees:
        _assign(item, unit, actor, on=on)
    audit(
        instance=item,
        action="wagtail.create",
        actor=actor,
        data={"plan": plan.code, "title": item.title[:200]},
    )
    return item


def _next_position(plan: Plan) -> int:
    last = WorkItem.objects.filter(plan=plan).order_by("-position").first()
    return last.position + 1 if last else 1


def _assign(
    item: WorkItem,
    unit: Unit,
    actor: User,
    *,
    on: date,
    due_on: date | None = None,
    weight: Decimal = Decimal(1),
) -> Assignment:
    if item.assignments.filter(unit=unit).exists():
        raise ValidationError({"unit": f"Đầu việc đã giao cho đơn vị {unit.code}."})
    assignment = Assignment(
        work_item=item, unit=unit, weight=weight, due_on=due_on, status=default_status()
    )
    assignment.full_clean()
    assignment.save()
    _record_status(item, assignment, assignment.status, on, actor, "")
    return assignment


@transaction.atomic
def work_item_assign(
    *,
    item: WorkItem,
    unit: Unit,
    actor: User,
    due_on: date | None = None,
    weight: Decimal = Decimal(1),
    on: date | None = None,
) -> Assignment:
    """Give ``unit`` its own share of ``item``, with its own status (not started)."""
    require_editor(actor, item.plan.owner)
    assignment = _assign(item, unit, actor, on=_effective(on), due_on=due_on, weight=weight)
    audit(
        instance=item,
        action="tuyengiao.plans.assign",
        actor=actor,
        data={"unit": unit.code, "assignment": assignment.pk},
    )
    return assignment


@transaction.atomic
def assignment_status_set(
    *,
    assignment: Assignment,
    status: WorkStatus,
    actor: User,
    on: date | None = None,
    note: str = "",
) -> Assignment:
    """Change one unit's status on its share, effective ``on`` (default today)."""
    _require_share_editor(actor, assignment)
    on = _effective(on)
    _not_before_start(assignment.work_item, assignment, on)
    before = assignment.status
    _record_status(assignment.work_item, assignment, status, on, actor, note)
    _set_current(assignment, assignment.work_item_id, status)
    audit(
        instance=assignment.work_item,
        action="tuyengiao.plans.status",
        actor=actor,
        data={
            "unit": assignment.unit.code,
            "from": before.code,
            "to": status.code,
            "effective_on": on.isoformat(),
        },
    )
    return assignment


@transaction.atomic
def work_item_status_set(
    *, item: WorkItem, status: WorkStatus, actor: User, on: date | None = None, note: str = ""
) -> WorkItem:
    """Change the status of an item its owner carries out itself (one without assignments)."""
    require_editor(actor, item.owner)
    if item.assignments.exists():
        raise ValidationError(
            {"status": "Đầu việc đã giao cho đơn vị: cập nhật trạng thái của từng đơn vị."}
        )
    if item.children.exists():
        raise ValidationError({"status": "Nhóm đầu việc lấy tiến độ từ các đầu việc con."})
    on = _effective(on)
    _not_before_start(item, None, on)
    before = item.status
    _record_status(item, None, status, on, actor, note)
    _set_current(item, item.pk, status)
    audit(
        instance=item,
        action="tuyengiao.plans.status",
        actor=actor,
        data={"from": before.code, "to": status.code, "effective_on": on.isoformat()},
    )
    return item


def _set_current(record: WorkItem | Assignment, item_id: int, status: WorkStatus) -> None:
    """Keep ``status`` and ``done_on`` equal to the latest entry of the history (a change
    entered late, with an earlier date, must not overwrite a later one)."""
    assignment_id = record.pk if isinstance(record, Assignment) else None
    latest = (
        WorkUpdate.objects.filter(
            work_item_id=item_id, assignment_id=assignment_id, kind=WorkUpdate.Kind.STATUS
        )
        .select_related("status")
        .order_by("-effective_on", "-pk")
        .first()
    )
    current = latest.status if latest else status
    record.status = current
    record.done_on = latest.effective_on if latest and current.is_done else None
    record.save(update_fields=["status", "done_on", "updated_at"])


def _target(target: WorkItem | Assignment) -> tuple[WorkItem, Assignment | None]:
    if isinstance(target, Assignment):
        return target.work_item, target
    return target, None


def _require_target_editor(actor: User, target: WorkItem | Assignment) -> None:
    if isinstance(target, Assignment):
        _require_share_editor(actor, target)
    elif actor is not None and not (
        can(actor, "can_edit_data", target.owner) or can(actor, "can_edit_data", target.plan.owner)
    ):
        raise PermissionDenied("Bạn không có quyền cập nhật đầu việc này.")


@transaction.atomic
def work_item_comment(*, target: WorkItem | Assignment, note: str, actor: User) -> WorkUpdate:
    """Add a comment to the timeline of a work item or of one unit's share."""
    _require_target_editor(actor, target)
    if not note.strip():
        raise ValidationError({"note": "Hãy nhập nội dung ý kiến."})
    item, assignment = _target(target)
    update = WorkUpdate.objects.create(
        work_item=item,
        assignment=assignment,
        kind=WorkUpdate.Kind.COMMENT,
        effective_on=timezone.localdate(),
        note=note.strip(),
        author=actor if actor is not None and actor.is_authenticated else None,
    )
    audit(instance=item, action="tuyengiao.plans.comment", actor=actor, data={"update": update.pk})
    return update


@transaction.atomic
def work_item_evidence_add(
    *,
    actor: User,
    target: WorkItem | Assignment,
    record: Model,
    note: str = "",
    on: date | None = None,
) -> WorkUpdate:
    """Link ``record`` (a ``Document``, an activity, any saved model instance) to a work item
    or to one unit's assignment as evidence, and show it on the item's timeline.

    Called by the activities app when an activity is logged as evidence of a work item
    (``work_item_evidence_add(actor=user, target=assignment, record=activity)``). ``on`` is the
    date of the evidence (default today). Linking the same record twice to the same target
    returns the existing entry. The actor must be able to update the target (its assigned
    unit or the plan's owner); ``None`` is the system.
    """
    _require_target_editor(actor, target)
    if record.pk is None:
        raise ValidationError({"record": "Bằng chứng phải là bản ghi đã lưu."})
    item, assignment = _target(target)
    content_type = ContentType.objects.get_for_model(record)
    existing = WorkUpdate.objects.filter(
        work_item=item,
        assignment=assignment,
        kind=WorkUpdate.Kind.EVIDENCE,
        evidence_type=content_type,
        evidence_id=record.pk,
    ).first()
    if existing is not None:
        return existing
    update = WorkUpdate.objects.create(
        work_item=item,
        assignment=assignment,
        kind=WorkUpdate.Kind.EVIDENCE,
        effective_on=on or timezone.localdate(),
        note=note.strip(),
        evidence_type=content_type,
        evidence_id=record.pk,
        author=actor if actor is not None and actor.is_authenticated else None,
    )
    audit(
        instance=item,
        action="tuyengiao.plans.evidence",
        actor=actor,
        data={"evidence": f"{content_type.app_label}.{content_type.model}:{record.pk}"},
    )
    return update


# --- Directive tracking --------------------------------------------------------------------


@transaction.atomic
def tracking_create(
    *,
    directive: Document,
    owner: Unit,
    title: str,
    expected_as_of: date,
    actor: User,
    plan: Plan | None = None,
    plan_due: date | None = None,
    conference_due: date | None = None,
    interim_review_due: date | None = None,
    final_review_due: date | None = None,
) -> DirectiveTracking:
    require_editor(actor, owner)
    tracking = DirectiveTracking.objects.create(
        directive=directive,
        owner=owner,
        title=title.strip(),
        expected_as_of=expected_as_of,
        plan=plan,
        plan_due=plan_due,
        conference_due=conference_due,
        interim_review_due=interim_review_due,
        final_review_due=final_review_due,
    )
    audit(instance=tracking, action="wagtail.create", actor=actor, data={"title": tracking.title})
    return tracking


@transaction.atomic
def tracking_units_expect(
    *, tracking: DirectiveTracking, root: Unit, kind_codes: Iterable[str], actor: User
) -> list[ExpectedUnit]:
    """Expect every unit of the given kinds below ``root`` in the tree of the tracking's date
    (e.g. every ward under the district on 10/06/2024). Units already expected are kept."""
    require_editor(actor, tracking.owner)
    on = tracking.expected_as_of
    below = descendants(root, on)
    kinds = UnitProfile.objects.in_force_on(on).filter(kind__code__in=list(kind_codes))
    units = below.filter(pk__in=kinds.values("unit_id"))
    added = [
        ExpectedUnit.objects.get_or_create(tracking=tracking, unit=unit)[0]
        for unit in units.order_by("code")
    ]
    audit(
        instance=tracking,
        action="tuyengiao.plans.expect",
        actor=actor,
        data={"root": root.code, "units": len(added)},
    )
    return added


@transaction.atomic
def milestone_record(
    *,
    expected_unit: ExpectedUnit,
    kind: str,
    done_on: date,
    actor: User,
    document: Document | None = None,
    attended: int | None = None,
    expected: int | None = None,
    note: str = "",
) -> Milestone:
    """Record (or correct) that a unit reached a milestone; one record per milestone."""
    if actor is not None and not can(actor, "can_edit_data", expected_unit.unit):
        require_editor(actor, expected_unit.tracking.owner)
    if kind not in Milestone.Kind.values:
        raise ValidationError({"kind": "Mốc triển khai không hợp lệ."})
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": "Ngày thực hiện không được sau ngày hôm nay."})
    if attended is not None and expected is not None and attended > expected:
        raise ValidationError({"attended": "Số người dự không được lớn hơn số người phải dự."})
    milestone, _ = Milestone.objects.update_or_create(
        expected_unit=expected_unit,
        kind=kind,
        defaults={
            "done_on": done_on,
            "document": document,
            "attended": attended,
            "expected": expected,
            "note": note.strip(),
            "recorded_by": actor if actor is not None and actor.is_authenticated else None,
        },
    )
    audit(
        instance=expected_unit.tracking,
        action="tuyengiao.plans.milestone",
        actor=actor,
        data={"unit": expected_unit.unit.code, "kind": kind, "done_on": done_on.isoformat()},
    )
    return milestone
