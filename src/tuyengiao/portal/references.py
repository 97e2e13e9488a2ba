"""Documents cited in an article, linked to their public pages in the registry.

The registry's reference extractor reads the article's text; each citation with a full number
(``Kế hoạch số 229-KH/QU``) that names a public document becomes a link to that document's
page on the portal. Text inside existing links and inside tags is left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.utils.html import escape

from tuyengiao.documents.models import Document
from tuyengiao.documents.numbering import loose_symbol
from tuyengiao.documents.references import extract_references
from tuyengiao.documents.selectors import documents_visible_to

_TAG_RE = re.compile(r"(<[^>]+>)")


@dataclass(frozen=True)
class LinkedBody:
    html: str
    documents: list[Document]


def _public_by_symbol(symbols: set[str]) -> dict[str, list[Document]]:
    found: dict[str, list[Document]] = {}
    visible = documents_visible_to(AnonymousUser()).filter(symbol_loose__in=symbols)
    for document in visible.order_by("-issue_date"):
        found.setdefault(document.symbol_loose, []).append(document)
    return found


def _choose(candidates: list[Document], on: object) -> Document:
    """The document issued on the cited date, or the latest with that number."""
    return next((doc for doc in candidates if doc.issue_date == on), candidates[0])


def link_documents(html: str, documents_url: str | None) -> LinkedBody:
    """``html`` with each cited public document linked under ``documents_url``, and the
    documents cited, in order of first citation."""
    parts = _TAG_RE.split(html)
    texts = [(index, part) for index, part in enumerate(parts) if index % 2 == 0 and part]
    references = {index: extract_references(text) for index, text in texts}
    symbols = {
        loose_symbol(ref.symbol) for refs in references.values() for ref in refs if ref.symbol
    }
    if not symbols or not documents_url:
        return LinkedBody(html, [])
    public = _public_by_symbol(symbols)
    cited: dict[int, Document] = {}
    inside_link = False
    for index, part in enumerate(parts):
        if index % 2 == 1:
            tag = part.lower()
            if tag.startswith("<a ") or tag == "<a>":
                inside_link = True
            elif tag.startswith("</a"):
                inside_link = False
            continue
        if inside_link or not references.get(index):
            continue
        pieces, position = [], 0
        for ref in references[index]:
            candidates = public.get(loose_symbol(ref.symbol)) if ref.symbol else None
            if not candidates:
                continue
            document = _choose(candidates, ref.date)
            cited.setdefault(document.pk, document)
            pieces.append(part[position : ref.start])
            pieces.append(
                f'<a class="document-ref" href="{escape(documents_url)}{document.pk}/">'
                f"{part[ref.start : ref.end]}</a>"
            )
            position = ref.end
        pieces.append(part[position:])
        parts[index] = "".join(pieces)
    return LinkedBody("".join(parts), list(cited.values()))
