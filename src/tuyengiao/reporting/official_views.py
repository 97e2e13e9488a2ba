"""Staff screens of the official report, under /admin/reports/official/: the draft (header,
section texts with their figures, signature, recipients) edited before export, the Word and
Excel files written as tasks, and the unit's own Word templates."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views import View

from tuyengiao.core.actors import actor_of
from tuyengiao.core.files import serve_file
from tuyengiao.core.forms import show_errors
from tuyengiao.orgs.selectors import unit_for_user
from tuyengiao.reporting.forms import ChooseForm
from tuyengiao.reporting.models import ReportDraft, ReportRender, ReportTemplate
from tuyengiao.reporting.official.drafts import draft_for, draft_update, text_keys
from tuyengiao.reporting.official.templates import (
    starter_template,
    template_delete,
    template_upload,
    templates_for,
)
from tuyengiao.reporting.official.texts import text_previews
from tuyengiao.reporting.renders import (
    file_name,
    render_for_user,
    render_request,
    renders_of,
)
from tuyengiao.reporting.selectors import form_by_code, require_view
from tuyengiao.reporting.views import ReportsPage, _chosen

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HEADER_FIELDS = (
    "family",
    "superior_body",
    "issuing_body",
    "number",
    "place",
    "issued_on",
    "title",
    "signing_authority",
    "signer_title",
    "signer_name",
    "recipients",
)


class DraftForm(forms.ModelForm):
    """The draft's header, signature and recipients, and its texts (the opening, one per
    section, highlights, proposals), by key."""

    class Meta:
        model = ReportDraft
        fields = HEADER_FIELDS
        widgets = {
            "issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "recipients": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, keys: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.keys = keys
        texts = self.instance.texts or {}
        for key, name in keys.items():
            self.fields[f"text-{key}"] = forms.CharField(
                label=name,
                required=False,
                initial=texts.get(key, ""),
                widget=forms.Textarea(attrs={"rows": 6}),
            )

    def header_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in HEADER_FIELDS]

    def texts(self) -> dict[str, str]:
        return {key: self.cleaned_data[f"text-{key}"].strip() for key in self.keys}

    def text_rows(self, previews: dict[str, Any]) -> list[tuple[forms.BoundField, Any]]:
        """Each text's field with the preview of what the report will say."""
        return [(self[f"text-{key}"], previews.get(key)) for key in self.keys]


class TemplateForm(forms.Form):
    SCOPES = (("unit", _("This unit's reports")), ("form", _("Every unit's reports")))
    name = forms.CharField(label=_("Name"), max_length=255)
    scope = forms.ChoiceField(label=_("Used for"), choices=SCOPES, initial="unit")
    file = forms.FileField(label=_("Word file (.docx) with placeholders"))


def _page_url(form_code: str, unit_code: str, period_code: str) -> str:
    query = urlencode({"form": form_code, "unit": unit_code, "period": period_code})
    return f"{reverse('reporting:official')}?{query}"


def _posted(request: HttpRequest):  # type: ignore[no-untyped-def]
    """The form, unit and period a POST names (404 outside the person's reach)."""
    choose = ChooseForm(request.POST, user=request.user)
    if not choose.is_valid():
        raise Http404("Không tìm thấy báo cáo.")
    form = form_by_code(request.user, choose.cleaned_data["form"])
    unit = unit_for_user(request.user, choose.cleaned_data["unit"].strip())
    period = choose.cleaned_data["period"]
    require_view(request.user, unit, period)
    return form, unit, period


class OfficialReportView(ReportsPage):
    """Pick a report; edit its draft with the figures previewed; write its files."""

    template_name = "reporting/official/report.html"
    page_title = _("Official report")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        choose, chosen = _chosen(self.request)
        context: dict[str, Any] = {"choose": choose, "chosen": chosen}
        if chosen is not None:
            form, unit, period = chosen
            draft, editable = draft_for(self.request.user, form=form, unit=unit, period=period)
            draft_form = kwargs.pop("draft_form", None) or DraftForm(
                instance=draft, keys=text_keys(form)
            )
            context |= {
                "draft_form": draft_form,
                "texts": draft_form.text_rows(text_previews(draft)),
                "editable": editable,
                "renders": renders_of(self.request.user, form=form, unit=unit, period=period),
                "templates": templates_for(form=form, unit=unit),
                "template_form": TemplateForm(),
                "formats": ReportRender.Format.choices,
            }
        return super().get_context_data(**context, **kwargs)

    def post(self, request: HttpRequest) -> HttpResponse:
        """Save the draft."""
        form, unit, period = _posted(request)
        draft, _editable = draft_for(request.user, form=form, unit=unit, period=period)
        bound = DraftForm(request.POST, instance=draft, keys=text_keys(form))
        if bound.is_valid():
            fields = {name: bound.cleaned_data[name] for name in HEADER_FIELDS}
            try:
                draft_update(draft, actor=actor_of(request.user), texts=bound.texts(), **fields)
            except (ValidationError, PermissionDenied) as error:
                show_errors(request, error)
            else:
                messages.success(request, _("The draft is saved."))
                return redirect(_page_url(form.code, unit.code, period.code))
        else:
            messages.error(request, _("The draft is not saved: check the fields marked."))
        self.request.GET = request.POST  # the chosen report, for the page shown again
        return self.render_to_response(self.get_context_data(draft_form=bound))


class RenderRequestView(View):
    """Queue a Word or Excel file of the report (POST)."""

    def post(self, request: HttpRequest) -> HttpResponse:
        form, unit, period = _posted(request)
        try:
            render_request(
                form=form,
                unit=unit,
                period=period,
                fmt=request.POST.get("format", ""),
                actor=actor_of(request.user),
            )
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(request, _("The file is being written; it appears below when done."))
        return redirect(_page_url(form.code, unit.code, period.code))


class RenderStatusView(View):
    """A report file's status and progress, for the page to poll (JSON)."""

    def get(self, request: HttpRequest, pk: int) -> JsonResponse:
        render = render_for_user(request.user, pk)
        done = render.status == ReportRender.Status.DONE
        return JsonResponse(
            {
                "status": render.status,
                "label": render.get_status_display(),
                "progress": render.progress,
                "error": render.error,
                "url": reverse("reporting:render_file", args=[pk]) if done else "",
            }
        )


class RenderFileView(View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        render = render_for_user(request.user, pk)
        if render.status != ReportRender.Status.DONE or not render.file:
            raise Http404("Tệp báo cáo chưa được tạo xong.")
        return serve_file(request, render.file, filename=file_name(render), as_attachment=True)


class TemplateUploadView(View):
    """Upload a Word template for the unit's reports, or every unit's (POST)."""

    def post(self, request: HttpRequest) -> HttpResponse:
        form, unit, period = _posted(request)
        bound = TemplateForm(request.POST, request.FILES)
        if bound.is_valid():
            try:
                template_upload(
                    form=form,
                    unit=unit if bound.cleaned_data["scope"] == "unit" else None,
                    name=bound.cleaned_data["name"],
                    upload=bound.cleaned_data["file"],
                    actor=actor_of(request.user),
                )
            except (ValidationError, PermissionDenied) as error:
                show_errors(request, error)
            else:
                messages.success(request, _("The template is saved; reports now use it."))
        else:
            for errors in bound.errors.values():
                for message in errors:
                    messages.error(request, message)
        return redirect(_page_url(form.code, unit.code, period.code))


class TemplateDeleteView(View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form, unit, period = _posted(request)
        template = templates_for(form=form, unit=unit).filter(pk=pk).first()
        if template is None:
            raise Http404("Không tìm thấy mẫu báo cáo.")
        try:
            template_delete(template, actor=actor_of(request.user))
        except PermissionDenied as error:
            show_errors(request, error)
        else:
            messages.success(request, _("The template is removed."))
        return redirect(_page_url(form.code, unit.code, period.code))


class TemplateFileView(View):
    """Download an uploaded template, or (pk 0) the starter template of the form."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        _choose, chosen = _chosen(request)
        if chosen is None:
            raise Http404("Không tìm thấy báo cáo.")
        form, unit, _period = chosen
        if pk == 0:
            response = HttpResponse(starter_template(form), content_type=DOCX)
            response["Content-Disposition"] = f'attachment; filename="mau-{form.code}.docx"'
            return response
        template: ReportTemplate | None = templates_for(form=form, unit=unit).filter(pk=pk).first()
        if template is None:
            raise Http404("Không tìm thấy mẫu báo cáo.")
        return serve_file(
            request,
            template.file,
            filename=f"mau-{template.pk}.docx",
            as_attachment=True,
            content_type=DOCX,
        )
