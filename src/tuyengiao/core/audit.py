"""Audit entries for service writes, through Wagtail's log-action registry.

Every service that changes state calls :func:`audit` once, inside its transaction, so that
the entry and the change commit or roll back together. Entries appear in the admin's
"Nhật ký" (site history) report.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Model
from wagtail.log_actions import log


def audit(
    *,
    instance: Model,
    action: str,
    actor: AbstractBaseUser | AnonymousUser | None,
    data: dict[str, Any] | None = None,
) -> None:
    """Record that ``actor`` performed ``action`` on ``instance`` (None: the system)."""
    user = actor if actor is not None and actor.is_authenticated else None
    log(instance=instance, action=action, user=user, data=data or {})
