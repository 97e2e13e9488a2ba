"""Audit entries for service writes, through Wagtail's log-action registry.

Every service that changes state calls :func:`audit` once, inside its transaction, so that
the entry and the change commit or roll back together. Entries appear in the admin's
"Nhật ký" (site history) report.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from wagtail.log_actions import log

from tuyengiao.core.actors import Actor, person_of


def audit(
    *,
    instance: Model,
    action: str,
    actor: Actor,
    data: dict[str, Any] | None = None,
) -> None:
    """Record that ``actor`` performed ``action`` on ``instance``; the system's entries carry
    no user, as Wagtail shows them."""
    log(instance=instance, action=action, user=person_of(actor), data=data or {})
