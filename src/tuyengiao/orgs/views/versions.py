"""The list of hierarchy versions, and publishing a draft."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views import View

from tuyengiao.core.actors import actor_of
from tuyengiao.orgs.access import has_capability
from tuyengiao.orgs.selectors import versions_visible_to
from tuyengiao.orgs.services import hierarchy_version_publish
from tuyengiao.orgs.views.base import OrgsPage


class VersionListView(OrgsPage):
    template_name = "orgs/versions.html"
    page_title = _("Hierarchy versions")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            versions=versions_visible_to(self.request.user).select_related("published_by"),
            can_publish=has_capability(self.request.user, "can_manage_units"),
            **kwargs,
        )


class VersionPublishView(View):
    """Put a draft version into force (POST only)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        version = get_object_or_404(versions_visible_to(request.user), pk=pk)
        try:
            hierarchy_version_publish(version=version, actor=actor_of(request.user))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The version is now in force."))
        return redirect("orgs:versions")
