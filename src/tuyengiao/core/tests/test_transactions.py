"""A dry run shows a service's result and keeps nothing."""

import pytest
from django.contrib.auth import get_user_model

from tuyengiao.core.actors import SYSTEM
from tuyengiao.core.services import user_create
from tuyengiao.core.transactions import dry_run


@pytest.mark.django_db
def test_dry_run_returns_the_result_and_rolls_back():
    user = dry_run(
        lambda: user_create(
            username="thu.nghiem",
            password="mat-khau-dai-2026",
            full_name="Thử Nghiệm",
            actor=SYSTEM,
        )
    )
    assert user.username == "thu.nghiem"
    assert not get_user_model().objects.filter(username="thu.nghiem").exists()
