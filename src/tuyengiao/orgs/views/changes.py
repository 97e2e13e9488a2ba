"""Changing the tree: rename, move, dissolve, and the merge and split wizards.

Structural changes show a preview first: the real service runs in a transaction that is
rolled back, so the preview is exactly what confirming will do.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tuyengiao.core.actors import actor_of
from tuyengiao.core.transactions import dry_run
from tuyengiao.orgs.forms import (
    DissolveForm,
    MergeForm,
    MoveForm,
    RenameForm,
    SplitForm,
    SplitPartFormSet,
)
from tuyengiao.orgs.models import HierarchyVersion, Membership, Placement, Succession, Unit
from tuyengiao.orgs.selectors import unit_for_user
from tuyengiao.orgs.services import (
    SplitPart,
    hierarchy_version_draft_for,
    hierarchy_version_publish,
    unit_dissolve,
    unit_merge,
    unit_move,
    unit_rename,
    unit_split,
)
from tuyengiao.orgs.views.base import OrgsPage


def _describe(version: HierarchyVersion) -> dict[str, list[str]]:
    """What a change did in ``version``: successions, moved subtrees, memberships ended."""
    last_day = version.effective_date - timedelta(days=1)
    successions = Succession.objects.filter(version=version).select_related(
        "predecessor", "successor"
    )
    ended = Membership.objects.filter(valid_to=last_day, unit__valid_to=last_day).select_related(
        "user", "role", "unit"
    )
    return {
        "successions": [
            f"{s.get_kind_display().capitalize()}: {s.predecessor} → {s.successor or '—'}"
            + (f" ({s.share:.0%})" if s.share != 1 else "")
            for s in successions
        ],
        "ended_units": [str(unit) for unit in Unit.objects.filter(valid_to=last_day)],
        "ended_memberships": [
            f"{m.user.get_full_name() or m.user.username} — {m.role} — {m.unit}" for m in ended
        ],
    }


class StructuralChangeView(OrgsPage):
    """A form, a preview of its effect, then the change in a draft version (published at once
    when asked)."""

    template_name = "orgs/change.html"
    previews = True
    form_class: type[forms.Form]
    unit: Unit | None = None

    def setup_unit(self, request: HttpRequest, code: str | None) -> None:
        self.unit = unit_for_user(request.user, code) if code else None

    def get_page_title(self) -> str:
        return f"{self.title}: {self.unit}" if self.unit else str(self.title)

    def get_form(self, data: Any = None) -> forms.Form:
        return self.form_class(data, user=self.request.user)

    def extra_forms(self, data: Any = None) -> dict[str, Any]:
        return {}

    def get(self, request: HttpRequest, code: str | None = None) -> HttpResponse:
        self.setup_unit(request, code)
        return self.render_to_response(
            self.get_context_data(form=self.get_form(), **self.extra_forms())
        )

    def post(self, request: HttpRequest, code: str | None = None) -> HttpResponse:
        self.setup_unit(request, code)
        form, extra = self.get_form(request.POST), self.extra_forms(request.POST)
        valid = form.is_valid() and all(f.is_valid() for f in extra.values())
        preview = None
        if valid:
            try:
                if "confirm" in request.POST:
                    version = self.apply(form, extra)
                    messages.success(request, self.done_message(form, version))
                    return redirect(self.success_url(form, version))
                preview = dry_run(lambda: _describe(self.apply(form, extra)))
            except ValidationError as error:
                form.add_error(None, error.messages)
        context = self.get_context_data(form=form, preview=preview, **extra)
        return self.render_to_response(context)

    @transaction.atomic
    def apply(self, form: forms.Form, extra: dict[str, Any]) -> HierarchyVersion:
        data = form.cleaned_data
        version = hierarchy_version_draft_for(
            effective_date=data["effective_date"],
            name=f"Thay đổi từ ngày {data['effective_date']:%d/%m/%Y}",
            legal_basis=data.get("legal_basis", ""),
            actor=actor_of(self.request.user),
        )
        self.change(version, form, extra)
        if data.get("publish"):
            hierarchy_version_publish(version=version, actor=actor_of(self.request.user))
        return version

    def change(self, version: HierarchyVersion, form: forms.Form, extra: dict[str, Any]) -> None:
        raise NotImplementedError

    def done_message(self, form: forms.Form, version: HierarchyVersion) -> str:
        state = _("in force") if version.is_published else _("saved as a draft")
        return f"{self.title}: {state} ({version})."

    def success_url(self, form: forms.Form, version: HierarchyVersion) -> str:
        return f"{reverse('orgs:tree')}?on={version.effective_date.isoformat()}"


class MergeView(StructuralChangeView):
    title = _("Merge units")
    form_class = MergeForm

    def change(self, version: HierarchyVersion, form: forms.Form, extra: dict[str, Any]) -> None:
        unit_merge(
            version=version,
            units=list(form.cleaned_data["units"]),
            into=form.target(),
            legal_basis=form.cleaned_data["legal_basis"],
            actor=actor_of(self.request.user),
        )


class SplitView(StructuralChangeView):
    title = _("Split unit")
    form_class = SplitForm

    def get_form(self, data: Any = None) -> forms.Form:
        return SplitForm(data)

    def extra_forms(self, data: Any = None) -> dict[str, Any]:
        return {
            "parts": SplitPartFormSet(data, prefix="parts", form_kwargs={"user": self.request.user})
        }

    def change(self, version: HierarchyVersion, form: forms.Form, extra: dict[str, Any]) -> None:
        parent = (
            Placement.objects.filter(version=version, unit=self.unit)
            .values_list("parent", flat=True)
            .first()
        )
        parent_unit = Unit.objects.filter(pk=parent).first()
        parts = [
            SplitPart(
                share=part.cleaned_data["share"],
                unit=part.cleaned_data.get("unit"),
                new=part.new_unit(parent_unit),
            )
            for part in extra["parts"].forms
            if part.cleaned_data
        ]
        unit_split(
            version=version,
            unit=self.unit,
            parts=parts,
            legal_basis=form.cleaned_data["legal_basis"],
            actor=actor_of(self.request.user),
        )


class MoveView(StructuralChangeView):
    title = _("Transfer unit")
    form_class = MoveForm

    def change(self, version: HierarchyVersion, form: forms.Form, extra: dict[str, Any]) -> None:
        unit_move(
            version=version,
            unit=self.unit,
            new_parent=form.cleaned_data["new_parent"],
            legal_basis=form.cleaned_data["legal_basis"],
            actor=actor_of(self.request.user),
        )


class DissolveView(StructuralChangeView):
    title = _("Dissolve unit")
    form_class = DissolveForm

    def change(self, version: HierarchyVersion, form: forms.Form, extra: dict[str, Any]) -> None:
        unit_dissolve(
            version=version,
            unit=self.unit,
            successor=form.cleaned_data["successor"],
            legal_basis=form.cleaned_data["legal_basis"],
            actor=actor_of(self.request.user),
        )


class RenameView(OrgsPage):
    """A new name (abbreviation, kind) from a date; the old one stays in the history."""

    template_name = "orgs/change.html"
    title = _("Rename unit")

    def get_page_title(self) -> str:
        return f"{self.title}: {self.unit}"

    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        self.unit = unit_for_user(request.user, code)
        profile = self.unit.last_profile()
        form = RenameForm(
            initial={
                "name": profile.name,
                "abbreviation": profile.abbreviation,
                "kind": profile.kind,
            }
        )
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request: HttpRequest, code: str) -> HttpResponse:
        self.unit = unit_for_user(request.user, code)
        form = RenameForm(request.POST)
        if form.is_valid():
            try:
                unit_rename(unit=self.unit, actor=actor_of(request.user), **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, _("The new name is recorded."))
                return redirect("orgs:unit", code=self.unit.code)
        return self.render_to_response(self.get_context_data(form=form))
