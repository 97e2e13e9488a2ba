"""Writes owned by the core app: people's accounts.

Roles and unit memberships belong to the organisations app; here an account is only a login
with a name, and, for staff, access to the admin through Wagtail's groups.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tuyengiao.core.actors import Actor
from tuyengiao.core.audit import audit
from tuyengiao.core.models import User


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    full_name: str,
    email: str = "",
    is_superuser: bool = False,
    groups: Sequence[str] = (),
    actor: Actor,
) -> User:
    """Create an account; setup and the demo data create theirs as the system.

    Only a superuser (or the system) may create accounts; a duplicate username is refused
    with a message naming it.
    """
    if not actor.is_superuser:
        raise PermissionDenied(_("Only the system administrator may create accounts."))
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(
            {
                "username": _("The username “%(username)s” is already taken.")
                % {"username": username}
            }
        )
    family_and_middle, _space, given = " ".join(full_name.split()).rpartition(" ")
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
