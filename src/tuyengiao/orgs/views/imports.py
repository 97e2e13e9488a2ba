"""Importing the hierarchy from .xlsx or .csv: check every row first, then all or nothing.

The uploaded file waits in VAR_DIR/imports/ (not under MEDIA_ROOT, which may be served)
between the check and the confirmation, named by a random token that only the uploader's
session knows; a new upload replaces the previous one.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

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

SESSION_KEY = "orgs_import"


def _upload_dir() -> Path:
    path = Path(settings.VAR_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


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
        form = ImportForm(request.POST, request.FILES)
        pending = request.session.get(SESSION_KEY)
        if "confirm" in request.POST and pending:
            form = ImportForm(request.POST, {"file": None})
            form.fields["file"].required = False
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        data = form.cleaned_data
        if "confirm" in request.POST and pending:
            name, content = pending["filename"], (_upload_dir() / pending["token"]).read_bytes()
        else:
            upload = data["file"]
            name, content = upload.name, upload.read()
        options = {
            "effective_date": data["effective_date"],
            "version_name": data["name"],
            "legal_basis": data["legal_basis"],
            "actor": request.user,
        }
        try:
            plan = validate_hierarchy(
                parse_hierarchy_file(name, content), effective_date=data["effective_date"]
            )
            if "confirm" in request.POST and pending:
                result = import_hierarchy(plan, **options)
                (_upload_dir() / pending["token"]).unlink(missing_ok=True)
                del request.session[SESSION_KEY]
                messages.success(request, _("Imported: %(version)s.") % {"version": result.version})
                return redirect("orgs:tree")
            result = dry_run(lambda: import_hierarchy(plan, **options))
        except HierarchyImportError as error:
            return self.render_to_response(
                self.get_context_data(form=form, errors=error.row_errors)
            )
        if pending:
            (_upload_dir() / pending["token"]).unlink(missing_ok=True)
        token = secrets.token_urlsafe(16)
        (_upload_dir() / token).write_bytes(content)
        request.session[SESSION_KEY] = {"token": token, "filename": name}
        return self.render_to_response(self.get_context_data(form=form, result=result))
