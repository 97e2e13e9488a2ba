"""What every organisation screen shares: admin furniture and the date being looked at."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tuyengiao.core.admin_views import AdminPage
from tuyengiao.core.dates import parse_date


def as_of(request: Any) -> date:
    """The ``on`` query parameter (dd/mm/yyyy or yyyy-mm-dd), today when absent or unreadable."""
    return parse_date(request.GET.get("on")) or timezone.localdate()


class OrgsPage(AdminPage):
    """An admin page under "Tổ chức", with breadcrumbs back to the tree."""

    header_icon = "site"
    parent_url_name = "orgs:tree"
    parent_label = _("Organisation tree")
