"""What every organisation screen shares: admin furniture and the date being looked at."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from tuyengiao.core.dates import parse_date


def as_of(request: Any) -> date:
    """The ``on`` query parameter (dd/mm/yyyy or yyyy-mm-dd), today when absent or unreadable."""
    return parse_date(request.GET.get("on")) or timezone.localdate()


class OrgsPage(WagtailAdminTemplateMixin, TemplateView):
    """An admin page under "Tổ chức", with breadcrumbs back to the tree."""

    header_icon = "site"
    parent_label = _("Organisation tree")

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        items = [*self.breadcrumbs_items]
        items.append({"url": reverse("orgs:tree"), "label": self.parent_label})
        items.append({"url": "", "label": self.get_page_title()})
        return items
