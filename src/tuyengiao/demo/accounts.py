"""Demo accounts: one per kind of person who uses the platform, with known passwords.

Each account holds one role in one unit of the demo tree (``tuyengiao.demo.orgs``), granted
through the organisations service by the system. The units must exist first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from tuyengiao.core.actors import SYSTEM
from tuyengiao.core.models import User
from tuyengiao.core.services import user_create
from tuyengiao.orgs.models import Membership, Role, Unit
from tuyengiao.orgs.services import membership_grant

DEMO_PASSWORD = "TuyenGiao@2026"


class DemoDataError(Exception):
    """The demo data cannot be loaded into this database as it stands."""


@dataclass(frozen=True)
class DemoAccount:
    """A demo login: who it is, and the role (``Role.code``) it holds in a unit (``Unit.code``)."""

    username: str
    full_name: str
    role: str
    unit: str
    is_superuser: bool = False
    groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoLogin:
    """One line of the printed login table: the account, its role and unit, and its period."""

    username: str
    full_name: str
    role_name: str
    unit_code: str
    unit_name: str
    valid_from: date
    valid_to: date | None


# The names are invented for the demo; they are not those of real officials.
DEMO_ACCOUNTS = (
    # City level: the Thành ủy Hà Nội, whose subtree is the whole demo tree.
    DemoAccount("quantri", "Trần Minh Quân", "system_admin", "HN", is_superuser=True),
    DemoAccount("lanhdao", "Nguyễn Quang Huy", "leader", "HN"),
    # "Editors" is the staff group Wagtail creates on install: admin access and page editing.
    DemoAccount("chuyenvien", "Lê Thu Hà", "specialist", "HN", groups=("Editors",)),
    DemoAccount("baocaovien", "Đặng Văn Thành", "reporter", "HN"),
    DemoAccount(
        "bientap", "Hoàng Mai Anh", "portal_editor", "HN", groups=("Editors", "Moderators")
    ),
    DemoAccount("theodoi", "Vũ Đức Trung", "viewer", "HN"),
    # Ward level, in the wards formed on 1 July 2025.
    DemoAccount("lanhdao.badinh", "Phan Thị Thu Trang", "leader", "HN.P.BADINH"),
    DemoAccount("canbo.badinh", "Đỗ Minh Tuấn", "grassroots_officer", "HN.P.BADINH"),
    DemoAccount("canbo.ngocha", "Bùi Thị Lan", "grassroots_officer", "HN.P.NGOCHA"),
    # Historical: an officer of a ward that merged on 1 July 2025; the merge ended the role.
    DemoAccount("canbo.phucxa", "Ngô Văn Hải", "grassroots_officer", "HN.BADINH.PHUCXA"),
)


@transaction.atomic
def ensure_demo_accounts(accounts: Sequence[DemoAccount] = DEMO_ACCOUNTS) -> list[DemoLogin]:
    """Create the missing demo accounts, reset their passwords to the known one and grant
    the memberships they lack; returns their logins.

    A membership runs from the day its unit came into existence (the start of the hierarchy
    version that created it) and, for a unit that has ended, until its last day. An account
    whose unit ends later (``canbo.phucxa``) is created by the demo tree before the merge, so
    that the merge itself ends its membership.
    """
    units = {
        unit.code: unit
        for unit in Unit.objects.filter(code__in={a.unit for a in accounts}).prefetch_related(
            "profiles"
        )
    }
    missing = sorted({account.unit for account in accounts} - units.keys())
    if missing:
        raise DemoDataError(
            f"Chưa có đơn vị {', '.join(missing)}: hãy nạp cây tổ chức mẫu trước tài khoản mẫu."
        )
    roles = {role.code: role for role in Role.objects.filter(code__in={a.role for a in accounts})}
    users = {
        user.username: user
        for user in User.objects.filter(username__in=[a.username for a in accounts])
    }
    held = set(
        Membership.objects.filter(
            user__in=users.values(), unit__in=units.values(), revoked_at__isnull=True
        ).values_list("user_id", "unit_id", "role_id")
    )
    logins = []
    for account in accounts:
        user = users.get(account.username)
        if user is None:
            user = user_create(
                username=account.username,
                password=DEMO_PASSWORD,
                full_name=account.full_name,
                is_superuser=account.is_superuser,
                groups=account.groups,
                actor=SYSTEM,
            )
        elif not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        unit, role = units[account.unit], roles[account.role]
        if (user.pk, unit.pk, role.pk) not in held:
            membership_grant(
                user=user,
                unit=unit,
                role=role,
                valid_from=unit.valid_from,
                valid_to=unit.valid_to,
                actor=SYSTEM,
            )
        last_profile = max(unit.profiles.all(), key=lambda profile: profile.valid_from)
        logins.append(
            DemoLogin(
                username=account.username,
                full_name=account.full_name,
                role_name=role.name,
                unit_code=unit.code,
                unit_name=last_profile.name,
                valid_from=unit.valid_from,
                valid_to=unit.valid_to,
            )
        )
    return logins
