"""The demo organisation tree of Hà Nội: three published versions built through the services."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone
from pytest_django import DjangoDbBlocker

from tuyengiao.core.actors import SYSTEM
from tuyengiao.demo import orgs as demo_orgs
from tuyengiao.demo.accounts import DEMO_ACCOUNTS
from tuyengiao.demo.orgs import ensure_demo_orgs
from tuyengiao.orgs.models import HierarchyVersion, Membership, Succession, Unit
from tuyengiao.orgs.selectors import TreeNode, flatten, successor_shares, tree_as_of, unit_history
from tuyengiao.orgs.services import hierarchy_version_create

BEFORE_REFORM = date(2022, 9, 30)
AFTER_REFORM = date(2025, 9, 30)
NEW_COMMUNES = {
    "HN.P.BADINH",
    "HN.P.NGOCHA",
    "HN.P.GIANGVO",
    "HN.P.THANHXUAN",
    "HN.P.KHUONGDINH",
    "HN.P.PHUONGLIET",
    "HN.P.HOANKIEM",
    "HN.P.CUANAM",
    "HN.P.LONGBIEN",
    "HN.P.BODE",
    "HN.X.PHUCTHO",
    "HN.X.HATMON",
    "HN.X.QUOCOAI",
}


def _load() -> str:
    out = StringIO()
    call_command("demo_load", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="class")
def demo_loaded(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """The demo loaded once for a class of tests, rolled back after its last test (each test
    runs in a savepoint inside this transaction)."""
    with django_db_blocker.unblock(), transaction.atomic():
        _load()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def admin_user(demo_loaded: None, db: None) -> AbstractUser:
    """The demo's system administrator (a superuser: sees the whole tree)."""
    return get_user_model().objects.get(username="quantri")


def _children(node: TreeNode) -> dict[str, str]:
    """Codes of the node's children, each with its kind."""
    return {child.unit.code: child.profile.kind.code for child in node.children}


def _node(nodes: list[TreeNode], code: str) -> TreeNode:
    return next(node for node in flatten(nodes) if node.unit.code == code)


def _unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_loaded")
class TestDemoTree:
    def test_tree_before_reform_has_districts_and_their_wards(self, admin_user):
        """On 30/9/2022 the Thành ủy has its 30 district committees and 2 boards below it;
        Ba Đình has its 14 wards and its board, Thanh Xuân its 11 wards and its board."""
        roots = tree_as_of(admin_user, BEFORE_REFORM)
        assert [root.unit.code for root in roots] == ["HN"]
        below_city = _children(roots[0])
        assert len(below_city) == 32
        assert list(below_city.values()).count("district_committee") == 30
        assert below_city["HN.BTGTU"] == "propaganda_board"
        assert below_city["HN.BDVTU"] == "mass_mobilisation_board"
        for code in ("HN.BADINH", "HN.THANHXUAN", "HN.SONTAY", "HN.UNGHOA", "HN.DONGDA"):
            assert below_city[code] == "district_committee"
        ba_dinh = _node(roots, "HN.BADINH")
        assert ba_dinh.name == "Quận ủy Ba Đình"
        assert _node(roots, "HN.SONTAY").name == "Thị ủy Sơn Tây"
        assert _node(roots, "HN.PHUCTHO").name == "Huyện ủy Phúc Thọ"
        assert list(_children(ba_dinh).values()).count("commune_committee") == 14
        assert _children(ba_dinh)["HN.BADINH.BTG"] == "propaganda_board"
        thanh_xuan = _children(_node(roots, "HN.THANHXUAN"))
        assert list(thanh_xuan.values()).count("commune_committee") == 11
        assert thanh_xuan["HN.THANHXUAN.BTG"] == "propaganda_board"
        phuc_xa = _node(roots, "HN.BADINH.PHUCXA")
        assert phuc_xa.name == "Đảng ủy phường Phúc Xá"
        assert [(c.unit.code, c.depth) for c in phuc_xa.children] == [("HN.BADINH.PHUCXA.CB1", 3)]
        assert _node(roots, "HN.PHUCTHO.PHUCTHO").name == "Đảng ủy thị trấn Phúc Thọ"
        assert _node(roots, "HN.PHUCTHO.HATMON").name == "Đảng ủy xã Hát Môn"

    def test_tree_after_reform_has_no_district_level(self, admin_user):
        """On 30/9/2025 no district committee is left; the merged board and the 2025 wards
        and communes sit directly under the Thành ủy, Phúc Xá's party cell under phường Ba
        Đình."""
        roots = tree_as_of(admin_user, AFTER_REFORM)
        assert [root.unit.code for root in roots] == ["HN"]
        kinds = {node.profile.kind.code for node in flatten(roots)}
        assert "district_committee" not in kinds
        below_city = _children(roots[0])
        assert set(below_city) == NEW_COMMUNES | {"HN.BTGDVTU"}
        assert below_city["HN.BTGDVTU"] == "propaganda_board"
        assert _node(roots, "HN.BTGDVTU").name == "Ban Tuyên giáo và Dân vận Thành ủy"
        assert _node(roots, "HN.P.BADINH").name == "Đảng ủy phường Ba Đình"
        assert _node(roots, "HN.X.PHUCTHO").name == "Đảng ủy xã Phúc Thọ"
        assert _children(_node(roots, "HN.P.BADINH")) == {"HN.BADINH.PHUCXA.CB1": "party_cell"}

    def test_ba_dinh_ward_successions(self):
        """Phường Ba Đình takes over five wards whole and parts of Đội Cấn (0.5) and Kim Mã
        (0.3), with the reform's legal basis."""
        successions = Succession.objects.filter(successor__code="HN.P.BADINH").select_related(
            "predecessor"
        )
        found = {(s.kind, s.predecessor.code, s.share) for s in successions}
        merged = ["PHUCXA", "TRUCBACH", "QUANTHANH", "NGUYENTRUNGTRUC", "DIENBIEN"]
        assert found == {("merge", f"HN.BADINH.{ward}", Decimal(1)) for ward in merged} | {
            ("split", "HN.BADINH.DOICAN", Decimal("0.5")),
            ("split", "HN.BADINH.KIMMA", Decimal("0.3")),
        }
        assert {s.effective_date for s in successions} == {date(2025, 7, 1)}
        assert {s.legal_basis for s in successions} == {
            "Nghị quyết 1656/NQ-UBTVQH15 ngày 16/6/2025"
        }

    def test_split_ward_shares(self):
        """Đội Cấn's figures go half to phường Ba Đình, half to phường Ngọc Hà."""
        shares = successor_shares(_unit("HN.BADINH.DOICAN"))
        assert {unit.code: share for unit, share in shares.items()} == {
            "HN.P.BADINH": Decimal("0.5"),
            "HN.P.NGOCHA": Decimal("0.5"),
        }

    def test_city_board_history_shows_its_merge(self):
        """The Ban Tuyên giáo Thành ủy ends on 28/2/2025, merged into the BTGDVTU."""
        board = _unit("HN.BTGTU")
        assert board.valid_to == date(2025, 2, 28)
        merges = [event for event in unit_history(board) if event.kind == "merge"]
        assert len(merges) == 1
        assert merges[0].on == date(2025, 3, 1)
        assert "HN.BTGDVTU" in merges[0].text
        succession = Succession.objects.get(predecessor=board)
        assert succession.successor.code == "HN.BTGDVTU"
        assert succession.legal_basis.endswith("(dữ liệu minh họa)")

    def test_versions_are_published_in_order(self):
        """Three published versions, the last of which ends the districts and their boards."""
        versions = HierarchyVersion.objects.order_by("effective_date")
        assert [(v.effective_date, v.is_published) for v in versions] == [
            (date(2020, 1, 1), True),
            (date(2025, 3, 1), True),
            (date(2025, 7, 1), True),
        ]
        dissolved = Succession.objects.filter(kind="dissolve", successor__isnull=True)
        assert dissolved.count() == 32
        assert _unit("HN.BADINH").valid_to == date(2025, 6, 30)

    def test_historical_membership_ended_with_the_merge(self):
        """canbo.phucxa was a ward officer of Phúc Xá from 2020 until the day before it
        merged."""
        membership = Membership.objects.get(user__username="canbo.phucxa")
        assert membership.unit.code == "HN.BADINH.PHUCXA"
        assert membership.role.code == "grassroots_officer"
        assert membership.valid_from == date(2020, 1, 1)
        assert membership.valid_to == date(2025, 6, 30)
        assert membership.revoked_at is None

    def test_each_demo_account_has_its_role(self):
        """Every demo account exists with its role in its unit (valid today, except the
        historical one); the administrator is a superuser, editors are in "Editors"."""
        today = timezone.localdate()
        for account in DEMO_ACCOUNTS:
            user = get_user_model().objects.get(username=account.username)
            membership = Membership.objects.get(user=user)
            assert (membership.role.code, membership.unit.code) == (account.role, account.unit)
            assert membership.is_valid_on(today) == (account.username != "canbo.phucxa")
            assert user.is_superuser == account.is_superuser
            assert set(user.groups.values_list("name", flat=True)) == set(account.groups)
        assert get_user_model().objects.get(username="quantri").is_superuser
        editors = ["bientap", "chuyenvien"]
        assert (
            sorted(
                get_user_model()
                .objects.filter(groups__name="Editors")
                .values_list("username", flat=True)
            )
            == editors
        )
        ward = Membership.objects.get(user__username="lanhdao.badinh")
        assert ward.valid_from == date(2025, 7, 1)

    def test_every_unit_is_demo_data(self):
        """All 94 units of the demo are marked as demonstration data."""
        assert Unit.objects.count() == 94
        assert not Unit.objects.filter(is_demo=False).exists()

    def test_loading_again_changes_nothing(self):
        """A second demo_load leaves the same number of rows in every organisation model and
        of users."""

        def counts() -> dict[str, int]:
            models = [*apps.get_app_config("orgs").get_models(), get_user_model()]
            return {model.__name__: model.objects.count() for model in models}

        before = counts()
        output = _load()
        assert counts() == before
        assert "đã có, không thay đổi" in output


@pytest.mark.django_db
def test_failed_build_leaves_no_half_tree(monkeypatch):
    """A failure in the last version rolls back the whole tree and the historical account."""

    def fail(self: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(demo_orgs._Builder, "reform", fail)
    with pytest.raises(RuntimeError):
        ensure_demo_orgs()
    assert not Unit.objects.exists()
    assert not HierarchyVersion.objects.exists()
    assert not get_user_model().objects.filter(username="canbo.phucxa").exists()


@pytest.mark.django_db
def test_demo_tree_refuses_a_database_with_another_tree():
    """The demo versions cannot be placed among other versions: demo_load says so."""
    hierarchy_version_create(effective_date=date(2024, 1, 1), name="Cây khác", actor=SYSTEM)
    with pytest.raises(CommandError, match="cây tổ chức khác"):
        _load()
    assert not Unit.objects.exists()


@pytest.mark.django_db
def test_demo_tree_query_count(django_assert_max_num_queries):
    """Building the tree stays within a bounded number of queries (no runaway N+1)."""
    with django_assert_max_num_queries(2500):
        ensure_demo_orgs()
