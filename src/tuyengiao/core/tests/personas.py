"""The named personas of permission tests, as pytest fixtures (loaded by the root conftest).

Personas are created through the real services, as the demo data and the admin create
people; the organisations app will add their units and roles.
"""

from __future__ import annotations

import pytest

from tuyengiao.core.actors import SYSTEM
from tuyengiao.core.models import User
from tuyengiao.core.services import user_create

PERSONA_PASSWORD = "persona-password-2026"


@pytest.fixture
def system_admin(db: None) -> User:
    """Quản trị hệ thống: a superuser."""
    return user_create(
        username="quantri",
        password=PERSONA_PASSWORD,
        full_name="Trần Minh Quân",
        is_superuser=True,
        actor=SYSTEM,
    )


@pytest.fixture
def specialist(db: None) -> User:
    """Chuyên viên: staff with access to the admin (Wagtail's Editors group)."""
    return user_create(
        username="chuyenvien",
        password=PERSONA_PASSWORD,
        full_name="Lê Thu Hà",
        groups=["Editors"],
        actor=SYSTEM,
    )


@pytest.fixture
def outsider(db: None) -> User:
    """An account with no access to the admin and no units."""
    return user_create(
        username="nguoingoai",
        password=PERSONA_PASSWORD,
        full_name="Phạm Văn Ngoại",
        actor=SYSTEM,
    )
