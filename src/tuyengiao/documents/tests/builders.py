"""Documents for tests, registered through the real services as the system."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from tuyengiao.core.actors import SYSTEM
from tuyengiao.documents.models import Document, DocumentRelation
from tuyengiao.documents.services import document_register, relation_decide
from tuyengiao.orgs.models import Unit, UnitKind
from tuyengiao.orgs.services import (
    NewUnit,
    hierarchy_version_create,
    hierarchy_version_publish,
    unit_create,
)
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
        actor=SYSTEM,
        **extra,
    )


def confirm_suggested() -> None:
    """Confirm every relation suggested so far."""
    for relation in DocumentRelation.objects.filter(state=DocumentRelation.State.SUGGESTED):
        relation_decide(relation=relation, confirm=True, actor=SYSTEM)


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


@dataclass
class Committees:
    """Two district committees that both sign ``QU``, and their people's committees, which
    both sign ``UBND``."""

    district_one: Unit
    district_two: Unit
    peoples_one: Unit
    peoples_two: Unit


def build_committees(city: City) -> Committees:
    """Quận ủy Quận Hai (``TP.Q2``) and the people's committees of both districts
    (``TP.Q1.UB``, ``TP.Q2.UB``) join the small city's tree on 1/1/2021, through the services."""
    version = hierarchy_version_create(effective_date=date(2021, 1, 1), name="2021", actor=SYSTEM)

    def add(code: str, name: str, kind: str, parent: Unit, abbreviation: str) -> Unit:
        spec = NewUnit(
            code=code,
            name=name,
            kind=UnitKind.objects.get(code=kind),
            parent=parent,
            abbreviation=abbreviation,
        )
        return unit_create(version=version, spec=spec, actor=SYSTEM)

    district_two = add("TP.Q2", "Quận ủy Quận Hai", "district_committee", city.city, "QU")
    peoples_one = add("TP.Q1.UB", "Ủy ban nhân dân Quận Một", "peoples_committee", city.district,
                      "UBND")  # fmt: skip
    peoples_two = add("TP.Q2.UB", "Ủy ban nhân dân Quận Hai", "peoples_committee", district_two,
                      "UBND")  # fmt: skip
    hierarchy_version_publish(version=version, actor=SYSTEM)
    return Committees(city.district, district_two, peoples_one, peoples_two)
