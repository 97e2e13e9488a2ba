"""Demo accounts: one per kind of person who uses the platform, with known passwords."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from tuyengiao.core.services import user_create

DEMO_PASSWORD = "TuyenGiao@2026"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: str
    is_superuser: bool = False
    groups: tuple[str, ...] = ()


DEMO_ACCOUNTS = (
    DemoAccount("quantri", "Trần Minh Quân", "Quản trị hệ thống", is_superuser=True),
    # "Editors" is the staff group Wagtail creates on install: admin access and page editing.
    DemoAccount(
        "chuyenvien", "Lê Thu Hà", "Chuyên viên Ban Tuyên giáo và Dân vận", groups=("Editors",)
    ),
)


def ensure_demo_accounts() -> list[DemoAccount]:
    """Create the demo accounts that are missing and reset their passwords to the known one."""
    User = get_user_model()
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(username=account.username).first()
        if user is None:
            user_create(
                username=account.username,
                password=DEMO_PASSWORD,
                full_name=account.full_name,
                is_superuser=account.is_superuser,
                groups=account.groups,
                actor=None,
            )
        elif not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
    return list(DEMO_ACCOUNTS)
