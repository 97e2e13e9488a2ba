"""Writes to the document registry: register, update, set the full text, relations.

Every write checks that the actor may enter data for the registering unit, keeps the
derived search fields in step, and leaves an audit entry. A number already in the registry is
refused with the document holding it: the key is the issuing unit (or, for an issuer outside
the system, its code), the type for the Party, the number and the term or year
(``tuyengiao.documents.models``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tuyengiao.core.actors import Actor, person_of
from tuyengiao.core.audit import audit
from tuyengiao.core.text import fold
from tuyengiao.documents.models import Document, DocumentRelation, Topic
from tuyengiao.documents.numbering import (
    DocumentNumber,
    loose_symbol,
    numbering_period,
    parse_number,
)
from tuyengiao.documents.references import extract_references
from tuyengiao.orgs.access import can
from tuyengiao.orgs.models import Unit

# Words near a citation that say how the citing document relates to the cited one.
_RELATION_CUES = (
    (DocumentRelation.Kind.REPLACES, ("thay thế",)),
    (DocumentRelation.Kind.AMENDS, ("sửa đổi", "bổ sung")),
    (DocumentRelation.Kind.GUIDES, ("hướng dẫn",)),
    (DocumentRelation.Kind.IMPLEMENTS, ("thực hiện", "triển khai", "quán triệt", "cụ thể hóa")),
)
_CUE_WINDOW = 80


class DuplicateDocument(ValidationError):
    """The registry already holds a document with this number; ``existing`` is it."""

    def __init__(self, existing: Document) -> None:
        self.existing = existing
        message = _("Document %(symbol)s of %(date)s is already in the registry.")
        super().__init__(
            {
                "symbol": ValidationError(
                    message,
                    code="duplicate",
                    params={
                        "symbol": existing.symbol,
                        "date": f"{existing.issue_date:%d/%m/%Y}",
                    },
                )
            }
        )


def require_editor(actor: Actor, owner: Unit) -> None:
    """Refuse ``actor`` unless they may enter data for ``owner``: a unit's registry is kept
    by the people who enter that unit's data (and by the system)."""
    if not can(actor, "can_edit_data", owner):
        raise PermissionDenied(_("You may not write in this unit's document registry."))


def require_publisher(actor: Actor, owner: Unit) -> None:
    """Refuse ``actor`` unless they may publish ``owner``'s documents on the portal: a public
    document is shown to everyone, so making one public is the portal's right (roles table:
    "publish on portal"), on top of entering the unit's data."""
    if not can(actor, "can_publish_portal", owner):
        raise PermissionDenied(_("You may not make this unit's documents public."))


def _parse(symbol: str) -> DocumentNumber:
    number = parse_number(symbol)
    if number is None:
        raise ValidationError(
            {
                "symbol": ValidationError(
                    _(
                        "“%(symbol)s” is not a document number and symbol "
                        "(e.g. 229-KH/QU, 147/KH-UBND)."
                    ),
                    code="invalid",
                    params={"symbol": symbol},
                )
            }
        )
    return number


def _fill(document: Document, number: DocumentNumber) -> None:
    """Set the parsed parts and derived fields from ``number`` and the other fields."""
    document.family = number.family
    document.number = number.number
    document.number_value = int(number.number) if number.number else None
    document.type_code = number.type_code or ""
    document.issuer_code = number.issuer_code
    document.unit_code = number.unit_code or ""
    document.symbol_year = number.year
    document.numbering_period = numbering_period(number, document.term, document.issue_date)
    if document.issuer is not None:
        profile = document.issuer.profile_on(document.issue_date)
        document.issuer_name = profile.name if profile else document.issuer_name
    document.symbol_loose = loose_symbol(number)
    document.search_text = fold(
        " ".join([document.symbol, document.summary, document.issuer_name, document.body])
    )


def _existing(document: Document) -> Document | None:
    """The registered document with ``document``'s number, by the key of the model's unique
    constraints: the issuing unit where it is one, else the issuer code alone; the type for
    the Party; the number; the term or year."""
    if document.number_value is None:
        return None
    same = Document.objects.filter(
        family=document.family,
        issuer=document.issuer_id,  # None: an issuer outside the system, keyed by its code
        issuer_code=document.issuer_code,
        number_value=document.number_value,
        numbering_period=document.numbering_period,
    ).exclude(pk=document.pk)
    if document.family == Document.Family.PARTY:
        same = same.filter(type_code=document.type_code)
    return same.first()


def _save(document: Document, number: DocumentNumber) -> Document:
    _fill(document, number)
    if existing := _existing(document):
        raise DuplicateDocument(existing)
    document.full_clean(exclude=["search_text", "symbol_loose", "numbering_period"])
    document.save()
    return document


@transaction.atomic
def document_register(
    *,
    symbol: str,
    issue_date: date,
    summary: str,
    owner: Unit,
    actor: Actor,
    issuer: Unit | None = None,
    term: str = "",
    signer: str = "",
    topics: Iterable[Topic] = (),
    status: str = Document.Status.IN_FORCE,
    visibility: str = Document.Visibility.INTERNAL,
    body: str = "",
) -> Document:
    """Enter a document in the registry; a second document with the same number from the
    same issuer in the same term or year is refused (``DuplicateDocument`` names the one
    already there). ``issuer`` is the issuing unit when it is one of the system's."""
    require_editor(actor, owner)
    if visibility == Document.Visibility.PUBLIC:
        require_publisher(actor, owner)
    document = Document(
        symbol=" ".join(symbol.split()),
        issue_date=issue_date,
        summary=" ".join(summary.split()),
        owner=owner,
        issuer=issuer,
        term=term.strip(),
        signer=signer.strip(),
        status=status,
        visibility=visibility,
        body=body,
        registered_by=person_of(actor),
    )
    _save(document, _parse(document.symbol))
    document.topics.set(topics)
    audit(instance=document, action="wagtail.create", actor=actor, data={"symbol": document.symbol})
    relations_suggest(document=document)
    return document


EDITABLE = (
    "symbol",
    "issue_date",
    "summary",
    "issuer",
    "term",
    "signer",
    "status",
    "visibility",
    "body",
)


@transaction.atomic
def document_update(
    *,
    document: Document,
    actor: Actor,
    topics: Iterable[Topic] | None = None,
    **changes: object,
) -> Document:
    """Change a document's fields (those in ``EDITABLE``), and its topics when given; making
    it public needs the right to publish on the portal."""
    require_editor(actor, document.owner)
    if (
        changes.get("visibility", document.visibility) == Document.Visibility.PUBLIC
        and document.visibility != Document.Visibility.PUBLIC
    ):
        require_publisher(actor, document.owner)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    before = {field: str(getattr(document, field)) for field in changes}
    for field, value in changes.items():
        setattr(document, field, value)
    _save(document, _parse(document.symbol))
    if topics is not None:
        document.topics.set(topics)
    audit(
        instance=document,
        action="wagtail.edit",
        actor=actor,
        data={"changed": {f: [before[f], str(getattr(document, f))] for f in changes}},
    )
    if "body" in changes or "summary" in changes:
        relations_suggest(document=document)
    return document


@transaction.atomic
def document_body_set(*, document: Document, text: str) -> Document:
    """Store the full text read from the document's files and suggest the relations it
    reveals. The system derives it from files a person attached (with their rights), so
    there is no actor to check here."""
    document.body = text
    _save(document, _parse(document.symbol))
    relations_suggest(document=document)
    return document


def _guess_kind(text: str, start: int) -> str:
    before = fold(text[max(0, start - _CUE_WINDOW) : start])
    for kind, cues in _RELATION_CUES:
        if any(fold(cue) in before for cue in cues):
            return kind
    return DocumentRelation.Kind.CITES


@transaction.atomic
def relations_suggest(*, document: Document) -> list[DocumentRelation]:
    """Suggest a relation to every registered document cited in ``document``'s summary or
    text that is not related to it yet; the first symbol of the text is its own number."""
    text = f"{document.summary}\n{document.body}"
    created = []
    seen = {document.pk}
    seen.update(document.relations_out.values_list("target_id", flat=True))
    for reference in extract_references(text):
        if reference.symbol is None:
            continue
        candidates = Document.objects.filter(symbol_loose=loose_symbol(reference.symbol))
        if reference.date:
            candidates = candidates.filter(issue_date=reference.date) or candidates
        target = candidates.exclude(pk__in=seen).order_by("-issue_date").first()
        if target is None or target.issue_date > document.issue_date:
            continue
        seen.add(target.pk)
        created.append(
            DocumentRelation.objects.create(
                source=document,
                target=target,
                kind=_guess_kind(text, reference.start),
                evidence=text[reference.start : reference.end][:500],
            )
        )
    return created


@transaction.atomic
def relation_decide(
    *, relation: DocumentRelation, confirm: bool, actor: Actor, kind: str | None = None
) -> DocumentRelation:
    """Confirm (optionally with another kind) or reject a suggested relation."""
    require_editor(actor, relation.source.owner)
    relation.state = (
        DocumentRelation.State.CONFIRMED if confirm else DocumentRelation.State.REJECTED
    )
    if kind:
        relation.kind = kind
    relation.decided_by = person_of(actor)
    relation.save(update_fields=["state", "kind", "decided_by", "updated_at"])
    audit(
        instance=relation.source,
        action="tuyengiao.documents.relation",
        actor=actor,
        data={"target": relation.target.symbol, "kind": relation.kind, "state": relation.state},
    )
    return relation


@transaction.atomic
def relation_add(
    *, source: Document, target: Document, kind: str, actor: Actor
) -> DocumentRelation:
    """Record a relation a person knows of, confirmed at once."""
    require_editor(actor, source.owner)
    if source.pk == target.pk:
        raise ValidationError(_("A document cannot be related to itself."), code="self")
    relation, _created = DocumentRelation.objects.update_or_create(
        source=source,
        target=target,
        defaults={
            "kind": kind,
            "state": DocumentRelation.State.CONFIRMED,
            "decided_by": person_of(actor),
        },
    )
    audit(
        instance=source,
        action="tuyengiao.documents.relation",
        actor=actor,
        data={"target": target.symbol, "kind": kind, "state": relation.state},
    )
    return relation
