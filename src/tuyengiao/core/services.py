"""Writes owned by the core app: people's accounts.

Roles and unit memberships belong to the organisations app; here an account is only a login
with a name, and, for staff, access to the admin through Wagtail's groups.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from tuyengiao.core.audit import audit


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    full_name: str,
    email: str = "",
    is_superuser: bool = False,
    groups: Sequence[str] = (),
    actor: AbstractUser | None,
) -> AbstractUser:
    """Create an account; ``actor`` None means the system itself (setup, demo data).

    Only a superuser may create accounts through the system; a duplicate username is refused
    with a message naming it.
    """
    if actor is not None and not actor.is_superuser:
        raise PermissionDenied("Chỉ quản trị hệ thống được tạo tài khoản.")
    User = get_user_model()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": f"Tên đăng nhập “{username}” đã được dùng."})
    family_and_middle, _, given = " ".join(full_name.split()).rpartition(" ")
    user = User(
        username=username,
        email=email,
        first_name=given,
        last_name=family_and_middle,
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    if groups:
        user.groups.set(Group.objects.filter(name__in=groups))
    audit(instance=user, action="wagtail.create", actor=actor, data={"groups": list(groups)})
    return user
