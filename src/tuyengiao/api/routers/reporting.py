"""Periodic reporting over the API: forms, aggregated figures, completeness, data values in
and out as JSON, the submit / approve / return steps, and the official report's Word and
Excel files (written as tasks: ask, poll, download).

Reads go through the reporting selectors and writes through its services, so the API sees
and changes exactly what the admin screens do: units outside the caller's reach are 404,
steps the caller may not take are 403, and refused data is 422 with Vietnamese messages
(for values, one per bad row; nothing is saved then).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Form, Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from tuyengiao.core.actors import actor_of
from tuyengiao.core.files import serve_file
from tuyengiao.orgs.selectors import unit_for_user
from tuyengiao.reporting.completeness import completeness
from tuyengiao.reporting.models import ReportRender
from tuyengiao.reporting.periods import HELP, Period, PeriodError, parse_period
from tuyengiao.reporting.renders import file_name, render_for_user, render_request
from tuyengiao.reporting.selectors import (
    form_by_code,
    forms_visible_to,
    report_figures,
    require_view,
    submission_for_user,
)
from tuyengiao.reporting.services import (
    submission_approve,
    submission_return,
    submission_submit,
)
from tuyengiao.reporting.transfer import (
    FIELDS,
    ValueRow,
    ValuesImportError,
    export_rows,
    values_import,
)

router = Router(tags=["reporting"])


class FormOut(Schema):
    code: str
    name: str
    period_type: str


class ChooseQuery(Schema):
    form: str = Field(description="Mã biểu mẫu báo cáo.")
    unit: str = Field(description="Mã đơn vị, ví dụ HN.")
    period: str = Field(description=HELP)


class ValueIn(Schema):
    unit: str
    period: str
    indicator: str
    option: str = ""
    value: float | str | None
    comment: str = ""


class ValuesIn(Schema):
    form: str
    values: list[ValueIn]


class ReturnIn(Schema):
    # A form field, optional here: a missing reason gets the service's own message (422).
    reason: str = ""


class SubmissionOut(Schema):
    id: int
    form: str
    unit: str
    period: str
    status: str
    return_reason: str


class RenderIn(ChooseQuery):
    format: str = Field(description="docx (Word) hoặc xlsx (Excel).")


class RenderOut(Schema):
    id: int
    form: str
    unit: str
    period: str
    format: str
    status: str
    progress: int
    error: str
    file: str = Field(description="Đường dẫn tải tệp khi đã tạo xong.")


def _chosen(request: HttpRequest, query: ChooseQuery) -> tuple[Any, Any, Period]:
    try:
        period = parse_period(query.period)
    except PeriodError as error:
        raise ValidationError({"period": str(error)}) from None
    try:
        form = form_by_code(request.user, query.form)
        unit = unit_for_user(request.user, query.unit)
        require_view(request.user, unit, period)
    except Http404 as error:
        raise HttpError(404, str(error)) from None
    return form, unit, period


def _submission(request: HttpRequest, submission_id: int) -> Any:
    try:
        return submission_for_user(request.user, submission_id)
    except Http404 as error:
        raise HttpError(404, str(error)) from None


def _out(submission: Any) -> dict[str, Any]:
    return {
        "id": submission.pk,
        "form": submission.form.code,
        "unit": submission.unit.code,
        "period": submission.period_code,
        "status": submission.status,
        "return_reason": submission.return_reason,
    }


@router.get("/forms", response=list[FormOut], summary="Các biểu mẫu báo cáo")
def form_list(request: HttpRequest) -> Any:
    return forms_visible_to(request.user)


@router.get("/figures", summary="Số liệu tổng hợp của một đơn vị cho một kỳ")
def figures(request: HttpRequest, query: Query[ChooseQuery]) -> dict[str, Any]:
    """Figures of the unit's subtree for the period, by indicator and category option, in
    the tree in force for the period, with completeness and notes on carried figures."""
    form, unit, period = _chosen(request, query)
    return report_figures(request.user, form=form, unit=unit, period=period).as_dict()


@router.get("/completeness", summary="Tình hình gửi báo cáo")
def completeness_view(request: HttpRequest, query: Query[ChooseQuery]) -> dict[str, Any]:
    form, unit, period = _chosen(request, query)
    result = completeness(form, unit, period)
    return {
        "expected": result.expected,
        "submitted": result.submitted,
        "on_time": result.on_time,
        "missing": [{"code": m.unit.code, "name": m.name} for m in result.missing_units],
    }


@router.get("/values", summary="Số liệu đã nhập (theo dòng)")
def value_list(request: HttpRequest, query: Query[ChooseQuery]) -> list[dict[str, Any]]:
    form, unit, period = _chosen(request, query)
    return [
        dict(zip(FIELDS, row, strict=True))
        for row in export_rows(request.user, form=form, unit=unit, period=period)
    ]


@router.post(
    "/values",
    response=dict[str, int],
    summary="Nhập số liệu (tất cả hoặc không)",
)
def value_import(request: HttpRequest, payload: ValuesIn) -> Any:
    """Save values as the entry grid does; any bad row refuses them all (422, one message
    per row, rows numbered from 1)."""
    try:
        form = form_by_code(request.user, payload.form)
    except Http404 as error:
        raise HttpError(404, str(error)) from None
    rows = [
        ValueRow(number, {"form": form.code, **item.dict()})
        for number, item in enumerate(payload.values, start=1)
    ]
    try:
        changed = values_import(form=form, rows=rows, actor=actor_of(request.user))
    except ValuesImportError as error:
        # One message per bad row, all under ``values``; nothing was saved.
        raise ValidationError({"values": error.messages}) from None
    return {"changed": changed}


def _step(request: HttpRequest, submission_id: int, step: Any, **kwargs: Any) -> Any:
    submission = _submission(request, submission_id)
    step(submission=submission, actor=actor_of(request.user), **kwargs)
    return _out(submission)


STEP_RESPONSES = SubmissionOut


@router.post("/submissions/{submission_id}/submit", response=STEP_RESPONSES, summary="Gửi báo cáo")
def submission_submit_view(request: HttpRequest, submission_id: int) -> Any:
    return _step(request, submission_id, submission_submit)


@router.post(
    "/submissions/{submission_id}/approve", response=STEP_RESPONSES, summary="Phê duyệt báo cáo"
)
def submission_approve_view(request: HttpRequest, submission_id: int) -> Any:
    return _step(request, submission_id, submission_approve)


@router.post(
    "/submissions/{submission_id}/return", response=STEP_RESPONSES, summary="Trả lại báo cáo"
)
def submission_return_view(
    request: HttpRequest, submission_id: int, payload: Form[ReturnIn]
) -> Any:
    """Return the report to its unit; the reason is a form field."""
    return _step(request, submission_id, submission_return, reason=payload.reason)


def _render_out(render: ReportRender) -> dict[str, Any]:
    done = render.status == ReportRender.Status.DONE
    return {
        "id": render.pk,
        "form": render.form.code,
        "unit": render.unit.code,
        "period": render.period_code,
        "format": render.format,
        "status": render.status,
        "progress": render.progress,
        "error": render.error,
        "file": reverse("api:render_file", args=[render.pk]) if done else "",
    }


def _render(request: HttpRequest, render_id: int) -> ReportRender:
    try:
        return render_for_user(request.user, render_id)
    except Http404 as error:
        raise HttpError(404, str(error)) from None


@router.post(
    "/renders",
    response={202: RenderOut},
    summary="Tạo tệp Word hoặc Excel của báo cáo",
)
def render_create(request: HttpRequest, payload: RenderIn) -> Any:
    """Queue the writing of the report's file; poll ``GET /renders/{id}`` until its status
    is ``done``, then download ``file``."""
    form, unit, period = _chosen(request, payload)
    render = render_request(
        form=form, unit=unit, period=period, fmt=payload.format, actor=actor_of(request.user)
    )
    render.refresh_from_db()
    return Status(202, _render_out(render))


@router.get(
    "/renders/{render_id}",
    response=RenderOut,
    summary="Tình trạng tệp báo cáo",
)
def render_detail(request: HttpRequest, render_id: int) -> Any:
    return _render_out(_render(request, render_id))


@router.get("/renders/{render_id}/file", url_name="render_file", summary="Tải tệp báo cáo")
def render_file(request: HttpRequest, render_id: int) -> Any:
    render = _render(request, render_id)
    if render.status != ReportRender.Status.DONE or not render.file:
        raise HttpError(404, "Tệp báo cáo chưa được tạo xong.")
    return serve_file(request, render.file, filename=file_name(render), as_attachment=True)
