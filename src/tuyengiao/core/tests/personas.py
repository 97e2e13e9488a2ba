"""The named personas of permission tests, as pytest fixtures (loaded by the root conftest).

Personas are created through the real services, as the demo data and the admin create
people; the organisations app will add their units and roles.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AbstractUser

from tuyengiao.core.services import user_create

PERSONA_PASSWORD = "persona-password-2026"


@pytest.fixture
def system_admin(db: None) -> AbstractUser:
    """Quản trị hệ thống: a superuser."""
    return user_create(
        username="quantri",
        password=PERSONA_PASSWORD,
        full_name="Trần Minh Quân",
        is_superuser=True,
        actor=None,
    )


@pytest.fixture
def specialist(db: None) -> AbstractUser:
    """Chuyên viên: staff with access to the admin (Wagtail's Editors group)."""
    return user_create(
        username="chuyenvien",
        password=PERSONA_PASSWORD,
        full_name="Lê Thu Hà",
        groups=["Editors"],
        actor=None,
    )


@pytest.fixture
def outsider(db: None) -> AbstractUser:
    """An account with no access to the admin and no units."""
    return user_create(
        username="nguoingoai",
        password=PERSONA_PASSWORD,
        full_name="Phạm Văn Ngoại",
        actor=None,
    )
