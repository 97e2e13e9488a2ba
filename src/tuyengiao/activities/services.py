"""Writes to the activity log: log, change, delete an activity, attach photos and files.

Every write checks that the person may enter data for the activity's unit, validates the
activity and its figures (``catalogue.check_figures``), leaves one audit entry, and adds the
activity as evidence to the timeline of the work items it is linked to.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuyengiao.activities.catalogue import FigureRow, TypeSpec, check_figures, load_catalogue
from tuyengiao.activities.models import Activity, ActivityFigure, ActivityFile, ActivityType
from tuyengiao.activities.selectors import figure_values
from tuyengiao.activities.timeline import evidence_add, work_items_check
from tuyengiao.core.actors import Actor, person_of
from tuyengiao.core.audit import audit
from tuyengiao.core.formatting import format_date
from tuyengiao.core.text import fold, normalize
from tuyengiao.documents.files import read_upload, stored_name
from tuyengiao.documents.models import Document
from tuyengiao.documents.selectors import documents_visible_to
from tuyengiao.documents.uploads import stored_type
from tuyengiao.orgs.access import can
from tuyengiao.orgs.models import Unit
from tuyengiao.plans.models import WorkItem
from tuyengiao.plans.services import work_item_evidence_withdraw

# The Party was founded in 1930: no activity of the system's units is older.
MIN_DATE = date(1930, 1, 1)
MAX_SPAN_DAYS = 366
TITLE_MAX = 500
TEXT_MAX = 255
CHANGEABLE = (
    "activity_type",
    "unit",
    "title",
    "start_date",
    "end_date",
    "place",
    "mode",
    "audience",
    "notes",
    "is_highlighted",
)


class LikelyDuplicate(ValidationError):
    """The log already has an activity of the same unit, type, date and title."""

    def __init__(self, existing: list[Activity]) -> None:
        self.existing = existing
        first = existing[0]
        super().__init__(
            {
                "title": _(
                    "Possible duplicate: the unit already logged “%(title)s” of the same type "
                    "on %(date)s. Check, or confirm to log it anyway."
                )
                % {"title": first.title, "date": format_date(first.start_date)}
            }
        )


# Briefings and talks (hội nghị báo cáo viên, buổi tuyên truyền miệng): the roles table's "log
# briefings" right lets a reporter (báo cáo viên), who enters no other data, log these.
BRIEFING_TYPES = frozenset({"reporters_briefing", "oral_propaganda"})


def require_editor(actor: Actor, unit: Unit, activity_type: ActivityType | None = None) -> None:
    """Refuse unless ``actor`` may enter data for ``unit``, or, for a briefing or talk
    (``BRIEFING_TYPES``), may log briefings there."""
    if can(actor, "can_edit_data", unit):
        return
    if (
        activity_type is not None
        and activity_type.code in BRIEFING_TYPES
        and can(actor, "can_brief", unit)
    ):
        return
    raise PermissionDenied(_("You may not log activities of this unit."))


def check_fields(
    *,
    title: str,
    start_date: date,
    end_date: date | None,
    mode: str,
    place: str,
    audience: str,
    unit: Unit,
    today: date,
) -> dict[str, str]:
    """Problems with an activity's own fields, each under its field name."""
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = _("Please enter the activity's name.")
    elif len(title) > TITLE_MAX:
        errors["title"] = _("The activity's name is longer than %(max)d characters.") % {
            "max": TITLE_MAX
        }
    if start_date < MIN_DATE:
        errors["start_date"] = _("The start date is not valid (before 1930).")
    elif start_date > today:
        errors["start_date"] = _(
            "The start date is in the future: only log activities that took place."
        )
    elif not unit.exists_on(start_date):
        errors["unit"] = _("Unit %(unit)s did not exist on %(date)s.") % {
            "unit": unit.code,
            "date": format_date(start_date),
        }
    if end_date is not None:
        if end_date < start_date:
            errors["end_date"] = _("The end date is before the start date.")
        elif end_date - start_date > timedelta(days=MAX_SPAN_DAYS):
            errors["end_date"] = _(
                "The activity lasts more than a year: log it as several activities."
            )
    if mode not in Activity.Mode.values:
        errors["mode"] = _("The mode must be in person, online or hybrid.")
    for name, value in (("place", place), ("audience", audience)):
        if len(value) > TEXT_MAX:
            errors[name] = _("Longer than %(max)d characters.") % {"max": TEXT_MAX}
    return errors


def _spec(activity_type: ActivityType) -> TypeSpec:
    return load_catalogue().types[activity_type.code]


def _check(activity: Activity, figures: Mapping[str, int | None]) -> list[FigureRow]:
    errors = check_fields(
        title=activity.title,
        start_date=activity.start_date,
        end_date=activity.end_date,
        mode=activity.mode,
        place=activity.place,
        audience=activity.audience,
        unit=activity.unit,
        today=timezone.localdate(),
    )
    spec = _spec(activity.activity_type)
    if not spec.is_active and activity._state.adding:
        errors["activity_type"] = _("The activity type “%(type)s” is no longer in use.") % {
            "type": spec.name
        }
    rows, figure_errors = check_figures(spec, activity.mode, figures)
    errors.update(figure_errors)
    if errors:
        raise ValidationError(errors)
    return rows


def likely_duplicates(activity: Activity) -> list[Activity]:
    """Activities of the same unit and type, on the same day, with the same title (accents
    and case aside)."""
    same = Activity.objects.filter(
        unit=activity.unit,
        activity_type=activity.activity_type,
        start_date=activity.start_date,
        title_folded=fold(activity.title),
    )
    return list(same.exclude(pk=activity.pk).order_by("pk")[:5])


def _documents(actor: Actor, documents: Iterable[Document]) -> list[Document]:
    """``documents`` if the actor may see every one of them in the registry."""
    documents = list(documents)
    if not documents:
        return documents
    visible = set(
        documents_visible_to(actor)
        .filter(pk__in=[d.pk for d in documents])
        .values_list("pk", flat=True)
    )
    if any(document.pk not in visible for document in documents):
        raise ValidationError({"documents": _("A document does not exist or you may not see it.")})
    return documents


def _store_figures(activity: Activity, rows: list[FigureRow]) -> None:
    ActivityFigure.objects.bulk_create(
        ActivityFigure(activity=activity, figure_id=figure, option_id=option, value=value)
        for figure, option, value in rows
    )


def _snapshot(activity: Activity) -> dict[str, Any]:
    return {
        "title": activity.title,
        "type": activity.activity_type.code,
        "unit": activity.unit.code,
        "start_date": activity.start_date.isoformat(),
        "end_date": activity.end_date.isoformat() if activity.end_date else None,
        "mode": activity.mode,
        "place": activity.place,
        "is_highlighted": activity.is_highlighted,
        "figures": figure_values(activity),
    }


@transaction.atomic
def activity_log(
    *,
    activity_type: ActivityType,
    unit: Unit,
    title: str,
    start_date: date,
    actor: Actor,
    end_date: date | None = None,
    place: str = "",
    mode: str = Activity.Mode.IN_PERSON,
    audience: str = "",
    notes: str = "",
    is_highlighted: bool = False,
    figures: Mapping[str, int | None] | None = None,
    documents: Iterable[Document] = (),
    work_items: Iterable[WorkItem] = (),
    allow_duplicate: bool = False,
) -> Activity:
    """Log an activity of ``unit`` with its figures (figure key → value, see
    ``catalogue``), linked to documents and to the work items it carries out.

    Refuses with ``ValidationError`` (per field or figure key), ``LikelyDuplicate`` when the
    unit already logged the same type and title that day (unless ``allow_duplicate``), or
    ``PermissionDenied``.
    """
    require_editor(actor, unit, activity_type)
    activity = Activity(
        activity_type=activity_type,
        unit=unit,
        title=normalize(title),
        start_date=start_date,
        end_date=end_date,
        place=normalize(place),
        mode=mode,
        audience=normalize(audience),
        notes=notes.strip(),
        is_highlighted=is_highlighted,
        logged_by=person_of(actor),
    )
    activity.title_folded = fold(activity.title)
    rows = _check(activity, figures or {})
    linked_documents = _documents(actor, documents)
    linked_items = work_items_check(actor, work_items)
    if not allow_duplicate and (existing := likely_duplicates(activity)):
        raise LikelyDuplicate(existing)
    activity.save()
    _store_figures(activity, rows)
    activity.documents.set(linked_documents)
    activity.work_items.set(linked_items)
    audit(instance=activity, action="wagtail.create", actor=actor, data=_snapshot(activity))
    evidence_add(activity=activity, work_items=linked_items, actor=actor)
    return activity


@transaction.atomic
def activity_update(
    *,
    activity: Activity,
    actor: Actor,
    figures: Mapping[str, int | None] | None = None,
    documents: Iterable[Document] | None = None,
    work_items: Iterable[WorkItem] | None = None,
    allow_duplicate: bool = False,
    **changes: Any,
) -> Activity:
    """Change the fields given (``CHANGEABLE``), the figures (all of them: keys left out are
    removed; None keeps them), the linked documents and work items. Newly linked work items
    get the activity in their timeline."""
    unknown = set(changes) - set(CHANGEABLE)
    if unknown:
        raise TypeError(f"cannot change {', '.join(sorted(unknown))}")
    require_editor(actor, activity.unit, activity.activity_type)
    if "unit" in changes or "activity_type" in changes:
        require_editor(
            actor,
            changes.get("unit", activity.unit),
            changes.get("activity_type", activity.activity_type),
        )
    before = _snapshot(activity)
    current = before["figures"]
    for name, value in changes.items():
        if isinstance(value, str) and name != "notes":
            value = normalize(value)
        setattr(activity, name, value)
    activity.notes = activity.notes.strip()
    activity.title_folded = fold(activity.title)
    rows = _check(activity, current if figures is None else figures)
    linked_documents = None if documents is None else _documents(actor, documents)
    linked_items = None if work_items is None else work_items_check(actor, work_items)
    if not allow_duplicate and (existing := likely_duplicates(activity)):
        raise LikelyDuplicate(existing)
    activity.save()
    activity.figures.all().delete()
    _store_figures(activity, rows)
    if linked_documents is not None:
        activity.documents.set(linked_documents)
    added: list[WorkItem] = []
    if linked_items is not None:
        had = set(activity.work_items.values_list("pk", flat=True))
        activity.work_items.set(linked_items)
        added = [item for item in linked_items if item.pk not in had]
    after = _snapshot(activity)
    changed = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
    audit(instance=activity, action="wagtail.edit", actor=actor, data={"changed": changed})
    evidence_add(activity=activity, work_items=added, actor=actor)
    return activity


def _delete_files(storage: Storage, names: list[str]) -> None:
    """Remove stored files once the rows that named them are gone for good."""
    for name in names:
        storage.delete(name)


@transaction.atomic
def activity_delete(*, activity: Activity, actor: Actor) -> None:
    """Remove an activity from the log, with its figures and files."""
    require_editor(actor, activity.unit, activity.activity_type)
    audit(instance=activity, action="wagtail.delete", actor=actor, data=_snapshot(activity))
    stored = [record.file.name for record in activity.files.all()]
    storage = ActivityFile._meta.get_field("file").storage
    work_item_evidence_withdraw(actor=actor, record=activity)
    activity.delete()
    transaction.on_commit(lambda: _delete_files(storage, stored))


def activity_file_attach(
    *, activity: Activity, uploaded: UploadedFile, actor: Actor
) -> ActivityFile:
    """Keep a photo (PNG, JPEG, TIFF) or a PDF or DOCX file with the activity.

    The file is checked by its content as document files are; a refusal raises
    ``ValidationError({"file": …})`` and stores nothing.
    """
    require_editor(actor, activity.unit, activity.activity_type)
    name, kind, content = read_upload(uploaded)
    content_type, extension = stored_type(kind, content)
    digest = hashlib.sha256(content).hexdigest()[:12]
    record = ActivityFile(
        activity=activity, original_name=name[:255], content_type=content_type, size=len(content)
    )
    record.file.save(f"{digest}-{stored_name(name, extension)}", ContentFile(content), save=False)
    try:
        with transaction.atomic():
            record.save()
            audit(
                instance=activity,
                action="wagtail.edit",
                actor=actor,
                data={"file_added": record.original_name},
            )
    except Exception:
        record.file.delete(save=False)
        raise
    return record
