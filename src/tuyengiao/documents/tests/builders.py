"""Documents for tests, registered through the real services as the system."""

from __future__ import annotations

from datetime import date
from typing import Any

from tuyengiao.documents.models import Document, DocumentRelation
from tuyengiao.documents.services import document_register, relation_decide
from tuyengiao.orgs.tests.personas import City


def register(
    city: City, symbol: str, issue_date: date, summary: str, owner: Any = None, **extra: Any
) -> Document:
    """Register a document of ``owner`` (default: the city committee)."""
    return document_register(
        symbol=symbol,
        issue_date=issue_date,
        summary=summary,
        owner=owner or city.city,
        actor=None,
        **extra,
    )


def confirm_suggested() -> None:
    """Confirm every relation suggested so far."""
    for relation in DocumentRelation.objects.filter(state=DocumentRelation.State.SUGGESTED):
        relation_decide(relation=relation, confirm=True, actor=None)


def seed_chain(city: City) -> tuple[Document, Document, Document]:
    """30-CT/TW (public) ← 241-KH/TU (internal to the city) ← 229-KH/QU (the district's),
    relations confirmed."""
    directive = register(
        city,
        "30-CT/TW",
        date(2024, 2, 5),
        "Chỉ thị về tăng cường công tác tuyên truyền miệng",
        term="XIII",
        visibility="public",
    )
    plan = register(
        city,
        "241-KH/TU",
        date(2024, 5, 30),
        "Kế hoạch thực hiện Chỉ thị số 30-CT/TW ngày 05/02/2024 của Ban Bí thư",
    )
    ward_plan = register(
        city,
        "229-KH/QU",
        date(2024, 6, 10),
        "Kế hoạch triển khai Kế hoạch số 241-KH/TU của Thành ủy",
        owner=city.district,
    )
    confirm_suggested()
    return directive, plan, ward_plan
