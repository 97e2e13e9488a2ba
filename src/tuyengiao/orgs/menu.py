"""Admin menu items shown according to the person's roles."""

from __future__ import annotations

from typing import Any

from wagtail.admin.menu import MenuItem

from tuyengiao.orgs.access import has_capability


class CapabilityMenuItem(MenuItem):
    """Shown to people whose memberships give ``capability`` (None: any role; administrators:
    always)."""

    def __init__(self, *args: Any, capability: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.capability = capability

    def is_shown(self, request: Any) -> bool:
        return has_capability(request.user, self.capability)
