"""Reads of the document registry for a given viewer: a person, a visitor or the system."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from tuyengiao.core.actors import Viewer
from tuyengiao.documents.models import Document, DocumentFile, DocumentRelation
from tuyengiao.orgs.access import READ_INTERNAL, scope_roots, units_in_scope_any_time

# Relations that make a chain of implementation: a plan implements a directive.
CHAIN_KINDS = (DocumentRelation.Kind.IMPLEMENTS, DocumentRelation.Kind.GUIDES)


def documents_visible_to(user: Viewer) -> QuerySet[Document]:
    """Public documents for everyone; internal ones for people whose reach with a role that
    reads internal records (``READ_INTERNAL``: not the portal editor's), in any tree,
    includes the registering unit; everything for administrators."""
    documents = Document.objects.select_related("issuer", "owner")
    if not user.is_authenticated:
        return documents.filter(visibility=Document.Visibility.PUBLIC)
    if scope_roots(user, None) is None:
        return documents
    reach = units_in_scope_any_time(user, READ_INTERNAL)
    return documents.filter(Q(visibility=Document.Visibility.PUBLIC) | Q(owner__in=reach))


def document_for_user(user: Viewer, pk: int) -> Document:
    """The document ``pk`` if ``user`` may see it; 404 otherwise, whether it exists or not."""
    document = documents_visible_to(user).filter(pk=pk).first()
    if document is None:
        raise Http404(_("Document not found."))
    return document


def document_file_for_user(user: Viewer, pk: int) -> DocumentFile:
    """The file ``pk`` if ``user`` may see its document (anyone, for a public document); 404
    otherwise, whether it exists or not. Asks :func:`documents_visible_to`, as the pages that
    link the file do."""
    record = (
        DocumentFile.objects.filter(document__in=documents_visible_to(user).values("pk"))
        .filter(pk=pk)
        .first()
    )
    if record is None:
        raise Http404(_("Document not found."))
    return record


@dataclass
class ChainNode:
    """A document in an implementation chain, with the documents above or below it."""

    document: Document
    kind: str | None = None
    children: list[ChainNode] = field(default_factory=list)


def _chain(user: Viewer, start: Document, *, upward: bool, depth: int = 6) -> list[ChainNode]:
    visible = documents_visible_to(user)
    confirmed = DocumentRelation.objects.filter(
        state=DocumentRelation.State.CONFIRMED, kind__in=CHAIN_KINDS
    )
    nodes: list[ChainNode] = []
    frontier = [(start, nodes)]
    seen = {start.pk}
    for _level in range(depth):
        next_frontier = []
        for document, siblings in frontier:
            if upward:
                links = confirmed.filter(source=document, target__in=visible).select_related(
                    "target"
                )
                pairs = [(link.target, link.kind) for link in links]
            else:
                links = confirmed.filter(target=document, source__in=visible).select_related(
                    "source"
                )
                pairs = [(link.source, link.kind) for link in links]
            for other, kind in sorted(pairs, key=lambda pair: pair[0].issue_date):
                if other.pk in seen:
                    continue
                seen.add(other.pk)
                node = ChainNode(other, kind)
                siblings.append(node)
                next_frontier.append((other, node.children))
        frontier = next_frontier
    return nodes


def implementation_chain(
    user: Viewer, document: Document
) -> tuple[list[ChainNode], list[ChainNode]]:
    """What ``document`` implements (upward, e.g. 229-KH/QU → 241-KH/TU → 30-CT/TW) and what
    implements it (downward), as trees of confirmed relations the user may see."""
    return _chain(user, document, upward=True), _chain(user, document, upward=False)
