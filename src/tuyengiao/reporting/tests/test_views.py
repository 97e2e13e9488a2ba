"""The reporting screens: entry grid, autosave, decisions, completeness, pivot, transfer."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tuyengiao.reporting.models import DataValue, Submission
from tuyengiao.reporting.periods import period_containing
from tuyengiao.reporting.tests.builders import build_form, report


@pytest.fixture
def tf(city):
    return build_form(city.ward_a, city.ward_b)


@pytest.fixture
def period():
    return period_containing("month", timezone.localdate())


def _login(client, user):
    client.force_login(user)
    return client


def _choose(tf, unit, period):
    return {"form": tf.form.code, "unit": unit.code, "period": period.code}


def _open(client, tf, unit, period):
    response = client.post(reverse("reporting:entry_open"), _choose(tf, unit, period))
    assert response.status_code == 302
    return Submission.objects.get(form=tf.form, unit=unit, period_code=period.code)


def test_an_officer_fills_in_saves_and_submits_the_grid(client, tf, city, ward_officer_a, period):
    _login(client, ward_officer_a)
    submission = _open(client, tf, city.ward_a, period)
    page = client.get(reverse("reporting:entry", args=[submission.pk]))
    assert page.status_code == 200
    party = tf.options["party"].pk
    assert f'name="v-{tf.classes.pk}-{party}"'.encode() in page.content
    assert f'name="v-{tf.documents.pk}-0"'.encode() in page.content
    data = {
        f"v-{tf.documents.pk}-0": "1.420",
        f"v-{tf.classes.pk}-{party}": "3",
        f"v-{tf.learners.pk}-{party}": "40",
        f"c-{tf.classes.pk}-{party}": "lớp buổi tối",
        f"n-{tf.narrative.pk}": "Hoàn thành tốt nhiệm vụ.",
    }
    response = client.post(reverse("reporting:autosave", args=[submission.pk]), data)
    assert response.json()["ok"] is True
    assert response.json()["outliers"] == ["Số văn bản ban hành"]
    assert DataValue.objects.get(submission=submission, indicator=tf.documents).value == 1420
    submission.refresh_from_db()
    assert submission.narratives == {str(tf.narrative.pk): "Hoàn thành tốt nhiệm vụ."}
    response = client.post(
        reverse("reporting:entry", args=[submission.pk]), {**data, "submit": "1"}
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SUBMITTED


def test_a_bad_cell_is_named_and_nothing_is_saved(client, tf, city, ward_officer_a, period):
    _login(client, ward_officer_a)
    submission = _open(client, tf, city.ward_a, period)
    response = client.post(
        reverse("reporting:autosave", args=[submission.pk]),
        {f"v-{tf.documents.pk}-0": "mười", f"v-{tf.classes.pk}-{tf.options['party'].pk}": "2,5"},
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        "Số văn bản ban hành: “mười” không phải là số.",
        "Số lớp (Khối Đảng): phải là số nguyên (nhận được “2,5”).",
    ]
    assert not DataValue.objects.exists()


def test_the_leader_returns_then_approves_from_the_review_list(
    client, tf, city, city_leader, period
):
    submission = report(tf, city.ward_a, period, documents=3, approve=False)
    _login(client, city_leader)
    page = client.get(reverse("reporting:review"))
    assert reverse("reporting:entry", args=[submission.pk]).encode() in page.content
    decide = reverse("reporting:decide", args=[submission.pk])
    client.post(decide, {"decision": "return", "reason": "Thiếu số liệu lớp"})
    submission.refresh_from_db()
    assert submission.status == Submission.Status.RETURNED
    assert submission.return_reason == "Thiếu số liệu lớp"


def test_officers_cannot_decide_or_open_other_wards(client, tf, city, ward_officer_a, period):
    other = report(tf, city.ward_b, period, documents=3, approve=False)
    _login(client, ward_officer_a)
    assert client.get(reverse("reporting:entry", args=[other.pk])).status_code == 404
    response = client.post(reverse("reporting:decide", args=[other.pk]), {"decision": "approve"})
    assert response.status_code == 404
    own = report(tf, city.ward_a, period, documents=3, approve=False)
    response = client.post(reverse("reporting:decide", args=[own.pk]), {"decision": "approve"})
    # Wagtail turns a refusal in the admin into a redirect to the dashboard.
    assert response["Location"] == reverse("wagtailadmin_home")
    own.refresh_from_db()
    assert own.status == Submission.Status.SUBMITTED


def test_completeness_lists_missing_units_and_sends_reminders(
    client, tf, city, city_specialist, ward_officer_b, period
):
    ward_officer_b.email = "cb.phuongb@example.vn"
    ward_officer_b.save()
    report(tf, city.ward_a, period, documents=1)
    _login(client, city_specialist)
    query = _choose(tf, city.city, period)
    page = client.get(reverse("reporting:completeness"), query)
    text = page.content.decode()
    assert "Đảng ủy phường Bình Minh (TP.Q1.B)" in text
    assert "Đảng ủy phường Ánh Dương" not in text
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("reporting:completeness"), query)
    assert [message.to for message in mail.outbox] == [["cb.phuongb@example.vn"]]
    assert "Báo cáo tháng" in mail.outbox[0].subject


def test_pivot_by_unit_and_its_excel_file(client, tf, city, city_specialist, period):
    report(tf, city.ward_a, period, documents=2, classes={"party": 3}, learners={"party": 30})
    report(tf, city.ward_b, period, documents=5)
    _login(client, city_specialist)
    query = {**_choose(tf, city.district, period), "rows": "unit"}
    page = client.get(reverse("reporting:pivot"), query)
    text = page.content.decode()
    assert "Đảng ủy phường Ánh Dương" in text
    # "Số lớp" heads its total and its four block options, on screen as in Excel.
    assert '<th colspan="5">Số lớp</th>' in text
    response = client.get(reverse("reporting:pivot"), {**query, "format": "xlsx"})
    sheet = load_workbook(BytesIO(response.content)).active
    assert "C2:G2" in {str(merged) for merged in sheet.merged_cells.ranges}
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows[0][:3] == ("Đơn vị", "Số văn bản ban hành", "Số lớp")
    assert rows[1][:4] == (None, None, "Tổng số", "Khối Đảng")
    assert rows[2][:4] == ("Đảng ủy phường Ánh Dương", 2, 3, 3)
    assert rows[3][:2] == ("Đảng ủy phường Bình Minh", 5)
    assert rows[4][:3] == ("Tổng cộng", 7, 3)


def test_values_export_then_import_round_trip(client, tf, city, city_specialist, period):
    report(tf, city.ward_a, period, documents=2, classes={"party": 3}, learners={"party": 30})
    _login(client, city_specialist)
    query = {**_choose(tf, city.city, period), "format": "csv"}
    exported = client.get(reverse("reporting:values"), query).content.decode("utf-8-sig")
    assert f"thang,TP.Q1.A,{period.code},thang-documents,,2," in exported
    upload = (
        "Biểu mẫu,Đơn vị,Kỳ,Chỉ tiêu,Phân tổ,Giá trị,Ghi chú\n"
        f"thang,TP.Q1.B,{period.code},thang-documents,,9,\n"
        f"thang,TP.Q1.B,{period.code},thang-classes,party,4,\n"
    ).encode()
    response = client.post(
        reverse("reporting:values"),
        {"form": tf.form.code, "file": SimpleUploadedFile("so-lieu.csv", upload)},
    )
    assert response.status_code == 302
    assert DataValue.objects.get(unit=city.ward_b, indicator=tf.documents).value == Decimal(9)


def test_a_decision_returns_only_to_a_page_of_this_site(client, tf, city, city_leader, period):
    submission = report(tf, city.ward_a, period, documents=3, approve=False)
    _login(client, city_leader)
    decide = reverse("reporting:decide", args=[submission.pk])
    review = reverse("reporting:review")
    response = client.post(decide, {"decision": "approve", "next": review})
    assert response["Location"] == review
    other = report(tf, city.ward_b, period, documents=1, approve=False)
    decide = reverse("reporting:decide", args=[other.pk])
    response = client.post(decide, {"decision": "approve", "next": "https://example.com/"})
    assert response["Location"] == reverse("reporting:entry", args=[other.pk])
