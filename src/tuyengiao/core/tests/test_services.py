"""Accounts are created through a service that checks the actor and leaves an audit entry."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from wagtail.models import ModelLogEntry

from tuyengiao.core.actors import SYSTEM
from tuyengiao.core.services import user_create


def _create(actor=SYSTEM, username="canbo.phuong", **kwargs):
    return user_create(
        username=username,
        password="mat-khau-dai-2026",
        full_name="Nguyễn Thị Minh Phương",
        actor=actor,
        **kwargs,
    )


@pytest.mark.django_db
def test_user_create_splits_vietnamese_name_and_audits(system_admin):
    """The given name is the last word and people are addressed by it; the full name puts
    the family name first. One audit entry names the actor."""
    user = _create(actor=system_admin, groups=["Editors"])
    assert (user.last_name, user.first_name) == ("Nguyễn Thị Minh", "Phương")
    assert user.get_full_name() == "Nguyễn Thị Minh Phương"
    assert user.get_short_name() == "Phương"
    assert user.check_password("mat-khau-dai-2026")
    assert list(user.groups.values_list("name", flat=True)) == ["Editors"]
    entry = ModelLogEntry.objects.for_instance(user).get()
    assert (entry.action, entry.user) == ("wagtail.create", system_admin)
    assert entry.data == {"groups": ["Editors"]}


@pytest.mark.django_db
def test_system_created_account_is_audited_without_a_user():
    user = _create()
    assert ModelLogEntry.objects.for_instance(user).get().user is None


@pytest.mark.django_db
def test_duplicate_username_is_refused_by_name_case_insensitively():
    _create()
    with pytest.raises(ValidationError) as error:
        _create(username="CanBo.Phuong")
    assert "CanBo.Phuong" in error.value.message_dict["username"][0]
    assert get_user_model().objects.count() == 1


@pytest.mark.django_db
def test_only_a_system_admin_creates_accounts(specialist):
    """A specialist cannot create accounts, and nothing is written when refused."""
    before = get_user_model().objects.count()
    with pytest.raises(PermissionDenied):
        _create(actor=specialist)
    assert get_user_model().objects.count() == before
    assert not ModelLogEntry.objects.filter(action="wagtail.create", user=specialist).exists()


@pytest.mark.django_db
def test_refusals_are_translated(specialist):
    """The messages are English in the code and Vietnamese for the people who use it."""
    _create()
    with translation.override("en"), pytest.raises(ValidationError) as error:
        _create()
    assert error.value.message_dict["username"] == ["The username “canbo.phuong” is already taken."]
    with translation.override("vi"), pytest.raises(PermissionDenied) as refused:
        _create(actor=specialist, username="khac")
    assert str(refused.value) == "Chỉ quản trị hệ thống được tạo tài khoản."
