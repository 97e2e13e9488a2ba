"""Report files written as tasks: asked for, followed, downloaded; from the admin and the
API; nobody gets the file of a report they may not see."""

from io import BytesIO

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from docx import Document as WordDocument
from openpyxl import load_workbook

from tuyengiao.reporting.models import ReportRender
from tuyengiao.reporting.periods import period_containing
from tuyengiao.reporting.renders import render_request, renders_visible_to
from tuyengiao.reporting.tests.builders import build_form, report

pytestmark = pytest.mark.django_db
API = "/api/v1/reporting"


@pytest.fixture
def tf(city):
    return build_form(city.ward_a, city.ward_b)


@pytest.fixture
def period():
    return period_containing("month", timezone.localdate())


@pytest.fixture
def reported(tf, city, period):
    report(tf, city.ward_a, period, documents=2, classes={"party": 3}, learners={"party": 9})
    report(tf, city.ward_b, period, documents=5, classes={"state": 4}, learners={"state": 12})
    return tf


def _text(content: bytes) -> str:
    document = WordDocument(BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([paragraph.text for paragraph in document.paragraphs] + cells)


def test_a_word_file_is_written_by_the_task_with_its_progress(
    reported, city, city_specialist, period, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        render = render_request(
            form=reported.form, unit=city.city, period=period, fmt="docx", actor=city_specialist
        )
    render.refresh_from_db()
    assert render.status == ReportRender.Status.DONE
    assert render.progress == 100
    assert render.finished_at is not None
    stored_name = render.file.name.rsplit("/", 1)[-1]
    assert stored_name.startswith(f"bao-cao-thang-tp-{period.code}")
    assert stored_name.endswith(".docx")
    with render.file.open("rb") as stored:
        text = _text(stored.read())
    assert "BÁO CÁO" in text
    assert reported.form.name.split()[-1] in text


def test_an_excel_file_holds_the_figures(
    reported, city, city_specialist, period, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        render = render_request(
            form=reported.form, unit=city.city, period=period, fmt="xlsx", actor=city_specialist
        )
    render.refresh_from_db()
    assert render.status == ReportRender.Status.DONE
    with render.file.open("rb") as stored:
        workbook = load_workbook(BytesIO(stored.read()))
    values = [cell for row in workbook.worksheets[0].iter_rows(values_only=True) for cell in row]
    assert 7 in values  # 2 + 5 documents
    assert 7 in values  # 3 + 4 classes


def test_a_ward_cannot_ask_for_or_see_the_city_report(
    reported, city, city_specialist, ward_officer_a, period, django_capture_on_commit_callbacks
):
    with pytest.raises(Http404):
        render_request(
            form=reported.form, unit=city.city, period=period, fmt="docx", actor=ward_officer_a
        )
    with django_capture_on_commit_callbacks(execute=True):
        render = render_request(
            form=reported.form, unit=city.city, period=period, fmt="docx", actor=city_specialist
        )
    assert not renders_visible_to(ward_officer_a).filter(pk=render.pk).exists()
    assert renders_visible_to(city_specialist).filter(pk=render.pk).exists()


def test_an_unknown_format_is_refused_and_nothing_is_queued(
    reported, city, city_specialist, period
):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="docx hoặc xlsx"):
        render_request(
            form=reported.form, unit=city.city, period=period, fmt="pdf", actor=city_specialist
        )
    assert not ReportRender.objects.exists()


def test_the_api_queues_reports_progress_and_serves_the_file(
    client,
    reported,
    city,
    city_specialist,
    ward_officer_a,
    period,
    django_capture_on_commit_callbacks,
):
    client.force_login(city_specialist)
    payload = {"form": "thang", "unit": "TP", "period": period.code, "format": "docx"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{API}/renders", payload, content_type="application/json")
    assert response.status_code == 202
    render_id = response.json()["id"]
    detail = client.get(f"{API}/renders/{render_id}").json()
    assert detail["status"] == "done"
    assert detail["progress"] == 100
    download = client.get(detail["file"])
    assert download.status_code == 200
    assert "BÁO CÁO" in _text(b"".join(download.streaming_content))

    bad = client.post(
        f"{API}/renders", {**payload, "format": "odt"}, content_type="application/json"
    )
    assert bad.status_code == 422
    client.force_login(ward_officer_a)
    assert client.get(f"{API}/renders/{render_id}").status_code == 404
    assert client.get(detail["file"]).status_code == 404


def test_the_admin_page_edits_the_draft_and_writes_files(
    client, reported, city, city_specialist, period, django_capture_on_commit_callbacks
):
    client.force_login(city_specialist)
    chosen = {"form": "thang", "unit": "TP", "period": period.code}
    page = client.get(reverse("reporting:official"), chosen)
    assert page.status_code == 200
    draft_form = page.context["draft_form"]
    data = {
        **chosen,
        **{
            name: value or ""
            for name, value in draft_form.initial.items()
            if name in draft_form.fields
        },
        "number": "07-BC/TU",
        "issued_on": "2026-10-05",
        "recipients": "- Ban Tuyên giáo Trung ương,\n- Lưu Văn phòng.",
    }
    for field, _preview in page.context["texts"]:
        data[field.html_name] = field.value() or ""
    section = reported.form.sections.first()
    data[f"text-{section.pk}"] = "Ban hành {{ figure('thang-documents') }} trong kỳ."
    saved = client.post(reverse("reporting:official"), data)
    assert saved.status_code == 302
    shown = client.get(reverse("reporting:official"), chosen)
    previews = {field.name: preview for field, preview in shown.context["texts"]}
    assert "Ban hành 07" in previews[f"text-{section.pk}"].text

    with django_capture_on_commit_callbacks(execute=True):
        queued = client.post(reverse("reporting:render"), {**chosen, "format": "docx"})
    assert queued.status_code == 302
    render = ReportRender.objects.get()
    status = client.get(reverse("reporting:render_status", args=[render.pk])).json()
    assert status["status"] == "done"
    download = client.get(status["url"])
    text = _text(b"".join(download.streaming_content))
    assert "Số 07-BC/TU" in text
    assert "Ban hành 07" in text
