"""Activities as evidence of work items: which work items a person may link an activity to,
and adding the activity to their timelines through the plans services."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from tuyengiao.activities.models import Activity
from tuyengiao.core.actors import Actor
from tuyengiao.orgs.access import AnyUser
from tuyengiao.orgs.selectors import ancestors
from tuyengiao.plans.models import Assignment, WorkItem
from tuyengiao.plans.selectors import reach_of
from tuyengiao.plans.services import work_item_evidence_add


def work_items_linkable(user: AnyUser) -> QuerySet[WorkItem]:
    """Work items whose owner or an assignee is within the person's reach (the system and
    administrators: all of them)."""
    items = WorkItem.objects.select_related("plan").order_by(
        "-plan__starts_on", "plan_id", "position"
    )
    reach = reach_of(user)
    if reach is None:
        return items
    involved = Q(owner_id__in=reach) | Q(assignments__unit_id__in=reach)
    return items.filter(pk__in=WorkItem.objects.filter(involved).values("pk"))


def work_items_check(actor: Actor, work_items: Iterable[WorkItem]) -> list[WorkItem]:
    """``work_items`` if the actor may link activities to every one of them."""
    items = list(work_items)
    if not items:
        return items
    allowed = set(
        work_items_linkable(actor)
        .filter(pk__in=[item.pk for item in items])
        .values_list("pk", flat=True)
    )
    if any(item.pk not in allowed for item in items):
        raise ValidationError(
            {"work_items": _("A work item does not exist or you may not see it.")}
        )
    return items


def _target(activity: Activity, item: WorkItem) -> WorkItem | Assignment:
    """The share of the work item that the activity's unit, or the nearest unit above it,
    carries out; the work item itself when none of them has one."""
    line = [activity.unit.pk] + [
        unit.pk for unit in reversed(ancestors(activity.unit, activity.start_date))
    ]
    shares = {share.unit_id: share for share in item.assignments.filter(unit_id__in=line)}
    return next((shares[unit_id] for unit_id in line if unit_id in shares), item)


def evidence_add(*, activity: Activity, work_items: Iterable[WorkItem], actor: Actor) -> None:
    """Add ``activity`` to the timeline of each work item, dated the activity's last day."""
    for item in work_items:
        try:
            work_item_evidence_add(
                actor=actor,
                target=_target(activity, item),
                record=activity,
                note=activity.title,
                on=activity.last_date,
            )
        except PermissionDenied:
            raise ValidationError(
                {"work_items": _("You may not update the work item “%(item)s”.") % {"item": item}}
            ) from None
