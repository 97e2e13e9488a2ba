"""People's roles in units: the list within the user's reach, granting and revoking."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from tuyengiao.core.actors import actor_of
from tuyengiao.core.text import collation_key
from tuyengiao.orgs.access import has_capability
from tuyengiao.orgs.forms import GrantForm
from tuyengiao.orgs.selectors import memberships_visible_to
from tuyengiao.orgs.services import membership_grant, membership_revoke
from tuyengiao.orgs.views.base import OrgsPage


class MembershipListView(OrgsPage):
    """Memberships valid today in the user's units, by person in Vietnamese order."""

    template_name = "orgs/memberships.html"
    page_title = _("Roles and memberships")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        today = timezone.localdate()
        memberships = list(
            memberships_visible_to(self.request.user)
            .valid_on(today)
            .prefetch_related("unit__profiles")
        )
        memberships.sort(
            # Vietnamese lists of people sort by the given name, then the family name.
            key=lambda m: (collation_key(f"{m.user.first_name} {m.user.last_name}"), m.unit.code)
        )
        return super().get_context_data(
            memberships=memberships,
            can_grant=has_capability(self.request.user, "can_grant"),
            **kwargs,
        )


class GrantView(OrgsPage):
    template_name = "orgs/change.html"
    page_title = _("Grant a role")
    parent_url_name = "orgs:memberships"
    parent_label = _("Roles and memberships")

    def get(self, request: HttpRequest) -> HttpResponse:
        form = GrantForm(user=request.user, initial={"valid_from": timezone.localdate()})
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = GrantForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                membership_grant(actor=actor_of(request.user), **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, _("The role is granted."))
                return redirect("orgs:memberships")
        return self.render_to_response(self.get_context_data(form=form))


class RevokeView(View):
    """End a membership now (POST only)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        membership = get_object_or_404(memberships_visible_to(request.user), pk=pk)
        membership_revoke(membership=membership, actor=actor_of(request.user))
        messages.success(request, _("The role is revoked."))
        return redirect("orgs:memberships")
