"""Admin menu items shown according to the person's roles."""

from __future__ import annotations

from typing import Any

from wagtail.admin.menu import MenuItem

from tuyengiao.orgs.access import capabilities_held


class CapabilityMenuItem(MenuItem):
    """Shown to people whose memberships give ``capability`` (None: any role; administrators:
    always)."""

    def __init__(self, *args: Any, capability: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.capability = capability

    def is_shown(self, request: Any) -> bool:
        # The menu is drawn on every admin page: the person's capabilities are read once per
        # request, however many items ask.
        held = getattr(request, "_capabilities_held", None)
        if held is None:
            held = request._capabilities_held = capabilities_held(request.user)
        return (self.capability or "") in held
