"""The activity log over the API: types, list, read, log, change, delete, and the figures a
report takes from the log.

Everything goes through the log's selectors and services, so the API sees and changes
exactly what the admin screens do: activities outside the caller's reach are 404, writes the
caller may not make are 403, a likely duplicate is 409 (send ``allow_duplicate: true`` to log
it anyway), and data the services refuse is 422 with their Vietnamese message per field or
figure key.

Figures travel as one object keyed by figure key: the figure's code for its total
(``"learners": 230516``) and ``<code>.<option>`` for one category's part
(``"learners.party": 102068``); ``GET /activities/types`` lists the keys of each type.
"""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import Field

from tuyengiao.activities.catalogue import load_catalogue
from tuyengiao.activities.models import Activity, ActivityType
from tuyengiao.activities.selectors import (
    ActivityFilters,
    activity_figures_for,
    activity_for_user,
    activity_list,
    figure_values,
    with_figures,
)
from tuyengiao.activities.services import (
    LikelyDuplicate,
    activity_delete,
    activity_log,
    activity_update,
)
from tuyengiao.api.errors import ErrorOut, error_body, validation_errors
from tuyengiao.api.types import Day, Figure, RecordId
from tuyengiao.core.actors import actor_of
from tuyengiao.documents.models import Document
from tuyengiao.documents.selectors import documents_visible_to
from tuyengiao.orgs.models import Unit
from tuyengiao.plans.models import WorkItem

router = Router(tags=["activities"])

MAX_PAGE = 100


# --- Schemas -----------------------------------------------------------------------------------


class FigureKeyOut(Schema):
    key: str
    label: str
    unit_label: str
    required: bool


class TypeOut(Schema):
    code: str
    name: str
    description: str
    figures: list[FigureKeyOut]


class ActivityOut(Schema):
    id: int
    type: str = Field(description="Code of the activity type.")
    unit: str = Field(description="Code of the unit.")
    unit_name: str = Field(description="The unit's name on the activity's date.")
    title: str
    start_date: date
    end_date: date | None
    place: str
    mode: str
    audience: str
    figures: dict[str, int]

    @staticmethod
    def resolve_type(activity: Activity) -> str:
        return activity.activity_type.code

    @staticmethod
    def resolve_unit(activity: Activity) -> str:
        return activity.unit.code

    @staticmethod
    def resolve_figures(activity: Activity) -> dict[str, int]:
        return figure_values(activity)


class ActivityDetailOut(ActivityOut):
    notes: str
    documents: list[int]
    work_items: list[int]
    files: list[str]

    @staticmethod
    def resolve_documents(activity: Activity) -> list[int]:
        return [document.pk for document in activity.documents.all()]

    @staticmethod
    def resolve_work_items(activity: Activity) -> list[int]:
        return [item.pk for item in activity.work_items.all()]

    @staticmethod
    def resolve_files(activity: Activity) -> list[str]:
        return [record.original_name for record in activity.files.all()]


class ActivityIn(Schema):
    type: str = Field(examples=["training_class"])
    unit: str = Field(examples=["HN.BADINH"])
    title: str
    start_date: Day
    end_date: Day | None = None
    place: str = ""
    mode: str = Activity.Mode.IN_PERSON
    audience: str = ""
    notes: str = ""
    figures: dict[str, Figure | None] = Field(
        default_factory=dict, examples=[{"classes": 1, "learners.party": 40}]
    )
    documents: list[RecordId] = []
    work_items: list[RecordId] = []
    allow_duplicate: bool = False


class ActivityPatch(Schema):
    unit: str | None = None
    title: str | None = None
    start_date: Day | None = None
    end_date: Day | None = None
    place: str | None = None
    mode: str | None = None
    audience: str | None = None
    notes: str | None = None
    figures: dict[str, Figure | None] | None = Field(
        None, description="All the figures: keys left out are removed."
    )
    documents: list[RecordId] | None = None
    work_items: list[RecordId] | None = None
    allow_duplicate: bool = False


class ListQuery(Schema):
    q: str = Field("", description="Words of the title, accents optional.")
    unit: str | None = Field(None, description="A unit's code: its whole subtree.")
    type: str | None = None
    date_from: Day | None = None
    date_to: Day | None = None


class FiguresQuery(Schema):
    unit: str
    start: Day
    end: Day
    types: list[str] | None = None


class FigureSumOut(Schema):
    type: str
    figure: str
    option: str | None
    value: int


class FiguresOut(Schema):
    unit: str
    start: date
    end: date
    count: int
    counts: dict[str, int]
    values: list[FigureSumOut]


class ConflictOut(ErrorOut):
    existing: list[int]


# --- Helpers -----------------------------------------------------------------------------------


def _visible(request: HttpRequest, activity_id: int) -> Activity:
    try:
        return activity_for_user(request.user, activity_id)
    except Http404 as error:
        raise HttpError(404, str(error)) from None


def _unit(code: str, field: str = "unit") -> Unit:
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise ValidationError({field: _("No unit has the code “%(code)s”.") % {"code": code}})
    return unit


def _type(code: str) -> ActivityType:
    activity_type = ActivityType.objects.filter(code=code).first()
    if activity_type is None:
        raise ValidationError({"type": _("There is no activity type “%(code)s”.") % {"code": code}})
    return activity_type


def _documents(request: HttpRequest, ids: list[int]) -> list[Document]:
    documents = list(documents_visible_to(request.user).filter(pk__in=ids))
    missing = set(ids) - {document.pk for document in documents}
    if missing:
        raise ValidationError(
            {
                "documents": _("There is no document with id %(ids)s.")
                % {"ids": ", ".join(map(str, sorted(missing)))}
            }
        )
    return documents


def _work_items(ids: list[int]) -> list[WorkItem]:
    items = list(WorkItem.objects.filter(pk__in=ids))
    missing = set(ids) - {item.pk for item in items}
    if missing:
        raise ValidationError(
            {
                "work_items": _("There is no work item with id %(ids)s.")
                % {"ids": ", ".join(map(str, sorted(missing)))}
            }
        )
    return items


def _conflict(error: LikelyDuplicate) -> Status[dict[str, Any]]:
    return Status(
        409,
        {
            **error_body(error.message_dict["title"][0], validation_errors(error)),
            "existing": [activity.pk for activity in error.existing],
        },
    )


# --- Endpoints ---------------------------------------------------------------------------------


@router.get("/types", response=list[TypeOut], summary="Các loại hoạt động và số liệu")
def type_list(request: HttpRequest) -> list[dict[str, Any]]:
    """Activity types in use, each with the figure keys it collects."""
    return [
        {
            "code": spec.code,
            "name": spec.name,
            "description": spec.description,
            "figures": [
                {
                    "key": figure.key(option),
                    "label": figure.label(option),
                    "unit_label": figure.unit_label,
                    "required": figure.required and option is None,
                }
                for figure in spec.figures
                for option in (None, *figure.options)
            ],
        }
        for spec in load_catalogue().types.values()
        if spec.is_active
    ]


@router.get(
    "/figures",
    response=FiguresOut,
    summary="Số liệu tổng hợp từ nhật ký hoạt động",
)
def figures(request: HttpRequest, query: Query[FiguresQuery]) -> Any:
    """The number of activities and the sum of every figure, by type and category option,
    of ``unit``'s subtree (as the tree stood on each activity's date) for activities starting
    within ``start``..``end``."""
    unit = _unit(query.unit)
    if query.end < query.start:
        raise ValidationError({"end": _("The end of the period is before its start.")})
    result = activity_figures_for(
        request.user, unit=unit, start=query.start, end=query.end, types=query.types
    )
    return result.as_dict()


@router.get("", response=list[ActivityOut], summary="Tìm hoạt động")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def activity_search(request: HttpRequest, query: Query[ListQuery]) -> Any:
    """Activities the caller may see, newest first; ``unit`` takes its whole subtree."""
    unit = Unit.objects.filter(code=query.unit).first() if query.unit else None
    if query.unit and unit is None:
        return Activity.objects.none()
    filters = ActivityFilters(
        unit=unit,
        type_code=query.type,
        date_from=query.date_from,
        date_to=query.date_to,
        query=query.q,
    )
    return with_figures(activity_list(request.user, filters))


@router.get(
    "/{activity_id}",
    response=ActivityDetailOut,
    summary="Một hoạt động",
)
def activity_detail(request: HttpRequest, activity_id: int) -> Activity:
    return _visible(request, activity_id)


@router.post(
    "",
    response={201: ActivityDetailOut, 409: ConflictOut},
    summary="Ghi một hoạt động",
)
def activity_create(request: HttpRequest, payload: ActivityIn) -> Status[Any]:
    """Log an activity of the unit ``unit`` (a code) with its figures."""
    try:
        activity = activity_log(
            activity_type=_type(payload.type),
            unit=_unit(payload.unit),
            title=payload.title,
            start_date=payload.start_date,
            end_date=payload.end_date,
            place=payload.place,
            mode=payload.mode,
            audience=payload.audience,
            notes=payload.notes,
            figures=payload.figures,
            documents=_documents(request, payload.documents),
            work_items=_work_items(payload.work_items),
            allow_duplicate=payload.allow_duplicate,
            actor=actor_of(request.user),
        )
    except LikelyDuplicate as error:
        return _conflict(error)
    return Status(201, _visible(request, activity.pk))


@router.patch(
    "/{activity_id}",
    response={200: ActivityDetailOut, 409: ConflictOut},
    summary="Sửa một hoạt động",
)
def activity_change(request: HttpRequest, activity_id: int, payload: ActivityPatch) -> Status[Any]:
    """Change the fields given; the others stay as they are."""
    activity = _visible(request, activity_id)
    changes = payload.model_dump(exclude_unset=True)
    allow_duplicate = changes.pop("allow_duplicate", False)
    try:
        blank = sorted(name for name, value in changes.items() if value is None)
        blank = [name for name in blank if name != "end_date"]
        if blank:
            raise ValidationError({name: _("This field cannot be blank.") for name in blank})
        if "unit" in changes:
            changes["unit"] = _unit(changes["unit"])
        if "documents" in changes:
            changes["documents"] = _documents(request, changes["documents"])
        if "work_items" in changes:
            changes["work_items"] = _work_items(changes["work_items"])
        activity_update(
            activity=activity,
            actor=actor_of(request.user),
            allow_duplicate=allow_duplicate,
            **changes,
        )
    except LikelyDuplicate as error:
        return _conflict(error)
    return Status(200, _visible(request, activity_id))


@router.delete(
    "/{activity_id}",
    response={204: None},
    summary="Xóa một hoạt động",
)
def activity_remove(request: HttpRequest, activity_id: int) -> Status[None]:
    activity = _visible(request, activity_id)
    activity_delete(activity=activity, actor=actor_of(request.user))
    return Status(204, None)
