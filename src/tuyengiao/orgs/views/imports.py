"""Importing the hierarchy from .xlsx or .csv: check every row first, then all or nothing.

The uploaded file waits as a pending upload (core.pending) between the check and the
confirmation.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from tuyengiao.core.actors import actor_of
from tuyengiao.core.pending import PendingUpload
from tuyengiao.core.transactions import dry_run
from tuyengiao.orgs.access import has_capability
from tuyengiao.orgs.forms import ImportForm
from tuyengiao.orgs.imports import (
    HierarchyImportError,
    import_hierarchy,
    parse_hierarchy_file,
    validate_hierarchy,
)
from tuyengiao.orgs.views.base import OrgsPage


class ImportView(OrgsPage):
    template_name = "orgs/import.html"
    page_title = _("Import the hierarchy")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not has_capability(request.user, "can_manage_units"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=ImportForm()))

    def post(self, request: HttpRequest) -> HttpResponse:
        pending = PendingUpload(request, "orgs_import")
        confirming = "confirm" in request.POST and pending.name is not None
        form = ImportForm(request.POST, request.FILES)
        if confirming:
            form.fields["file"].required = False
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        data = form.cleaned_data
        if confirming:
            name, content = pending.read() or ("", b"")
        else:
            name, content = data["file"].name, data["file"].read()
        options = {
            "effective_date": data["effective_date"],
            "version_name": data["name"],
            "legal_basis": data["legal_basis"],
            "actor": actor_of(request.user),
        }
        try:
            plan = validate_hierarchy(
                parse_hierarchy_file(name, content), effective_date=data["effective_date"]
            )
            if confirming:
                result = import_hierarchy(plan, **options)
                pending.discard()
                messages.success(request, _("Imported: %(version)s.") % {"version": result.version})
                return redirect("orgs:tree")
            result = dry_run(lambda: import_hierarchy(plan, **options))
        except HierarchyImportError as error:
            return self.render_to_response(
                self.get_context_data(form=form, errors=error.row_errors)
            )
        pending.keep(name, content)
        return self.render_to_response(self.get_context_data(form=form, result=result))
