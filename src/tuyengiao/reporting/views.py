"""Staff screens of periodic reporting, under /admin/reports/."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views import View

from tuyengiao.core.actors import actor_of
from tuyengiao.core.admin_views import AdminPage
from tuyengiao.core.forms import show_errors
from tuyengiao.orgs.access import can, has_capability, version_in_force
from tuyengiao.orgs.selectors import unit_for_user
from tuyengiao.reporting.completeness import completeness
from tuyengiao.reporting.exports.xlsx import pivot_xlsx
from tuyengiao.reporting.forms import (
    ChooseForm,
    ExceptionForm,
    ImportForm,
    PivotForm,
    ReturnForm,
    cells_from_post,
)
from tuyengiao.reporting.models import EntryException, FormSection, Submission
from tuyengiao.reporting.periods import Period, parse_period
from tuyengiao.reporting.pivot import build_pivot
from tuyengiao.reporting.selectors import (
    entry_grid,
    form_by_code,
    require_view,
    submission_for_user,
    submissions_to_review,
    submissions_visible_to,
    value_history,
)
from tuyengiao.reporting.services import (
    approver_unit,
    due_on,
    entry_closed_reason,
    entry_closes_on,
    entry_exception_grant,
    narrative_save,
    submission_approve,
    submission_open,
    submission_return,
    submission_submit,
    values_save,
)
from tuyengiao.reporting.tasks import send_reminders
from tuyengiao.reporting.transfer import (
    ValuesImportError,
    export_rows,
    parse_values_file,
    rows_to_csv,
    rows_to_xlsx,
    values_import,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ReportsPage(AdminPage):
    header_icon = "table"
    parent_url_name = "reporting:home"
    parent_label = _("Periodic reports")


def _chosen(request: HttpRequest, form_class: type[ChooseForm] = ChooseForm):  # type: ignore[no-untyped-def]
    """The form, unit and period a screen was asked for (None when not yet chosen or bad),
    with the bound form to show."""
    form = form_class(request.GET or None, user=request.user)
    if not form.is_valid():
        return form, None
    report_form = form_by_code(request.user, form.cleaned_data["form"])
    unit = unit_for_user(request.user, form.cleaned_data["unit"].strip())
    period: Period = form.cleaned_data["period"]
    require_view(request.user, unit, period)
    return form, (report_form, unit, period)


class HomeView(ReportsPage):
    """Open a report for entry; the latest reports the person may see."""

    template_name = "reporting/home.html"
    page_title = _("Periodic reports")

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        recent = submissions_visible_to(user).order_by("-updated_at")[:20]
        return super().get_context_data(
            choose=ChooseForm(user=user),
            recent=recent,
            waiting=submissions_to_review(user).count(),
            **kwargs,
        )


class EntryOpenView(View):
    """Open (creating the draft the first time) a unit's report for a period (POST)."""

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ChooseForm(request.POST, user=request.user)
        if not form.is_valid():
            for errors in form.errors.values():
                for message in errors:
                    messages.error(request, message)
            return redirect("reporting:home")
        try:
            submission = submission_open(
                form=form_by_code(request.user, form.cleaned_data["form"]),
                unit=unit_for_user(request.user, form.cleaned_data["unit"].strip()),
                period=form.cleaned_data["period"],
                actor=actor_of(request.user),
            )
        except ValidationError as error:
            show_errors(request, error)
            return redirect("reporting:home")
        return redirect("reporting:entry", pk=submission.pk)


class EntryView(ReportsPage):
    """The entry grid of one report: figures, comments, narrative; save, submit."""

    template_name = "reporting/entry.html"

    def get_page_title(self) -> str:
        return f"{self.submission.form.name} — {self.period.label}"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.submission = submission_for_user(request.user, kwargs["pk"])
        self.period = parse_period(self.submission.period_code)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        submission, user = self.submission, self.request.user
        version = version_in_force(self.period.end)
        editable = (
            not submission.is_locked
            and can(user, "can_edit_data", submission.unit, version=version)
            and entry_closed_reason(submission.form, submission.unit, self.period) is None
        )
        above = approver_unit(submission.unit, self.period) or submission.unit
        return super().get_context_data(
            submission=submission,
            period=self.period,
            grid=entry_grid(submission),
            editable=editable,
            closed_reason=entry_closed_reason(submission.form, submission.unit, self.period),
            can_decide=can(user, "can_approve", above, version=version),
            due=due_on(submission.form, self.period),
            history=value_history(submission)[:30],
            return_form=ReturnForm(),
            **kwargs,
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        submission = self.submission
        try:
            result = _save(request, submission)
            if "submit" in request.POST:
                submission_submit(submission=submission, actor=actor_of(request.user))
                messages.success(request, _("The report is submitted for approval."))
            else:
                messages.success(request, _("The figures are saved."))
                for message in result.broken_rules:
                    messages.warning(request, message)
        except ValidationError as error:
            show_errors(request, error)
        return redirect("reporting:entry", pk=pk)


def _save(request: HttpRequest, submission: Submission):  # type: ignore[no-untyped-def]
    cells = cells_from_post(submission, request.POST)
    result = values_save(submission=submission, values=cells, actor=actor_of(request.user))
    for section in FormSection.objects.filter(form=submission.form, is_narrative=True):
        text = request.POST.get(f"n-{section.pk}")
        if text is not None and text.strip() != submission.narratives.get(str(section.pk), ""):
            narrative_save(
                submission=submission, section=section, text=text, actor=actor_of(request.user)
            )
    return result


class AutosaveView(View):
    """Save a draft from the grid's script (POST, form-encoded); answers JSON."""

    def post(self, request: HttpRequest, pk: int) -> JsonResponse:
        submission = submission_for_user(request.user, pk)
        try:
            result = _save(request, submission)
        except ValidationError as error:
            return JsonResponse({"ok": False, "errors": error.messages}, status=422)
        return JsonResponse(
            {
                "ok": True,
                "changed": result.changed,
                "outliers": result.outliers,
                "broken_rules": result.broken_rules,
                "saved_at": timezone.localtime().strftime("%H:%M:%S"),
            }
        )


class DecideView(View):
    """Approve or return a submitted report (POST)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        submission = submission_for_user(request.user, pk)
        try:
            if request.POST.get("decision") == "approve":
                submission_approve(submission=submission, actor=actor_of(request.user))
                messages.success(request, _("The report is approved."))
            else:
                form = ReturnForm(request.POST)
                reason = form.data.get("reason", "")
                submission_return(
                    submission=submission, reason=reason, actor=actor_of(request.user)
                )
                messages.success(request, _("The report is returned to its unit."))
        except ValidationError as error:
            show_errors(request, error)
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            back = reverse("reporting:entry", args=[pk])
        return redirect(back)


class ReviewView(ReportsPage):
    """Reports waiting for approval that the person may see."""

    template_name = "reporting/review.html"
    page_title = _("Reports to review")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        waiting = submissions_to_review(self.request.user).order_by("submitted_at")
        return super().get_context_data(waiting=waiting, return_form=ReturnForm(), **kwargs)


class CompletenessView(ReportsPage):
    """Expected, submitted and on-time reports, with the units still missing; reminders."""

    template_name = "reporting/completeness.html"
    page_title = _("Completeness")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        choose, chosen = _chosen(self.request)
        result = completeness(*chosen) if chosen else None
        late = self._late_window(chosen)
        missing = [
            (item, late.get("exceptions", {}).get(item.unit.pk))
            for item in (result.missing_units if result else [])
        ]
        return super().get_context_data(
            choose=choose, chosen=chosen, result=result, missing=missing, **late, **kwargs
        )

    def _late_window(self, chosen) -> dict[str, Any]:  # type: ignore[no-untyped-def]
        """When entry closes for the chosen period and until when units were given more
        time; only for a period of the form's own type, to those who approve somewhere."""
        if not chosen or not has_capability(self.request.user, "can_approve"):
            return {}
        report_form, unit, period = chosen
        if period.type != report_form.period_type:
            return {}
        exceptions = EntryException.objects.filter(form=report_form, period_code=period.code)
        return {
            "closes_on": entry_closes_on(report_form, period),
            "exceptions": {item.unit_id: item.open_until for item in exceptions},
            "scope": unit.code,
        }

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ChooseForm(request.POST, user=request.user)
        if form.is_valid():
            report_form = form_by_code(request.user, form.cleaned_data["form"])
            unit = unit_for_user(request.user, form.cleaned_data["unit"].strip())
            period = form.cleaned_data["period"]
            if not can(request.user, "can_edit_data", unit, version=version_in_force(period.end)):
                raise PermissionDenied
            send_reminders.enqueue(report_form.pk, unit.pk, period.code)
            messages.success(request, _("Reminders are being sent to the units still missing."))
        return redirect(f"{reverse('reporting:completeness')}?{request.POST.urlencode()}")


class ExceptionGrantView(View):
    """Keep entry open for one missing unit after the late window (POST, completeness)."""

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ExceptionForm(request.POST, user=request.user)
        if not form.is_valid():
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                for message in errors:
                    messages.error(request, f"{label}: {message}" if label else message)
            return redirect("reporting:completeness")
        data = form.cleaned_data
        report_form = form_by_code(request.user, data["form"])
        unit = unit_for_user(request.user, data["unit"].strip())
        try:
            entry_exception_grant(
                form=report_form,
                unit=unit,
                period=data["period"],
                open_until=data["open_until"],
                actor=actor_of(request.user),
            )
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(
                request,
                _("Entry stays open for %(unit)s until %(date)s.")
                % {"unit": unit.code, "date": data["open_until"].strftime("%d/%m/%Y")},
            )
        query = {"form": report_form.code, "unit": data["scope"], "period": data["period"].code}
        return redirect(f"{reverse('reporting:completeness')}?{urlencode(query)}")


class PivotView(ReportsPage):
    """Figures by unit or by period, filtered; as an Excel file with ``?format=xlsx``."""

    template_name = "reporting/pivot.html"
    page_title = _("Figures")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        choose, chosen = _chosen(request, PivotForm)
        pivot = None
        if chosen:
            form, unit, period = chosen
            pivot = build_pivot(
                request.user, form=form, unit=unit, period=period, rows=choose.cleaned_data["rows"]
            )
            if request.GET.get("format") == "xlsx":
                response = HttpResponse(pivot_xlsx(pivot), content_type=XLSX)
                name = f"so-lieu-{form.code}-{unit.code}-{period.code}.xlsx".replace("..", "_")
                response["Content-Disposition"] = f'attachment; filename="{name}"'
                return response
        return self.render_to_response(self.get_context_data(choose=choose, pivot=pivot))


class ValuesTransferView(ReportsPage):
    """Export a form's values as CSV or Excel; import a file of values (all or nothing)."""

    template_name = "reporting/values.html"
    page_title = _("Import and export figures")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        choose, chosen = _chosen(request)
        export = request.GET.get("format")
        if chosen and export in ("csv", "xlsx"):
            form, unit, period = chosen
            rows = export_rows(request.user, form=form, unit=unit, period=period)
            content, kind = (
                (rows_to_csv(rows), "text/csv") if export == "csv" else (rows_to_xlsx(rows), XLSX)
            )
            response = HttpResponse(content, content_type=kind)
            name = f"so-lieu-{form.code}-{unit.code}.{export}"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        return self.render_to_response(
            self.get_context_data(choose=choose, import_form=ImportForm())
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        report_form = form_by_code(request.user, request.POST.get("form", ""))
        upload = ImportForm(request.POST, request.FILES)
        errors: list[str] = []
        if not upload.is_valid():
            errors = [_("Choose a CSV or Excel file.")]
        else:
            file = upload.cleaned_data["file"]
            try:
                rows = parse_values_file(file.name, file.read())
                changed = values_import(form=report_form, rows=rows, actor=actor_of(request.user))
            except ValuesImportError as error:
                errors = error.messages
            else:
                messages.success(
                    request, _("Imported: %(count)s figures changed.") % {"count": changed}
                )
                return redirect("reporting:values")
        return self.render_to_response(
            self.get_context_data(
                choose=ChooseForm(user=request.user), import_form=upload, import_errors=errors
            ),
            status=422,
        )
