"""The document registry over the API: search, read, register, change, find references.

Everything goes through the registry's selectors and services, so the API sees and changes
exactly what the admin screens do: documents outside the caller's reach are 404, writes the
caller may not make are 403, a number already in the registry is 409 with a link to the
document holding it, and data the services refuse is 422 with their message per field, in
the caller's language (Vietnamese unless asked otherwise).
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

from tuyengiao.api.errors import ErrorOut, error_body, validation_errors
from tuyengiao.api.types import Day, RecordId, Year
from tuyengiao.core.actors import actor_of
from tuyengiao.documents.models import Document, Topic
from tuyengiao.documents.references import extract_references
from tuyengiao.documents.search import DocumentFilters, document_search
from tuyengiao.documents.selectors import ChainNode, document_for_user, implementation_chain
from tuyengiao.documents.services import DuplicateDocument, document_register, document_update
from tuyengiao.orgs.models import Unit

router = Router(tags=["documents"])

MAX_PAGE = 100


# --- Schemas -----------------------------------------------------------------------------------


class DocumentOut(Schema):
    id: int
    symbol: str
    family: str
    type_code: str
    issuer_code: str
    issuer_name: str
    issue_date: date
    summary: str
    status: str
    visibility: str


class ChainNodeOut(Schema):
    id: int
    symbol: str
    issue_date: date
    summary: str
    kind: str | None
    children: list["ChainNodeOut"] = []


# Not postponed annotations (django-ninja reads the endpoints' annotations), so the recursive
# schema is completed here.
ChainNodeOut.model_rebuild()


class ChainOut(Schema):
    up: list[ChainNodeOut] = Field(description="What the document implements, and so on up.")
    down: list[ChainNodeOut] = Field(description="What implements the document, and so on.")


class FileOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    text_status: str
    text_progress: int


class DocumentDetailOut(DocumentOut):
    number: str
    unit_code: str
    term: str
    signer: str
    owner: str = Field(description="Code of the unit that registered the document.")
    issuer: str | None = Field(description="Code of the issuing unit, when it is a unit.")
    topics: list[str]
    body: str
    relations: ChainOut
    files: list[FileOut]


class DocumentIn(Schema):
    symbol: str = Field(examples=["229-KH/QU"])
    issue_date: Day
    summary: str
    owner: str = Field(description="Code of the registering unit.", examples=["HN.BADINH"])
    issuer: str | None = Field(None, description="Code of the issuing unit, if it is one.")
    term: str = ""
    signer: str = ""
    status: str = Document.Status.IN_FORCE
    visibility: str = Document.Visibility.INTERNAL
    body: str = ""
    topics: list[RecordId] = []


class DocumentPatch(Schema):
    symbol: str | None = None
    issue_date: Day | None = None
    summary: str | None = None
    issuer: str | None = Field(None, description="Code of the issuing unit; null to clear.")
    term: str | None = None
    signer: str | None = None
    status: str | None = None
    visibility: str | None = None
    body: str | None = None
    topics: list[RecordId] | None = None


class SearchQuery(Schema):
    q: str = Field("", description="Words (with or without accents) or a number and symbol.")
    type_code: str | None = None
    issuer_code: str | None = None
    year: Year | None = None
    status: str | None = None
    topic: RecordId | None = None


class ExistingOut(Schema):
    id: int
    url: str


class ConflictOut(ErrorOut):
    existing: ExistingOut


class TextIn(Schema):
    text: str


class ReferenceOut(Schema):
    kind_word: str | None
    symbol: str | None
    symbol_text: str | None
    number: str | None
    family: str | None
    type_code: str | None
    issuer_code: str | None
    date: date | None
    issuer_phrase: str | None
    partial: bool
    start: int
    end: int


# --- Helpers -----------------------------------------------------------------------------------


def _url(document: Document) -> str:
    return f"/api/v1/documents/{document.pk}"


def _node(node: ChainNode) -> dict[str, Any]:
    document = node.document
    return {
        "id": document.pk,
        "symbol": document.symbol,
        "issue_date": document.issue_date,
        "summary": document.summary,
        "kind": node.kind,
        "children": [_node(child) for child in node.children],
    }


_PLAIN_FIELDS = (
    *DocumentOut.model_fields,
    "number",
    "unit_code",
    "term",
    "signer",
    "body",
)


def _detail(request: HttpRequest, document: Document) -> dict[str, Any]:
    up, down = implementation_chain(request.user, document)
    return {
        **{field: getattr(document, field) for field in _PLAIN_FIELDS},
        "id": document.pk,
        "owner": document.owner.code,
        "issuer": document.issuer.code if document.issuer else None,
        "topics": [topic.name for topic in document.topics.all()],
        "relations": {"up": [_node(n) for n in up], "down": [_node(n) for n in down]},
        "files": [
            {
                "id": file.pk,
                "name": file.original_name,
                "content_type": file.content_type,
                "size": file.size,
                "text_status": file.text_status,
                "text_progress": file.text_progress,
            }
            for file in document.files.all()
        ],
    }


def _conflict(error: DuplicateDocument) -> Status[dict[str, Any]]:
    existing = error.existing
    return Status(
        409,
        {
            **error_body(error.message_dict["symbol"][0], validation_errors(error)),
            "existing": {"id": existing.pk, "url": _url(existing)},
        },
    )


def _unit(code: str, field: str) -> Unit:
    """The unit with ``code``; a 422 on ``field`` when there is none."""
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise ValidationError(
            {field: ValidationError(_("No unit has the code “%(code)s”."), params={"code": code})}
        )
    return unit


def _unit_or_none(code: str | None, field: str) -> Unit | None:
    """The unit with ``code``, or None when no code is given (an issuer outside the system)."""
    return None if code is None else _unit(code, field)


def _topics(ids: list[int]) -> list[Topic]:
    topics = list(Topic.objects.filter(pk__in=ids))
    missing = set(ids) - {topic.pk for topic in topics}
    if missing:
        raise ValidationError(
            {
                "topics": ValidationError(
                    _("Unknown topic id(s): %(ids)s."),
                    params={"ids": ", ".join(map(str, sorted(missing)))},
                )
            }
        )
    return topics


def _visible(request: HttpRequest, document_id: int) -> Document:
    try:
        return document_for_user(request.user, document_id)
    except Http404:
        raise HttpError(404, _("Document not found.")) from None


# --- Endpoints ---------------------------------------------------------------------------------


@router.get("", response=list[DocumentOut], summary="Tìm văn bản")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def document_list(request: HttpRequest, filters: Query[SearchQuery]) -> Any:
    """Documents the caller may see, matching ``q`` (every word, accents optional; a number
    and symbol in any form comes first) and the filters. ``limit`` is at most 100."""
    return document_search(
        request.user,
        filters.q,
        DocumentFilters(
            type_code=filters.type_code,
            issuer_code=filters.issuer_code,
            year=filters.year,
            status=filters.status,
            topic=filters.topic,
        ),
    )


@router.post(
    "/refs",
    response=list[ReferenceOut],
    summary="Tìm trích dẫn văn bản trong một đoạn văn",
)
def document_refs(request: HttpRequest, payload: TextIn) -> list[dict[str, Any]]:
    """Every reference to a document in ``text`` (``Chỉ thị số 30-CT/TW ngày 05/02/2024 của
    Ban Bí thư`` …), with offsets into the text."""
    return [reference.to_json() for reference in extract_references(payload.text)]


@router.get(
    "/{document_id}",
    response=DocumentDetailOut,
    summary="Một văn bản, chuỗi văn bản liên quan và tệp",
)
def document_detail(request: HttpRequest, document_id: int) -> dict[str, Any]:
    """A document with its implementation chain (confirmed relations the caller may see) and
    its files."""
    return _detail(request, _visible(request, document_id))


@router.post(
    "",
    response={201: DocumentDetailOut, 409: ConflictOut},
    summary="Vào sổ một văn bản",
)
def document_create(request: HttpRequest, payload: DocumentIn) -> Status[dict[str, Any]]:
    """Register a document for the unit ``owner`` (a unit code); a number already in the
    registry is refused with 409 and a link to the document holding it."""
    try:
        owner = _unit(payload.owner, "owner")
        document = document_register(
            symbol=payload.symbol,
            issue_date=payload.issue_date,
            summary=payload.summary,
            owner=owner,
            actor=actor_of(request.user),
            issuer=_unit_or_none(payload.issuer, "issuer"),
            term=payload.term,
            signer=payload.signer,
            topics=_topics(payload.topics),
            status=payload.status,
            visibility=payload.visibility,
            body=payload.body,
        )
    except DuplicateDocument as error:
        return _conflict(error)
    return Status(201, _detail(request, document))


@router.patch(
    "/{document_id}",
    response={200: DocumentDetailOut, 409: ConflictOut},
    summary="Sửa một văn bản",
)
def document_change(
    request: HttpRequest, document_id: int, payload: DocumentPatch
) -> Status[dict[str, Any]]:
    """Change the fields given; the others stay as they are."""
    document = _visible(request, document_id)
    changes = payload.model_dump(exclude_unset=True)
    try:
        blank = sorted(field for field, value in changes.items() if value is None)
        blank = [field for field in blank if field != "issuer"]
        if blank:
            raise ValidationError({field: _("This field cannot be null.") for field in blank})
        if "issuer" in changes:
            changes["issuer"] = _unit_or_none(changes["issuer"], "issuer")
        if "topics" in changes:
            changes["topics"] = _topics(changes["topics"] or [])
        document = document_update(document=document, actor=actor_of(request.user), **changes)
    except DuplicateDocument as error:
        return _conflict(error)
    return Status(200, _detail(request, document))
