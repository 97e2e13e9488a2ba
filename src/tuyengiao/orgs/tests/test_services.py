"""Changes to the tree happen in draft versions, record successions and are audited."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from wagtail.models import ModelLogEntry

from tuyengiao.core.actors import SYSTEM
from tuyengiao.orgs.models import HierarchyVersion, Membership, Placement, Succession, Unit
from tuyengiao.orgs.selectors import descendants, successor_shares, tree_as_of
from tuyengiao.orgs.services import (
    NewUnit,
    SplitPart,
    hierarchy_version_create,
    hierarchy_version_publish,
    membership_grant,
    membership_revoke,
    unit_create,
    unit_dissolve,
    unit_merge,
    unit_move,
    unit_rename,
    unit_split,
)
from tuyengiao.orgs.tests.personas import kind, role

REFORM = date(2025, 7, 1)


def _draft(actor=SYSTEM):
    return hierarchy_version_create(effective_date=REFORM, name="Sắp xếp 2025", actor=actor)


def _codes_under(unit, on):
    return sorted(descendants(unit, on).values_list("code", flat=True))


@pytest.mark.django_db
def test_new_version_copies_the_tree_and_leaves_history_alone(city):
    draft = _draft()
    assert draft.placements.count() == city.version.placements.count()
    assert not draft.is_published
    unit_move(version=draft, unit=city.ward_a, new_parent=city.city, actor=SYSTEM)
    # Unpublished: the tree in force after the reform date is still the old one.
    assert "TP.Q1.A" in _codes_under(city.district, date(2025, 9, 30))
    hierarchy_version_publish(version=draft, actor=SYSTEM)
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
        unit_move(version=city.version, unit=city.ward_a, new_parent=city.city, actor=SYSTEM)


@pytest.mark.django_db
def test_version_dates_move_forward_only(city):
    with pytest.raises(ValidationError) as error:
        hierarchy_version_create(effective_date=date(2019, 1, 1), name="Cũ", actor=SYSTEM)
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
        actor=SYSTEM,
    )
    hierarchy_version_publish(version=draft, actor=SYSTEM)
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
        actor=SYSTEM,
    )
    hierarchy_version_publish(version=draft, actor=SYSTEM)
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
            actor=SYSTEM,
        )
    assert not Succession.objects.exists()


@pytest.mark.django_db
def test_dissolve_needs_a_home_for_children(city):
    draft = _draft()
    with pytest.raises(ValidationError, match="trực thuộc"):
        unit_dissolve(version=draft, unit=city.district, actor=SYSTEM)
    unit_dissolve(version=draft, unit=city.district, successor=city.city, actor=SYSTEM)
    hierarchy_version_publish(version=draft, actor=SYSTEM)
    assert Placement.objects.get(version=draft, unit=city.ward_a).parent == city.city
    assert Succession.objects.get(kind="dissolve").successor == city.city


@pytest.mark.django_db
def test_rename_is_dated_and_keeps_the_old_name_for_history(city, city_specialist):
    unit_rename(
        unit=city.board,
        name="Ban Tuyên giáo và Dân vận Thành ủy",
        abbreviation="BTGDVTU",
        effective_date=date(2025, 3, 1),
        actor=SYSTEM,
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


@pytest.mark.django_db
def test_the_system_acts_without_a_person_and_is_audited_as_such(city, outsider):
    """The system publishes, grants and revokes: the "by" fields stay empty (it is not a
    person) and each audit entry carries no user."""
    draft = _draft()
    unit_move(version=draft, unit=city.ward_a, new_parent=city.city, actor=SYSTEM)
    published = hierarchy_version_publish(version=draft, actor=SYSTEM)
    membership = membership_grant(
        user=outsider, unit=city.city, role=role("viewer"), valid_from=REFORM, actor=SYSTEM
    )
    membership_revoke(membership=membership, actor=SYSTEM)

    published.refresh_from_db()
    membership.refresh_from_db()
    assert published.published_at is not None
    assert published.published_by is None
    assert membership.granted_by is None
    assert membership.revoked_at is not None
    assert membership.revoked_by is None
    entries = [
        *ModelLogEntry.objects.for_instance(published),
        *ModelLogEntry.objects.for_instance(membership),
    ]
    assert sorted(entry.action for entry in entries) == [
        "tuyengiao.orgs.revoke",
        "wagtail.create",
        "wagtail.create",
        "wagtail.publish",
    ]
    assert all(entry.user_id is None for entry in entries)


@pytest.mark.django_db
def test_only_administrators_create_root_units(city, city_specialist, system_admin):
    """A unit without a parent sits above everyone's subtree: a city specialist may not add
    one, an administrator may."""
    draft = _draft()
    spec = NewUnit(code="TP2", name="Thành ủy Thành phố Hai", kind=kind("city_committee"))
    with pytest.raises(PermissionDenied):
        unit_create(version=draft, spec=spec, actor=city_specialist)
    assert unit_create(version=draft, spec=spec, actor=system_admin).code == "TP2"


@pytest.mark.django_db
def test_refusals_speak_the_language_of_the_request(city, ward_officer_a, outsider):
    """Messages are written in English in the code and shown in Vietnamese by default."""

    def refusal() -> str:
        with pytest.raises(PermissionDenied) as refused:
            membership_grant(
                user=outsider,
                unit=city.ward_b,
                role=role("viewer"),
                valid_from=REFORM,
                actor=ward_officer_a,
            )
        return str(refused.value)

    with translation.override("vi"):
        assert refusal() == "Bạn chỉ được phân quyền trong phạm vi đơn vị mình quản lý."
    with translation.override("en"):
        assert refusal() == "You may only grant roles within the units you manage."
    with translation.override("en"), pytest.raises(ValidationError) as invalid:
        hierarchy_version_create(effective_date=date(2019, 1, 1), name="Cũ", actor=SYSTEM)
    assert invalid.value.message_dict["effective_date"] == [
        "The effective date must be after 01/01/2020, the date of the latest version."
    ]


@pytest.mark.django_db
def test_placement_paths_are_made_of_path_segments(city):
    """Each level of a path is the unit's id in base 36, six digits wide."""
    assert Placement.path_segment(1) == "000001"
    assert Placement.path_segment(36) == "000010"
    assert Placement.path_segment(36**6 - 1) == "zzzzzz"
    cell = Placement.objects.get(version=city.version, unit=city.cell_a)
    expected = "".join(
        Placement.path_segment(unit.pk)
        for unit in (city.city, city.district, city.ward_a, city.cell_a)
    )
    assert cell.path == expected
