"""The reporting API: figures, values in and out, and the approval steps."""

import pytest
from django.test import TestCase
from django.utils import timezone

from tuyengiao.api.tests.errors import field_errors
from tuyengiao.reporting.models import DataValue, Submission
from tuyengiao.reporting.periods import period_containing
from tuyengiao.reporting.tests.builders import build_form, report

API = "/api/v1/reporting"


@pytest.fixture
def tf(city):
    return build_form(city.ward_a, city.ward_b)


@pytest.fixture
def period():
    return period_containing("month", timezone.localdate())


def test_figures_by_indicator_and_option(client, tf, city, city_specialist, period):
    report(tf, city.ward_a, period, documents=2, classes={"party": 3}, learners={"party": 9})
    client.force_login(city_specialist)
    response = client.get(f"{API}/figures", {"form": "thang", "unit": "TP", "period": period.code})
    body = response.json()
    assert body["figures"][1] == {
        "indicator": "thang-classes",
        "name": "Số lớp",
        "unit": "",
        "total": 3,
        "by_option": {"party": 3},
    }
    assert body["completeness"] == {
        "expected": 2,
        "submitted": 1,
        "on_time": 1,
        "missing": ["TP.Q1.B"],
    }
    assert client.get(f"{API}/forms").json() == [
        {"code": "thang", "name": "Báo cáo tháng", "period_type": "month"}
    ]


def test_other_wards_figures_are_not_found(client, tf, city, ward_officer_a, period):
    client.force_login(ward_officer_a)
    query = {"form": "thang", "unit": "TP.Q1.B", "period": period.code}
    assert client.get(f"{API}/figures", query).status_code == 404
    bad = client.get(f"{API}/figures", {**query, "period": "2022Q9"})
    assert bad.status_code == 422


def test_values_in_as_json_all_or_nothing(client, tf, city, ward_officer_a, period):
    client.force_login(ward_officer_a)
    good = {"unit": "TP.Q1.A", "period": period.code, "indicator": "thang-documents", "value": 4}
    bad = {**good, "indicator": "thang-classes", "option": "party", "value": "1,5"}
    response = client.post(
        f"{API}/values", {"form": "thang", "values": [good, bad]}, content_type="application/json"
    )
    assert response.status_code == 422
    assert field_errors(response) == {
        "values": ["Dòng 2, cột “Giá trị”: Số lớp: phải là số nguyên (nhận được “1,5”)."]
    }
    assert not DataValue.objects.exists()
    response = client.post(
        f"{API}/values", {"form": "thang", "values": [good]}, content_type="application/json"
    )
    assert response.json() == {"changed": 1}
    rows = client.get(
        f"{API}/values", {"form": "thang", "unit": "TP.Q1.A", "period": period.code}
    ).json()
    assert rows == [
        {
            "form": "thang",
            "unit": "TP.Q1.A",
            "period": period.code,
            "indicator": "thang-documents",
            "option": "",
            "value": 4,
            "comment": "",
        }
    ]


def test_submit_then_approve_through_the_api(client, tf, city, ward_officer_a, city_leader, period):
    submission = report(tf, city.ward_a, period, documents=1, approve=False)
    client.force_login(ward_officer_a)
    refused = client.post(f"{API}/submissions/{submission.pk}/approve")
    assert refused.status_code == 403
    client.force_login(city_leader)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            f"{API}/submissions/{submission.pk}/return",
            {"reason": "Bổ sung số lớp"},
        )
    assert response.json()["status"] == "returned"
    client.force_login(ward_officer_a)
    assert client.post(f"{API}/submissions/{submission.pk}/submit").json()["status"] == "submitted"
    client.force_login(city_leader)
    assert client.post(f"{API}/submissions/{submission.pk}/approve").status_code == 200
    assert Submission.objects.get().status == Submission.Status.APPROVED
