"""A small city for organisation and access tests, built through the real services.

Version 2020-01-01: the city committee TP with its propaganda board TP.BTG and district
TP.Q1, which has wards TP.Q1.A and TP.Q1.B (each with a party cell). Personas: a city
specialist, a ward officer in each ward, and an outsider (from the core personas).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from tuyengiao.core.actors import SYSTEM
from tuyengiao.core.models import User
from tuyengiao.core.services import user_create
from tuyengiao.core.tests.personas import PERSONA_PASSWORD
from tuyengiao.orgs.models import HierarchyVersion, Role, Unit, UnitKind
from tuyengiao.orgs.services import (
    NewUnit,
    hierarchy_version_create,
    hierarchy_version_publish,
    membership_grant,
    unit_create,
)

BASE_DATE = date(2020, 1, 1)


@dataclass
class City:
    version: HierarchyVersion
    city: Unit
    board: Unit
    district: Unit
    ward_a: Unit
    ward_b: Unit
    cell_a: Unit
    cell_b: Unit


def kind(code: str) -> UnitKind:
    return UnitKind.objects.get(code=code)


def role(code: str) -> Role:
    return Role.objects.get(code=code)


def build_city() -> City:
    """The small city, published."""
    version = hierarchy_version_create(effective_date=BASE_DATE, name="Cây 2020", actor=SYSTEM)

    def add(code: str, name: str, kind_code: str, parent: Unit | None) -> Unit:
        spec = NewUnit(code=code, name=name, kind=kind(kind_code), parent=parent)
        return unit_create(version=version, spec=spec, actor=SYSTEM)

    city = add("TP", "Thành ủy Thành phố", "city_committee", None)
    board = add("TP.BTG", "Ban Tuyên giáo Thành ủy", "propaganda_board", city)
    district = add("TP.Q1", "Quận ủy Quận Một", "district_committee", city)
    ward_a = add("TP.Q1.A", "Đảng ủy phường Ánh Dương", "commune_committee", district)
    ward_b = add("TP.Q1.B", "Đảng ủy phường Bình Minh", "commune_committee", district)
    cell_a = add("TP.Q1.A.CB1", "Chi bộ khu phố 1 Ánh Dương", "party_cell", ward_a)
    cell_b = add("TP.Q1.B.CB1", "Chi bộ khu phố 1 Bình Minh", "party_cell", ward_b)
    hierarchy_version_publish(version=version, actor=SYSTEM)
    return City(version, city, board, district, ward_a, ward_b, cell_a, cell_b)


def person(username: str, full_name: str, unit: Unit, role_code: str) -> User:
    user = user_create(
        username=username, password=PERSONA_PASSWORD, full_name=full_name, actor=SYSTEM
    )
    membership_grant(user=user, unit=unit, role=role(role_code), valid_from=BASE_DATE, actor=SYSTEM)
    return user


@pytest.fixture
def city(db: None) -> City:
    return build_city()


@pytest.fixture
def city_specialist(city: City) -> User:
    """Chuyên viên of the city committee: reaches the whole city."""
    return person("cv.thanhpho", "Vũ Thị Thanh", city.city, "specialist")


@pytest.fixture
def city_leader(city: City) -> User:
    """Lãnh đạo of the city committee: approves and grants within the city."""
    return person("ld.thanhpho", "Đỗ Văn Long", city.city, "leader")


@pytest.fixture
def ward_officer_a(city: City) -> User:
    """Cán bộ of ward A: reaches ward A and its cell only."""
    return person("cb.phuonga", "Ngô Thị An", city.ward_a, "grassroots_officer")


@pytest.fixture
def ward_officer_b(city: City) -> User:
    """Cán bộ of ward B: reaches ward B and its cell only."""
    return person("cb.phuongb", "Bùi Văn Bình", city.ward_b, "grassroots_officer")
