"""The tree as of a date, a unit's page with its history, and the tree's export."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from tuyengiao.core.formatting import format_percent
from tuyengiao.core.text import vietnamese_sorted
from tuyengiao.orgs import exports
from tuyengiao.orgs.access import can, has_capability, version_in_force
from tuyengiao.orgs.forms import TreeFilterForm
from tuyengiao.orgs.models import Membership
from tuyengiao.orgs.selectors import (
    ancestors,
    flatten,
    successor_shares,
    tree_as_of,
    unit_for_user,
    unit_history,
)
from tuyengiao.orgs.views.base import OrgsPage, as_of


class TreeView(OrgsPage):
    """The units the user may see, as the tree stood on the chosen date (today by default)."""

    template_name = "orgs/tree.html"
    page_title = _("Organisation tree")

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        on = as_of(self.request)
        form = TreeFilterForm({"on": on.isoformat(), "q": self.request.GET.get("q", "")})
        form.is_valid()
        query = form.cleaned_data.get("q", "")
        roots = tree_as_of(self.request.user, on, query=query)
        return super().get_context_data(
            form=form,
            on=on,
            query=query,
            roots=roots,
            count=len(flatten(roots)),
            version=version_in_force(on),
            can_manage=has_capability(self.request.user, "can_manage_units"),
            **kwargs,
        )


class UnitView(OrgsPage):
    """One unit: its name then and now, where it sits, its people and its history."""

    template_name = "orgs/unit.html"

    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        self.unit = unit_for_user(request.user, code)
        return super().get(request, code=code)

    def get_page_title(self) -> str:
        return str(self.unit)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        today = timezone.localdate()
        unit = self.unit
        return super().get_context_data(
            unit=unit,
            profile=unit.profile_on(today) or unit.last_profile(),
            ancestors=ancestors(unit, today),
            history=unit_history(unit),
            successors=vietnamese_sorted(
                [
                    (successor, format_percent(share * 100))
                    for successor, share in successor_shares(unit).items()
                ],
                key=lambda pair: str(pair[0]),
            )
            if unit.valid_to
            else [],
            memberships=Membership.objects.valid_on(today)
            .filter(unit=unit)
            .select_related("user", "role"),
            can_manage=unit.valid_to is None and can(self.request.user, "can_manage_units", unit),
            **kwargs,
        )


class ExportView(View):
    """The tree of the chosen date as an .xlsx (default) or .csv file."""

    def get(self, request: HttpRequest) -> HttpResponse:
        on = as_of(request)
        rows = exports.hierarchy_rows(request.user, on)
        stem = f"cay-to-chuc-{on:%Y-%m-%d}"
        if request.GET.get("format") == "csv":
            response = HttpResponse(exports.hierarchy_to_csv(rows), content_type="text/csv")
            response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
            return response
        response = HttpResponse(
            exports.hierarchy_to_xlsx(rows, on=on),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
        return response
