"""Who performs a write: a signed-in person, or the platform itself.

Every service takes ``actor: Actor``. A person's rights are checked against their roles; the
platform acting on its own behalf (a command the operator runs, the demo data, figures derived
by a task) is the explicit :data:`SYSTEM` actor, which holds every right and is named as such
in the audit log. There is no "no actor": a service never skips its checks because it was
given nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Final, TypeAlias

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from tuyengiao.core.models import User


class SystemActor:
    """The platform acting on its own behalf; answers like a superuser to the access checks.

    One instance exists, :data:`SYSTEM`. It is not a database row: fields such as
    ``created_by`` stay empty for it (see :func:`person_of`) and audit entries carry no user.
    """

    is_authenticated: ClassVar[bool] = True
    is_anonymous: ClassVar[bool] = False
    is_active: ClassVar[bool] = True
    is_superuser: ClassVar[bool] = True
    is_staff: ClassVar[bool] = True
    pk: ClassVar[None] = None
    id: ClassVar[None] = None
    username: ClassVar[str] = "system"

    def __repr__(self) -> str:
        return "SYSTEM"

    def get_full_name(self) -> str:
        return _("The system")

    def get_username(self) -> str:
        return self.username


SYSTEM: Final = SystemActor()

Actor: TypeAlias = "User | SystemActor"
"""The acting party of a service: a person (checked against their roles) or :data:`SYSTEM`."""

Viewer: TypeAlias = "User | AnonymousUser | SystemActor"
"""Whoever a selector reads for: a person, an anonymous visitor, or the system."""


def person_of(actor: Actor | AnonymousUser) -> User | None:
    """The person behind ``actor``, for fields such as ``created_by``; None for the system."""
    from tuyengiao.core.models import User

    return actor if isinstance(actor, User) else None


def actor_of(user: object) -> Actor:
    """``request.user`` (or an API's authenticated user) as an :data:`Actor`.

    Refuses anonymous visitors, so that a view that forgot its login check cannot reach a
    service as anybody.
    """
    from tuyengiao.core.models import User

    if isinstance(user, User | SystemActor) and user.is_authenticated:
        return user
    raise PermissionDenied(_("Please sign in to do this."))
