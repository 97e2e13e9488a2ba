"""Staff screens of the activity log, under /admin/activities/."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from tuyengiao.activities.catalogue import TypeSpec, load_catalogue
from tuyengiao.activities.forms import (
    ActivityForm,
    FiguresForm,
    FileForm,
    FilterForm,
    ImportForm,
    editable_units,
    initial_for,
)
from tuyengiao.activities.imports import (
    ActivityImportError,
    import_activities,
    import_template,
    preview_activities,
)
from tuyengiao.activities.models import Activity, ActivityType
from tuyengiao.activities.selectors import (
    ActivityFilters,
    activity_calendar,
    activity_figures_for,
    activity_for_user,
    activity_list,
    figure_values,
    with_figures,
)
from tuyengiao.activities.services import (
    LikelyDuplicate,
    activity_delete,
    activity_file_attach,
    activity_log,
    activity_update,
)
from tuyengiao.core.actors import actor_of
from tuyengiao.core.admin_views import AdminPage
from tuyengiao.core.files import serve_file
from tuyengiao.core.formatting import format_number
from tuyengiao.core.pending import PendingUpload
from tuyengiao.orgs.access import can, has_capability

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ActivitiesPage(AdminPage):
    header_icon = "date"
    parent_url_name = "activities:list"
    parent_label = _("Activity log")


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _filters(form: FilterForm) -> ActivityFilters:
    data = form.cleaned_data if form.is_valid() else {}
    return ActivityFilters(
        unit=data.get("unit"),
        type_code=data.get("type") or None,
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        query=data.get("q", ""),
    )


def figure_summary(activity: Activity, spec: TypeSpec) -> str:
    """``3.173 người · 55 điểm cầu``: the activity's totals, in the order its type lists them."""
    values = figure_values(activity)
    return " · ".join(
        f"{format_number(values[figure.code])} {figure.unit_label}".strip()
        for figure in spec.figures
        if figure.code in values
    )


def _spec_or_404(catalogue_type: str | None) -> TypeSpec | None:
    spec = load_catalogue().types.get(catalogue_type or "")
    return spec if spec is not None and spec.is_active else None


def _require_logger(request: HttpRequest) -> None:
    if not has_capability(request.user, "can_edit_data"):
        raise PermissionDenied


def _editable(request: HttpRequest, pk: int) -> Activity:
    activity = activity_for_user(request.user, pk)
    if not can(request.user, "can_edit_data", activity.unit):
        raise PermissionDenied
    return activity


class ActivityListView(ActivitiesPage):
    """The activities the person may see, filtered by unit (with its subtree), type, dates
    and words."""

    template_name = "activities/list.html"
    page_title = _("Activity log")

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        form = FilterForm(self.request.GET or None, user=user)
        activities = with_figures(activity_list(user, _filters(form)))
        page = Paginator(activities, PAGE_SIZE).get_page(self.request.GET.get("p"))
        types = load_catalogue().by_id
        for activity in page:
            activity.summary = figure_summary(activity, types[activity.activity_type_id])
        return super().get_context_data(
            form=form,
            page=page,
            can_log=has_capability(user, "can_edit_data"),
            **kwargs,
        )


class ActivityCalendarView(ActivitiesPage):
    """A month of activities, Monday first."""

    template_name = "activities/calendar.html"
    page_title = _("Activity calendar")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        form = FilterForm(self.request.GET or None, user=user)
        today = timezone.localdate()
        try:
            year, month = (int(part) for part in self.request.GET.get("month", "").split("-"))
            first = date(year, month, 1)
        except ValueError:
            first = today.replace(day=1)
        previous = (first.replace(day=1) - date.resolution).replace(day=1)
        following = (first.replace(day=28) + 4 * date.resolution).replace(day=1)
        query = self.request.GET.copy()
        query.pop("month", None)
        return super().get_context_data(
            form=form,
            month=first,
            weeks=activity_calendar(user, first.year, first.month, _filters(form)),
            previous=f"{previous:%Y-%m}",
            following=f"{following:%Y-%m}",
            query=query.urlencode(),
            today=today,
            **kwargs,
        )


class ActivityFormPage(ActivitiesPage):
    template_name = "activities/form.html"

    def render_form(self, form: ActivityForm, **extra: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form, spec=form.spec, **extra))

    def save(self, form: ActivityForm, operation: Any) -> HttpResponse | Activity:
        """Run ``operation`` (a service call) and return the activity, or the form again
        with the problems (a likely duplicate shows the activities it may repeat)."""
        try:
            with transaction.atomic():
                return operation()
        except LikelyDuplicate as duplicate:
            _add_errors(form, duplicate)
            return self.render_form(form, duplicates=duplicate.existing)
        except ValidationError as error:
            _add_errors(form, error)
            return self.render_form(form)


class ActivityNewView(ActivityFormPage):
    """Quick entry: pick a type, then one short form with that type's figures."""

    page_title = _("Log an activity")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _require_logger(request)
        self.spec = _spec_or_404(request.GET.get("type"))
        return super().dispatch(request, *args, **kwargs)

    def _form(self, data: Any = None, files: Any = None) -> ActivityForm:
        assert self.spec is not None
        units = list(editable_units(self.request.user)[:2])
        single = units[0] if len(units) == 1 else None
        initial = {"start_date": timezone.localdate(), "unit": single}
        return ActivityForm(data, files, user=self.request.user, spec=self.spec, initial=initial)

    def get(self, request: HttpRequest) -> HttpResponse:
        if self.spec is None:
            self.template_name = "activities/pick_type.html"
            types = [spec for spec in load_catalogue().types.values() if spec.is_active]
            return self.render_to_response(self.get_context_data(types=types))
        return self.render_form(self._form(), file_form=FileForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        if self.spec is None:
            return redirect("activities:new")
        form = self._form(request.POST)
        file_form = FileForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_form(form, file_form=file_form)
        activity_type = ActivityType.objects.get(pk=self.spec.id)
        upload = request.FILES.get("file")

        def operation() -> Activity:
            activity = activity_log(
                activity_type=activity_type,
                actor=actor_of(request.user),
                **form.service_arguments(),
            )
            if upload is not None:
                activity_file_attach(
                    activity=activity, uploaded=upload, actor=actor_of(request.user)
                )
            return activity

        result = self.save(form, operation)
        if isinstance(result, HttpResponse):
            return result
        messages.success(request, _("The activity is logged."))
        return redirect("activities:detail", pk=result.pk)


class ActivityEditView(ActivityFormPage):
    def get_page_title(self) -> str:
        return f"{_('Edit')}: {self.activity.title}"

    def _form(self, data: Any = None) -> ActivityForm:
        spec = load_catalogue().by_id[self.activity.activity_type_id]
        initial = initial_for(self.activity, figure_values(self.activity))
        return ActivityForm(
            data, user=self.request.user, spec=spec, activity=self.activity, initial=initial
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        self.activity = _editable(request, pk)
        return self.render_form(self._form())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        self.activity = _editable(request, pk)
        form = self._form(request.POST)
        if not form.is_valid():
            return self.render_form(form)
        arguments = form.service_arguments()
        result = self.save(
            form,
            lambda: activity_update(
                activity=self.activity, actor=actor_of(request.user), **arguments
            ),
        )
        if isinstance(result, HttpResponse):
            return result
        messages.success(request, _("The activity is saved."))
        return redirect("activities:detail", pk=pk)


class ActivityDetailView(ActivitiesPage):
    template_name = "activities/detail.html"

    def get_page_title(self) -> str:
        return self.activity.title

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        self.activity = activity_for_user(request.user, pk)
        return super().get(request, pk=pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        activity = self.activity
        spec = load_catalogue().by_id[activity.activity_type_id]
        values = figure_values(activity)
        figures = [
            (
                figure,
                values.get(figure.code),
                [
                    (option, values[figure.key(option)])
                    for option in figure.options
                    if figure.key(option) in values
                ],
            )
            for figure in spec.figures
            if figure.code in values
        ]
        return super().get_context_data(
            activity=activity,
            figures=figures,
            can_edit=can(self.request.user, "can_edit_data", activity.unit),
            file_form=FileForm(),
            **kwargs,
        )


class ActivityDeleteView(ActivitiesPage):
    template_name = "activities/delete.html"
    page_title = _("Delete the activity")

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        activity = _editable(request, pk)
        return self.render_to_response(self.get_context_data(activity=activity))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        activity_delete(activity=_editable(request, pk), actor=actor_of(request.user))
        messages.success(request, _("The activity is deleted."))
        return redirect("activities:list")


class FileAttachView(View):
    """Keep a photo or a file with an activity (POST)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        activity = _editable(request, pk)
        form = FileForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, _("Choose a photo or a file."))
            return redirect("activities:detail", pk=pk)
        try:
            activity_file_attach(
                activity=activity, uploaded=form.cleaned_data["file"], actor=actor_of(request.user)
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The file is attached."))
        return redirect("activities:detail", pk=pk)


class FileDownloadView(View):
    """A photo or file of an activity the person may see."""

    def get(self, request: HttpRequest, pk: int, file_id: int) -> HttpResponseBase:
        activity = activity_for_user(request.user, pk)
        record = get_object_or_404(activity.files.all(), pk=file_id)
        return serve_file(
            request,
            record.file,
            filename=record.original_name,
            as_attachment=not record.is_image,
            content_type=record.content_type,
        )


class ImportView(ActivitiesPage):
    """Check a spreadsheet of activities, show what it would add, then import it whole."""

    template_name = "activities/import.html"
    page_title = _("Import activities")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _require_logger(request)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        PendingUpload(request, "activities_import").discard()
        return self.render_to_response(self.get_context_data(form=ImportForm()))

    def post(self, request: HttpRequest) -> HttpResponse:
        pending = PendingUpload(request, "activities_import")
        confirming = "confirm" in request.POST and pending.name is not None
        form = ImportForm(request.POST, request.FILES)
        if confirming:
            form.fields["file"].required = False
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        if confirming:
            name, content = pending.read() or ("", b"")
        else:
            upload = form.cleaned_data["file"]
            name, content = upload.name, upload.read()
        arguments = {"file_name": name, "content": content, "actor": actor_of(request.user)}
        try:
            if confirming:
                batch = import_activities(**arguments)
                pending.discard()
                messages.success(
                    request,
                    _("Imported %(rows)s activities from %(file)s.")
                    % {"rows": format_number(batch.rows), "file": batch.file_name},
                )
                return redirect("activities:list")
            preview = preview_activities(**arguments)
        except ActivityImportError as error:
            pending.discard()
            return self.render_to_response(
                self.get_context_data(
                    form=ImportForm(), errors=error.row_errors, error_count=error.error_count
                )
            )
        pending.keep(name, content)
        return self.render_to_response(
            self.get_context_data(form=form, preview=preview, file_name=name)
        )


class ImportTemplateView(View):
    """The spreadsheet to fill in, with every column and a sheet of help."""

    def get(self, request: HttpRequest) -> HttpResponse:
        _require_logger(request)
        response = HttpResponse(import_template(load_catalogue()), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="mau-nhap-hoat-dong.xlsx"'
        return response


class FiguresView(ActivitiesPage):
    """The figures a report would take from the log: counts and sums for a unit's subtree
    over a period, by type, figure and category."""

    template_name = "activities/figures.html"
    page_title = _("Figures from the log")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        form = FiguresForm(self.request.GET or None, user=user)
        rows = []
        if form.is_valid():
            data = form.cleaned_data
            result = activity_figures_for(
                user, unit=data["unit"], start=data["start"], end=data["end"]
            )
            for spec in load_catalogue().types.values():
                count = result.count([spec.code])
                if not count:
                    continue
                figures = [
                    (
                        figure,
                        result.total(figure.code, types=[spec.code]),
                        [
                            (
                                option,
                                result.total(figure.code, option=option.code, types=[spec.code]),
                            )
                            for option in figure.options
                        ],
                    )
                    for figure in spec.figures
                ]
                rows.append((spec, count, figures))
        return super().get_context_data(form=form, rows=rows, **kwargs)
