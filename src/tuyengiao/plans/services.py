"""Writes to plans: create plans and work items, assign units, change statuses, comment,
attach evidence, and record how units implement a directive.

Every write checks that the actor may enter data for the unit concerned (the plan's owner,
or the assigned unit for its own share), keeps the dated status history in step with the
current status, and leaves one audit entry. The actor is a person or the explicit
``SYSTEM`` (imports run as the person who uploads; demo data as the system); no check is
skipped for either.

For other apps: :func:`work_item_evidence_add` links any record (a document, an activity) to
a work item or an assignment as evidence and adds it to the timeline.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tuyengiao.core.actors import Actor, person_of
from tuyengiao.core.audit import audit
from tuyengiao.core.formatting import format_date, format_number
from tuyengiao.documents.models import Document
from tuyengiao.documents.selectors import documents_visible_to
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
from tuyengiao.plans.selectors import default_status, item_subtree_ids


def require_editor(actor: Actor, unit: Unit) -> None:
    """Refuse unless ``actor`` may enter data for ``unit``."""
    if not can(actor, "can_edit_data", unit):
        raise PermissionDenied(_("You may not update the plans of this unit."))


def _require_reach(actor: Actor, units: Iterable[Unit], field: str) -> None:
    """Refuse units outside the actor's reach (as owners or assignees of work)."""
    outside = [unit.code for unit in units if not can(actor, "can_edit_data", unit)]
    if outside:
        raise PermissionDenied(
            _("Units %(units)s are outside your reach (field “%(field)s”).")
            % {"units": ", ".join(outside), "field": field}
        )


def _require_visible(actor: Actor, document: Document | None, field: str) -> None:
    """Refuse a document the actor cannot see in the registry."""
    if document is None:
        return
    if not documents_visible_to(actor).filter(pk=document.pk).exists():
        raise ValidationError({field: _("This document is not in the document register.")})


def _require_share_editor(actor: Actor, assignment: Assignment) -> None:
    """The assigned unit updates its own share; the plan's owner may update any share."""
    if can(actor, "can_edit_data", assignment.unit):
        return
    require_editor(actor, assignment.work_item.plan.owner)


def _effective(on: date | None) -> date:
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise ValidationError({"effective_on": _("The date of an update cannot be after today.")})
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
            {
                "effective_on": _(
                    "The date of an update cannot be before the day the work was set (%(date)s)."
                )
                % {"date": format_date(first)}
            }
        )


def _record_status(
    item: WorkItem,
    assignment: Assignment | None,
    status: WorkStatus,
    on: date,
    actor: Actor,
    note: str,
) -> WorkUpdate:
    return WorkUpdate.objects.create(
        work_item=item,
        assignment=assignment,
        kind=WorkUpdate.Kind.STATUS,
        effective_on=on,
        status=status,
        note=note,
        author=person_of(actor),
    )


def _plan_save(
    plan: Plan,
    actor: Actor,
    *,
    code: str,
    title: str,
    kind: str,
    owner: Unit,
    starts_on: date,
    ends_on: date,
    document: Document | None = None,
    year: int | None = None,
) -> Plan:
    """Check and save ``plan`` with these fields (a new plan or a change)."""
    require_editor(actor, owner)
    _require_visible(actor, document, "document")
    code = code.strip()
    if Plan.objects.filter(code=code).exclude(pk=plan.pk).exists():
        raise ValidationError(
            {"code": _("The plan code “%(code)s” is already in use.") % {"code": code}}
        )
    plan.code, plan.title, plan.kind, plan.owner = code, title.strip(), kind, owner
    plan.starts_on, plan.ends_on, plan.document, plan.year = starts_on, ends_on, document, year
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def plan_create(*, actor: Actor, **fields: Any) -> Plan:
    """Create a plan (fields: code, title, kind, owner, starts_on, ends_on, and optionally
    document and year) owned by a unit the actor enters data for."""
    plan = _plan_save(Plan(created_by=person_of(actor)), actor, **fields)
    audit(instance=plan, action="wagtail.create", actor=actor, data={"code": plan.code})
    return plan


@transaction.atomic
def plan_update(*, plan: Plan, actor: Actor, **fields: Any) -> Plan:
    """Change a plan's code, title, owner, document or period (the fields of
    :func:`plan_create`). Whoever edits it must reach both its owner and the new owner."""
    require_editor(actor, plan.owner)
    before = {"code": plan.code, "owner": plan.owner.code}
    _plan_save(plan, actor, **fields)
    audit(
        instance=plan,
        action="wagtail.edit",
        actor=actor,
        data={"before": before, "code": plan.code, "owner": plan.owner.code},
    )
    return plan


@transaction.atomic
def work_item_add(
    *,
    plan: Plan,
    title: str,
    owner: Unit,
    actor: Actor,
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
    assignees = list(assignees)
    _require_reach(actor, [owner], "owner")
    _require_reach(actor, assignees, "assignees")
    if parent is not None and parent.plan_id != plan.pk:
        raise ValidationError({"parent": _("The parent work item is not part of this plan.")})
    _require_nestable(parent)
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


def _require_nestable(parent: WorkItem | None) -> None:
    """An item given to units is a leaf: its progress comes from their shares."""
    if parent is not None and parent.assignments.exists():
        raise ValidationError(
            {"parent": _("The parent work item is assigned to units: it cannot have sub-items.")}
        )


def _next_position(plan: Plan) -> int:
    last = WorkItem.objects.filter(plan=plan).order_by("-position").first()
    return last.position + 1 if last else 1


def _assign(
    item: WorkItem,
    unit: Unit,
    actor: Actor,
    *,
    on: date,
    due_on: date | None = None,
    weight: Decimal = Decimal(1),
) -> Assignment:
    if item.assignments.filter(unit=unit).exists():
        raise ValidationError(
            {"unit": _("The work item is already assigned to unit %(unit)s.") % {"unit": unit.code}}
        )
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
    actor: Actor,
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
def work_item_update(
    *,
    item: WorkItem,
    actor: Actor,
    title: str,
    owner: Unit,
    number: str = "",
    weight: Decimal = Decimal(1),
    due_on: date | None = None,
    recurrence: str = "",
    due_day: int | None = None,
) -> WorkItem:
    """Change a work item's title, number, owner unit, weight and deadline or recurrence."""
    require_editor(actor, item.plan.owner)
    if owner.pk != item.owner_id:
        _require_reach(actor, [owner], "owner")
    item.title, item.owner, item.weight = title.strip(), owner, weight
    item.number = number.strip() or item.number
    item.due_on, item.recurrence, item.due_day = due_on, recurrence, due_day
    if recurrence and due_on is None:
        item.due_on = item.plan.ends_on
    item.full_clean()
    item.save()
    audit(instance=item, action="wagtail.edit", actor=actor, data={"title": item.title[:200]})
    return item


@transaction.atomic
def work_item_move(*, item: WorkItem, parent: WorkItem | None, actor: Actor) -> WorkItem:
    """Put ``item`` (with its sub-items) under ``parent`` (None: the top), after the items
    already there; its number becomes its place among them."""
    require_editor(actor, item.plan.owner)
    if parent is not None and parent.plan_id != item.plan_id:
        raise ValidationError({"parent": _("The parent work item is not part of this plan.")})
    if parent is not None and parent.pk in item_subtree_ids(item):
        raise ValidationError(
            {"parent": _("A work item cannot be moved into itself or one of its sub-items.")}
        )
    _require_nestable(parent)
    siblings = WorkItem.objects.filter(plan_id=item.plan_id, parent=parent).exclude(pk=item.pk)
    before = item.parent_id
    item.parent = parent
    item.position = _next_position(item.plan)
    item.number = str(siblings.count() + 1)
    item.save(update_fields=["parent", "position", "number", "updated_at"])
    audit(
        instance=item,
        action="tuyengiao.plans.move",
        actor=actor,
        data={"from": before, "to": parent.pk if parent else None},
    )
    return item


def _started(updates: QuerySet[WorkUpdate]) -> bool:
    """Whether work was recorded: a status other than the initial one, a comment, evidence."""
    initial = default_status()
    return updates.exclude(kind=WorkUpdate.Kind.STATUS, status=initial).exists()


@transaction.atomic
def work_item_delete(*, item: WorkItem, actor: Actor) -> None:
    """Delete a work item with its sub-items, if no work was recorded on any of them;
    otherwise the item must be cancelled through its status, which keeps its history."""
    require_editor(actor, item.plan.owner)
    ids = item_subtree_ids(item)
    if _started(WorkUpdate.objects.filter(work_item_id__in=ids)):
        raise ValidationError(
            {
                "__all__": _(
                    "The work item has updates (status, comments or evidence) and cannot be "
                    "deleted; set its status to “Not carried out” instead."
                )
            }
        )
    audit(
        instance=item.plan,
        action="tuyengiao.plans.delete_item",
        actor=actor,
        data={"item": item.pk, "title": item.title[:200], "items": len(ids)},
    )
    WorkItem.objects.filter(pk__in=ids).delete()


@transaction.atomic
def work_item_assignees_set(
    *, item: WorkItem, units: Iterable[Unit], actor: Actor, on: date | None = None
) -> WorkItem:
    """Make ``units`` the item's assignee units: new units get an assignment (not started,
    from ``on``, default today); a unit left out loses its assignment if it has not started
    it. A started assignment is refused here: it is cancelled through its status instead,
    so that its history stays."""
    require_editor(actor, item.plan.owner)
    wanted = {unit.pk: unit for unit in units}
    current = {a.unit_id: a for a in item.assignments.select_related("unit")}
    added = [unit for pk, unit in wanted.items() if pk not in current]
    removed = [a for pk, a in current.items() if pk not in wanted]
    if not added and not removed:
        return item
    _require_reach(actor, added, "assignees")
    if added and item.children.exists():
        raise ValidationError(
            {
                "assignees": _(
                    "A group of work items is not assigned directly: assign its sub-items."
                )
            }
        )
    started = [a.unit.code for a in removed if _started(a.updates.all())]
    if started:
        raise ValidationError(
            {
                "assignees": _(
                    "Units %(units)s have started the work and cannot be unassigned; set their "
                    "status to “Not carried out” instead."
                )
                % {"units": ", ".join(started)}
            }
        )
    for assignment in removed:
        assignment.delete()
    on = _effective(on)
    for unit in added:
        _assign(item, unit, actor, on=on)
    audit(
        instance=item,
        action="tuyengiao.plans.assign",
        actor=actor,
        data={
            "added": [unit.code for unit in added],
            "removed": [a.unit.code for a in removed],
        },
    )
    return item


@transaction.atomic
def assignment_status_set(
    *,
    assignment: Assignment,
    status: WorkStatus,
    actor: Actor,
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
    *, item: WorkItem, status: WorkStatus, actor: Actor, on: date | None = None, note: str = ""
) -> WorkItem:
    """Change the status of an item its owner carries out itself (one without assignments)."""
    require_editor(actor, item.owner)
    if item.assignments.exists():
        raise ValidationError(
            {"status": _("The work item is assigned to units: update each unit's status.")}
        )
    if item.children.exists():
        raise ValidationError(
            {"status": _("A group of work items takes its progress from its sub-items.")}
        )
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
    assignment = record if isinstance(record, Assignment) else None
    latest = (
        WorkUpdate.objects.filter(
            work_item_id=item_id, assignment=assignment, kind=WorkUpdate.Kind.STATUS
        )
        .select_related("status")
        .order_by("-effective_on", "-pk")
        .first()
    )
    # Status entries always carry a status; comments and evidence (without one) are not read.
    current = latest.status if latest is not None and latest.status is not None else status
    record.status = current
    record.done_on = latest.effective_on if latest and current.is_done else None
    record.save(update_fields=["status", "done_on", "updated_at"])


def _target(target: WorkItem | Assignment) -> tuple[WorkItem, Assignment | None]:
    if isinstance(target, Assignment):
        return target.work_item, target
    return target, None


def _require_target_editor(actor: Actor, target: WorkItem | Assignment) -> None:
    if isinstance(target, Assignment):
        _require_share_editor(actor, target)
    elif not (
        can(actor, "can_edit_data", target.owner) or can(actor, "can_edit_data", target.plan.owner)
    ):
        raise PermissionDenied(_("You may not update this work item."))


@transaction.atomic
def work_item_comment(*, target: WorkItem | Assignment, note: str, actor: Actor) -> WorkUpdate:
    """Add a comment to the timeline of a work item or of one unit's share."""
    _require_target_editor(actor, target)
    if not note.strip():
        raise ValidationError({"note": _("Please write the comment.")})
    item, assignment = _target(target)
    update = WorkUpdate.objects.create(
        work_item=item,
        assignment=assignment,
        kind=WorkUpdate.Kind.COMMENT,
        effective_on=timezone.localdate(),
        note=note.strip(),
        author=person_of(actor),
    )
    audit(instance=item, action="tuyengiao.plans.comment", actor=actor, data={"update": update.pk})
    return update


@transaction.atomic
def work_item_evidence_add(
    *,
    actor: Actor,
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
    unit or the plan's owner), or be the system.
    """
    _require_target_editor(actor, target)
    if record.pk is None:
        raise ValidationError({"record": _("Evidence must be a saved record.")})
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
        author=person_of(actor),
    )
    audit(
        instance=item,
        action="tuyengiao.plans.evidence",
        actor=actor,
        data={"evidence": f"{content_type.app_label}.{content_type.model}:{record.pk}"},
    )
    return update


@transaction.atomic
def work_item_evidence_withdraw(*, actor: Actor, record: Model) -> int:
    """Take ``record`` off every timeline it was evidence on, because it is being deleted
    (the activities app calls this when an activity leaves the log). The actor's right to
    delete the record is checked by its own app; each work item gets an audit entry.
    Returns how many entries were removed."""
    content_type = ContentType.objects.get_for_model(record)
    updates = WorkUpdate.objects.filter(
        kind=WorkUpdate.Kind.EVIDENCE, evidence_type=content_type, evidence_id=record.pk
    ).select_related("work_item")
    removed = list(updates)
    for update in removed:
        audit(
            instance=update.work_item,
            action="tuyengiao.plans.evidence_withdraw",
            actor=actor,
            data={"evidence": f"{content_type.app_label}.{content_type.model}:{record.pk}"},
        )
    updates.delete()
    return len(removed)


# --- Directive tracking --------------------------------------------------------------------


@transaction.atomic
def tracking_create(
    *,
    directive: Document,
    owner: Unit,
    title: str,
    expected_as_of: date,
    actor: Actor,
    plan: Plan | None = None,
    plan_due: date | None = None,
    conference_due: date | None = None,
    interim_review_due: date | None = None,
    final_review_due: date | None = None,
) -> DirectiveTracking:
    require_editor(actor, owner)
    _require_visible(actor, directive, "directive")
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
    *, tracking: DirectiveTracking, root: Unit, kind_codes: Iterable[str], actor: Actor
) -> list[ExpectedUnit]:
    """Expect every unit of the given kinds below ``root`` in the tree of the tracking's date
    (e.g. every ward under the district on 10/06/2024). Units already expected are kept."""
    require_editor(actor, tracking.owner)
    _require_reach(actor, [root], "root")
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
    actor: Actor,
    document: Document | None = None,
    attended: int | None = None,
    expected: int | None = None,
    note: str = "",
) -> Milestone:
    """Record (or correct) that a unit reached a milestone; one record per milestone."""
    if not can(actor, "can_edit_data", expected_unit.unit):
        require_editor(actor, expected_unit.tracking.owner)
    _require_visible(actor, document, "document")
    if kind not in Milestone.Kind.values:
        raise ValidationError({"kind": _("Unknown milestone.")})
    if done_on > timezone.localdate():
        raise ValidationError(
            {"done_on": _("The day a milestone was reached cannot be after today.")}
        )
    for name, count in (("attended", attended), ("expected", expected)):
        # A count past FIGURE_MAX_VALUE (settings) would overflow the column or a sum.
        if count is not None and not 0 <= count <= settings.FIGURE_MAX_VALUE:
            raise ValidationError(
                {
                    name: _("A number of people must be between 0 and %(max)s.")
                    % {"max": format_number(settings.FIGURE_MAX_VALUE)}
                }
            )
    if attended is not None and expected is not None and attended > expected:
        raise ValidationError(
            {"attended": _("The number who attended cannot exceed the number expected to.")}
        )
    milestone, _created = Milestone.objects.update_or_create(
        expected_unit=expected_unit,
        kind=kind,
        defaults={
            "done_on": done_on,
            "document": document,
            "attended": attended,
            "expected": expected,
            "note": note.strip(),
            "recorded_by": person_of(actor),
        },
    )
    audit(
        instance=expected_unit.tracking,
        action="tuyengiao.plans.milestone",
        actor=actor,
        data={"unit": expected_unit.unit.code, "kind": kind, "done_on": done_on.isoformat()},
    )
    return milestone
