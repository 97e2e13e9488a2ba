"""Changes to the tree happen in draft versions, record successions and are audited."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import ModelLogEntry

from tuyengiao.orgs.models import HierarchyVersion, Membership, Placement, Succession, Unit
from tuyengiao.orgs.selectors import descendants, successor_shares, tree_as_of
from tuyengiao.orgs.services import (
    NewUnit,
    SplitPart,
    hierarchy_version_create,
    hierarchy_version_publish,
    membership_grant,
    membership_revoke,
    unit_dissolve,
    unit_merge,
    unit_move,
    unit_rename,
    unit_split,
)
from tuyengiao.orgs.tests.personas import kind, role

REFORM = date(2025, 7, 1)


def _draft(actor=None):
    return hierarchy_version_create(effective_date=REFORM, name="Sắp xếp 2025", actor=actor)


def _codes_under(unit, on):
    return sorted(descendants(unit, on).values_list("code", flat=True))


@pytest.mark.django_db
def test_new_version_copies_the_tree_and_leaves_history_alone(city):
    draft = _draft()
    assert draft.placements.count() == city.version.placements.count()
    assert not draft.is_published
    unit_move(version=draft, unit=city.ward_a, new_parent=city.city, actor=None)
    # Unpublished: the tree in force after the reform date is still the old one.
    assert "TP.Q1.A" in _codes_under(city.district, date(2025, 9, 30))
    hierarchy_version_publish(version=draft, actor=None)
    assert "TP.Q1.A" not in _codes_under(city.district, date(2025, 9, 30))
    assert "TP.Q1.A" in _codes_under(city.district, date(2022, 9, 30))
    moved = Placement.objects.get(version=draft, unit=city.cell_a)
    assert moved.depth == 2
    assert (
        moved.path == Placement.objects.get(version=draft, unit=city.ward_a).path + moved.path[-6:]
    )


@pytest.mark.django_db
def test_published_version_cannot_change(city):
    with pytest.raises(ValidationError):
        unit_move(version=city.version, unit=city.ward_a, new_parent=city.city, actor=None)


@pytest.mark.django_db
def test_version_dates_move_forward_only(city):
    with pytest.raises(ValidationError) as error:
        hierarchy_version_create(effective_date=date(2019, 1, 1), name="Cũ", actor=None)
    assert "01/01/2020" in str(error.value)


@pytest.mark.django_db
def test_merge_into_new_unit_moves_children_ends_units_and_records_successions(
    city, ward_officer_a
):
    draft = _draft()
    new_ward = unit_merge(
        version=draft,
        units=[city.ward_a, city.ward_b],
        into=NewUnit("TP.P.HOP", "Đảng ủy phường Hợp Nhất", kind("commune_committee"), city.city),
        legal_basis="Nghị quyết 1656/NQ-UBTVQH15",
        actor=None,
    )
    hierarchy_version_publish(version=draft, actor=None)
    assert _codes_under(new_ward, REFORM) == ["TP.Q1.A.CB1", "TP.Q1.B.CB1"]
    merges = Succession.objects.filter(kind="merge", successor=new_ward)
    assert sorted(merges.values_list("predecessor__code", flat=True)) == ["TP.Q1.A", "TP.Q1.B"]
    assert {s.legal_basis for s in merges} == {"Nghị quyết 1656/NQ-UBTVQH15"}
    city.ward_a.refresh_from_db()
    assert city.ward_a.valid_to == date(2025, 6, 30)
    assert city.ward_a.profiles.get().valid_to == date(2025, 6, 30)
    assert Membership.objects.get(user=ward_officer_a).valid_to == date(2025, 6, 30)
    assert successor_shares(city.ward_a) == {new_ward: Decimal(1)}
    assert ModelLogEntry.objects.filter(action="tuyengiao.orgs.merge").count() == 1


@pytest.mark.django_db
def test_split_with_shares_sends_children_and_figures(city):
    draft = _draft()
    north, south = unit_split(
        version=draft,
        unit=city.ward_a,
        parts=[
            SplitPart(
                Decimal("0.6"), new=NewUnit("TP.BAC", "Phường Bắc", kind("commune_committee"))
            ),
            SplitPart(Decimal("0.4"), unit=city.ward_b),
        ],
        children_to={city.cell_a: 1},
        actor=None,
    )
    hierarchy_version_publish(version=draft, actor=None)
    assert south == city.ward_b
    assert Placement.objects.get(version=draft, unit=north).parent == city.district
    assert "TP.Q1.A.CB1" in _codes_under(city.ward_b, REFORM)
    assert successor_shares(city.ward_a) == {north: Decimal("0.6"), city.ward_b: Decimal("0.4")}


@pytest.mark.django_db
def test_split_shares_must_add_up(city):
    draft = _draft()
    with pytest.raises(ValidationError, match="cộng lại bằng 1"):
        unit_split(
            version=draft,
            unit=city.ward_a,
            parts=[
                SplitPart(Decimal("0.5"), unit=city.ward_b),
                SplitPart(Decimal("0.3"), unit=city.board),
            ],
            actor=None,
        )
    assert not Succession.objects.exists()


@pytest.mark.django_db
def test_dissolve_needs_a_home_for_children(city):
    draft = _draft()
    with pytest.raises(ValidationError, match="trực thuộc"):
        unit_dissolve(version=draft, unit=city.district, actor=None)
    unit_dissolve(version=draft, unit=city.district, successor=city.city, actor=None)
    hierarchy_version_publish(version=draft, actor=None)
    assert Placement.objects.get(version=draft, unit=city.ward_a).parent == city.city
    assert Succession.objects.get(kind="dissolve").successor == city.city


@pytest.mark.django_db
def test_rename_is_dated_and_keeps_the_old_name_for_history(city, city_specialist):
    unit_rename(
        unit=city.board,
        name="Ban Tuyên giáo và Dân vận Thành ủy",
        abbreviation="BTGDVTU",
        effective_date=date(2025, 3, 1),
        actor=None,
    )
    assert city.board.profile_on(date(2024, 12, 31)).name == "Ban Tuyên giáo Thành ủy"
    assert city.board.profile_on(date(2025, 3, 1)).abbreviation == "BTGDVTU"
    found = tree_as_of(city_specialist, date(2025, 3, 1), query="dân vận")
    assert [node.name for node in found] == ["Thành ủy Thành phố"]
    assert [child.name for child in found[0].children] == ["Ban Tuyên giáo và Dân vận Thành ủy"]
    assert not found[0].matches


@pytest.mark.django_db
def test_ward_officer_cannot_restructure(city, ward_officer_a):
    draft = _draft()
    with pytest.raises(PermissionDenied):
        unit_move(version=draft, unit=city.ward_a, new_parent=city.city, actor=ward_officer_a)
    with pytest.raises(PermissionDenied):
        hierarchy_version_create(effective_date=date(2026, 1, 1), name="X", actor=ward_officer_a)


@pytest.mark.django_db
def test_specialist_restructures_inside_their_subtree(city, city_specialist):
    draft = _draft(actor=city_specialist)
    unit_move(version=draft, unit=city.ward_a, new_parent=city.city, actor=city_specialist)
    hierarchy_version_publish(version=draft, actor=city_specialist)
    assert HierarchyVersion.objects.get(pk=draft.pk).published_by == city_specialist


@pytest.mark.django_db
def test_leader_grants_inside_subtree_and_only_rights_they_hold(city, city_leader, outsider):
    membership = membership_grant(
        user=outsider,
        unit=city.ward_a,
        role=role("grassroots_officer"),
        valid_from=REFORM,
        actor=city_leader,
    )
    assert membership.granted_by == city_leader
    with pytest.raises(PermissionDenied, match="Chuyên viên"):
        membership_grant(
            user=outsider,
            unit=city.ward_a,
            role=role("specialist"),
            valid_from=REFORM,
            actor=city_leader,
        )
    with pytest.raises(ValidationError):
        membership_grant(
            user=outsider,
            unit=city.ward_a,
            role=role("grassroots_officer"),
            valid_from=REFORM,
            actor=city_leader,
        )


@pytest.mark.django_db
def test_ward_leader_cannot_grant_in_another_ward(city, outsider):
    from tuyengiao.orgs.tests.personas import person

    leader_a = person("ld.phuonga", "Lý Văn Ân", city.ward_a, "leader")
    with pytest.raises(PermissionDenied):
        membership_grant(
            user=outsider, unit=city.ward_b, role=role("viewer"), valid_from=REFORM, actor=leader_a
        )
    assert not Membership.objects.filter(user=outsider).exists()


@pytest.mark.django_db
def test_revoke_ends_access_now(city, city_leader, ward_officer_a):
    membership = Membership.objects.get(user=ward_officer_a)
    membership_revoke(membership=membership, actor=city_leader)
    assert not Membership.objects.valid_on(date.today()).filter(user=ward_officer_a).exists()
    assert Unit.objects.filter(code="TP.Q1.A").exists()
