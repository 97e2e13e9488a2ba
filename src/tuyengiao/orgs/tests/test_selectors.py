"""Reads of the tree for a person and a date."""

from datetime import date

import pytest

from tuyengiao.core.actors import SYSTEM
from tuyengiao.orgs.access import units_in_scope
from tuyengiao.orgs.selectors import (
    ancestors,
    flatten,
    successor_chain,
    tree_as_of,
    unit_find,
)
from tuyengiao.orgs.services import (
    NewUnit,
    hierarchy_version_create,
    hierarchy_version_publish,
    unit_create,
    unit_merge,
)
from tuyengiao.orgs.tests.personas import kind, person

OLD, NEW = date(2022, 9, 30), date(2025, 9, 30)
pytestmark = pytest.mark.django_db


def _merge_wards(city):
    version = hierarchy_version_create(effective_date=date(2025, 7, 1), name="2025", actor=SYSTEM)
    merged = unit_merge(
        version=version,
        units=[city.ward_a, city.ward_b],
        into=NewUnit("TP.P.HOP", "Đảng ủy phường Hợp Nhất", kind("commune_committee"), city.city),
        actor=SYSTEM,
    )
    hierarchy_version_publish(version=version, actor=SYSTEM)
    return merged


def _codes(units):
    return sorted(unit.code for unit in units)


def test_ward_officer_sees_own_subtree_only(city, ward_officer_a):
    assert _codes(units_in_scope(ward_officer_a, OLD)) == ["TP.Q1.A", "TP.Q1.A.CB1"]


def test_new_ward_sees_the_history_of_the_wards_it_came_from(city):
    """An officer of the 2025 ward sees, in the 2022 tree, the two wards it was formed from."""
    merged = _merge_wards(city)
    officer = person("cb.hopnhat", "Trịnh Thu Hằng", merged, "grassroots_officer")
    assert _codes(units_in_scope(officer, NEW)) == ["TP.P.HOP", "TP.Q1.A.CB1", "TP.Q1.B.CB1"]
    assert _codes(units_in_scope(officer, OLD)) == [
        "TP.Q1.A",
        "TP.Q1.A.CB1",
        "TP.Q1.B",
        "TP.Q1.B.CB1",
    ]


def test_tree_sorts_each_level_in_vietnamese_order(city, city_specialist):
    """Đ comes after D, and a name is compared syllable by syllable."""
    version = hierarchy_version_create(effective_date=date(2024, 1, 1), name="2024", actor=SYSTEM)
    for code, name in [
        ("TP.Q1.A.D1", "Chi bộ Đông"),
        ("TP.Q1.A.D2", "Chi bộ Dương"),
        ("TP.Q1.A.D3", "Chi bộ An"),
    ]:
        unit_create(
            version=version, spec=NewUnit(code, name, kind("party_cell"), city.ward_a), actor=SYSTEM
        )
    hierarchy_version_publish(version=version, actor=SYSTEM)
    ward = next(
        node for node in flatten(tree_as_of(city_specialist, NEW)) if node.unit == city.ward_a
    )
    assert [child.name for child in ward.children] == [
        "Chi bộ An",
        "Chi bộ Dương",
        "Chi bộ Đông",
        "Chi bộ khu phố 1 Ánh Dương",
    ]


def test_find_by_code_or_name_without_accents_exact_first(city, city_specialist):
    assert unit_find(city_specialist, "TP.Q1.B", OLD) == [city.ward_b]
    found = unit_find(city_specialist, "anh duong", OLD)
    assert found == [city.cell_a, city.ward_a]  # Vietnamese order: C before Đ
    assert unit_find(city_specialist, "dang uy phuong anh duong", OLD)[0] == city.ward_a


def test_find_respects_the_date_and_reach(city, ward_officer_a):
    assert unit_find(ward_officer_a, "binh minh", OLD) == []
    assert unit_find(ward_officer_a, "anh duong", date(2019, 1, 1)) == []


def test_ancestors_as_of_a_date(city):
    _merge_wards(city)
    assert ancestors(city.cell_a, OLD) == [city.city, city.district, city.ward_a]
    assert [unit.code for unit in ancestors(city.cell_a, NEW)] == ["TP", "TP.P.HOP"]


def test_successor_chain_follows_every_step(city):
    merged = _merge_wards(city)
    chain = successor_chain(city.ward_a)
    assert [(step.kind, step.successor) for step in chain] == [("merge", merged)]
