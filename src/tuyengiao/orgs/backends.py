"""Authentication backend that turns memberships into permission to use the admin."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import BaseBackend

from tuyengiao.orgs.access import memberships_of

ADMIN_ACCESS = "wagtailadmin.access_admin"


class MembershipBackend(BaseBackend):
    """Anyone with a membership valid today whose role uses the staff workspace may enter the
    admin; what they see there is limited by the same memberships. It authenticates nobody."""

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if perm != ADMIN_ACCESS or not user_obj.is_active or obj is not None:
            return False
        # Checked many times per admin page: remember the answer for this request's user.
        if not hasattr(user_obj, "_orgs_admin_access"):
            user_obj._orgs_admin_access = memberships_of(user_obj, "can_access_admin").exists()
        return user_obj._orgs_admin_access
