"""What the platform's own admin pages share: Wagtail's page furniture and breadcrumbs."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin


class AdminPage(WagtailAdminTemplateMixin, TemplateView):
    """An admin page with breadcrumbs: dashboard › section (``parent_url_name``) › page."""

    parent_url_name = ""
    parent_label: Any = ""

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        items = [*self.breadcrumbs_items]
        if self.parent_url_name:
            items.append({"url": reverse(self.parent_url_name), "label": self.parent_label})
        items.append({"url": "", "label": self.get_page_title()})
        return items
