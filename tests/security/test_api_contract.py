"""The API's contract: one error shape, every status documented, tokens without CSRF, inputs
that used to answer 500, and the JSON 500 itself.

Each test reproduces a finding of the API fuzzer or of the review, and fails if it returns.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.core import signals
from django.test import Client
from django.utils import timezone
from wagtail.models import APIToken

from tuyengiao.api.main import api
from tuyengiao.core.models import User

BIG = 2**63


def bearer(user: User) -> dict[str, str]:
    _token, plaintext = APIToken.create_token(user=user, name="Kiểm thử")
    return {"Authorization": f"Bearer {plaintext}"}


def assert_error_shape(response, status: int) -> dict:
    """The one error shape: a Vietnamese ``detail`` and a list of ``{field, message}``."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert set(body) >= {"detail", "errors"}
    assert isinstance(body["detail"], str)
    assert body["detail"]
    assert isinstance(body["errors"], list)
    for error in body["errors"]:
        assert set(error) == {"field", "message"}
    return body


# --- One error shape -------------------------------------------------------------------------


def test_query_validation_error_has_the_shape_and_names_the_parameter(client, city_specialist):
    """Was ``{"detail": [pydantic's list]}`` in English."""
    client.force_login(city_specialist)
    body = assert_error_shape(client.get("/api/v1/documents", {"year": "abc"}), 422)
    assert body["errors"] == [{"field": "year", "message": "Nhập số nguyên."}]
    assert body["detail"] == "Yêu cầu không hợp lệ."


def test_body_validation_error_names_the_field(client, city_specialist):
    client.force_login(city_specialist)
    response = client.post("/api/v1/documents/refs", {}, content_type="application/json")
    body = assert_error_shape(response, 422)
    assert body["errors"] == [{"field": "text", "message": "Trường này là bắt buộc."}]


def test_malformed_json_is_400_with_the_shape(client, city_specialist):
    client.force_login(city_specialist)
    response = client.post("/api/v1/documents/refs", "{", content_type="application/json")
    assert "JSON" in assert_error_shape(response, 400)["detail"]


def test_401_403_404_have_the_shape(client, city, ward_officer_a):
    assert_error_shape(client.get("/api/v1/me"), 401)
    client.force_login(ward_officer_a)
    assert_error_shape(client.get("/api/v1/documents/999999"), 404)
    payload = {"symbol": "1-KH/QU", "issue_date": "2024-01-02", "summary": "X", "owner": "TP"}
    response = client.post("/api/v1/documents", payload, content_type="application/json")
    assert_error_shape(response, 403)


def test_service_refusal_is_422_with_one_entry_per_field(client, city, city_specialist):
    """Was ``errors`` as an object where the schema said a list."""
    client.force_login(city_specialist)
    payload = {"symbol": "1-KH/QU", "issue_date": "2024-01-02", "summary": "X", "owner": "NOPE"}
    response = client.post("/api/v1/documents", payload, content_type="application/json")
    body = assert_error_shape(response, 422)
    assert body["errors"] == [{"field": "owner", "message": "Không có đơn vị mã “NOPE”."}]


def test_conflict_has_the_shape_and_the_existing_record(client, city, city_specialist):
    client.force_login(city_specialist)
    payload = {"symbol": "7-KH/TU", "issue_date": "2024-01-02", "summary": "X", "owner": "TP"}
    assert client.post("/api/v1/documents", payload, content_type="application/json").status_code
    response = client.post("/api/v1/documents", payload, content_type="application/json")
    body = assert_error_shape(response, 409)
    assert body["existing"]["url"].startswith("/api/v1/documents/")
    assert [error["field"] for error in body["errors"]] == ["symbol"]


def test_body_over_the_limit_is_413_json(client, settings, city, city_specialist):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    text = {"text": "Chỉ thị 05-CT/TW " * 200}
    response = client.post(
        "/api/v1/documents/refs",
        text,
        content_type="application/json",
        headers=bearer(city_specialist),
    )
    assert "quá lớn" in assert_error_shape(response, 413)["detail"]


def test_form_body_without_boundary_is_400(client, city, city_specialist):
    """Was a 500: ``Content-Type: multipart/form-data`` with no boundary."""
    response = client.generic(
        "POST",
        "/api/v1/reporting/submissions/1/return",
        b"reason=",
        content_type="multipart/form-data",
        headers=bearer(city_specialist),
    )
    assert_error_shape(response, 400)


def test_unexpected_error_is_a_json_500_and_is_reported(rf, settings):
    """Under production settings (DEBUG off) a 500 on /api/ is JSON, not Django's HTML page,
    and still reaches the error reporters."""
    settings.DEBUG = False
    reported = []

    def receiver(**kwargs):
        reported.append(kwargs["request"])

    signals.got_request_exception.connect(receiver)
    try:
        request = rf.get("/api/v1/documents")
        response = api.on_exception(request, RuntimeError("boom"))
    finally:
        signals.got_request_exception.disconnect(receiver)
    body = assert_error_shape(response, 500)
    assert "boom" not in body["detail"]
    assert reported == [request]


# --- Every status documented -----------------------------------------------------------------


@pytest.mark.django_db
def test_every_operation_documents_its_error_statuses(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert set(schema["components"]["schemas"]["ErrorOut"]["properties"]) == {"detail", "errors"}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            if operation.get("security"):
                assert {"401", "403", "404", "422"} <= set(responses), (method, path)
            if "requestBody" in operation:
                assert {"400", "413"} <= set(responses), (method, path)
            for status, response in responses.items():
                if status in {"400", "401", "403", "404", "413", "422"}:
                    ref = response["content"]["application/json"]["schema"]["$ref"]
                    assert ref.endswith("/ErrorOut"), (method, path, status)


# --- Tokens and CSRF -------------------------------------------------------------------------


def test_bearer_post_is_never_csrf_checked(city, city_specialist):
    """Was 403 "CSRF check Failed" on POST with a bearer token."""
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/api/v1/documents/refs",
        {"text": "Chỉ thị số 05-CT/TW"},
        content_type="application/json",
        headers=bearer(city_specialist),
    )
    assert response.status_code == 200, response.content


def test_post_without_any_credentials_is_401_not_a_csrf_refusal(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/api/v1/documents/refs", {"text": "x"}, content_type="application/json")
    assert_error_shape(response, 401)


def test_stale_session_cookie_is_401_not_a_csrf_refusal(db, settings):
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.SESSION_COOKIE_NAME] = "het-han"
    response = client.post("/api/v1/documents/refs", {"text": "x"}, content_type="application/json")
    assert_error_shape(response, 401)


def test_session_post_keeps_the_csrf_check(city, city_specialist):
    client = Client(enforce_csrf_checks=True)
    client.force_login(city_specialist)
    response = client.post("/api/v1/documents/refs", {"text": "x"}, content_type="application/json")
    assert "CSRF" in assert_error_shape(response, 403)["detail"]


def test_token_expires_after_the_configured_age(client, settings, time_machine, city_specialist):
    settings.API_TOKEN_MAX_AGE_DAYS = 30
    made = timezone.now()
    headers = bearer(city_specialist)
    time_machine.move_to(made + timedelta(days=29), tick=False)
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    time_machine.move_to(made + timedelta(days=31), tick=False)
    assert_error_shape(client.get("/api/v1/me", headers=headers), 401)


def test_token_ends_when_the_password_changes(client, time_machine, city_specialist):
    headers = bearer(city_specialist)
    time_machine.move_to(timezone.now() + timedelta(minutes=1), tick=False)
    city_specialist.set_password("mat-khau-moi-2026")
    city_specialist.save()
    assert_error_shape(client.get("/api/v1/me", headers=headers), 401)
    assert client.get("/api/v1/me", headers=bearer(city_specialist)).status_code == 200


def test_token_ends_with_the_last_membership(client, city, city_specialist):
    from tuyengiao.core.actors import SYSTEM
    from tuyengiao.orgs.services import membership_revoke

    headers = bearer(city_specialist)
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    for membership in city_specialist.memberships.all():
        membership_revoke(membership=membership, actor=SYSTEM)
    assert_error_shape(client.get("/api/v1/me", headers=headers), 401)


def test_administrator_token_needs_no_membership(client, system_admin):
    assert client.get("/api/v1/me", headers=bearer(system_admin)).status_code == 200


# --- Inputs that answered 500 ----------------------------------------------------------------


def test_year_10000_is_422(client, city_specialist):
    client.force_login(city_specialist)
    assert_error_shape(client.get("/api/v1/documents", {"year": 10000}), 422)


def test_activities_of_a_unit_before_the_first_hierarchy_version(client, city, city_specialist):
    """The city's only version starts on 2020-01-01: nothing to list, not a 500."""
    client.force_login(city_specialist)
    response = client.get("/api/v1/activities", {"unit": "TP.Q1.A", "date_to": "2000-01-01"})
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_activity_figures_before_the_first_hierarchy_version(client, city, city_specialist):
    client.force_login(city_specialist)
    query = {"unit": "TP", "start": "1999-01-01", "end": "2000-12-31"}
    response = client.get("/api/v1/activities/figures", query)
    assert response.status_code == 200, response.content
    assert response.json()["count"] == 0


@pytest.mark.parametrize(
    "query",
    [
        {"date_to": "9999-12-31"},
        {"date_from": "0001-01-01"},
        {"date_to": ""},
        {"unit": "", "type": ""},
    ],
)
def test_activity_list_dates_at_the_edges_are_not_500(client, city, city_specialist, query):
    client.force_login(city_specialist)
    response = client.get("/api/v1/activities", {"unit": "TP", **query})
    assert response.status_code in {200, 422}, response.content
    if response.status_code == 422:
        assert_error_shape(response, 422)


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/documents?topic={BIG}",
        "/api/v1/documents?year=",
        f"/api/v1/activities/figures?unit=TP&start=2024-01-01&end={date.max.isoformat()}",
        "/api/v1/plans?as_of=0001-01-01",
    ],
)
def test_huge_and_empty_query_values_are_422(client, city, city_specialist, url):
    client.force_login(city_specialist)
    assert_error_shape(client.get(url), 422)


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/documents/{BIG}",
        f"/api/v1/activities/{BIG}",
        f"/api/v1/plans/{BIG}",
        f"/api/v1/reporting/renders/{BIG}",
    ],
)
def test_huge_ids_in_paths_are_4xx(client, city, city_specialist, url):
    client.force_login(city_specialist)
    response = client.get(url)
    assert response.status_code in {404, 422}
    assert_error_shape(response, response.status_code)


@pytest.mark.parametrize(
    ("url", "payload"),
    [
        (
            "/api/v1/documents",
            {"symbol": "1-KH/TU", "issue_date": "2024-01-02", "summary": "X", "owner": "TP"}
            | {"topics": [BIG]},
        ),
        (
            "/api/v1/activities",
            {"type": "x", "unit": "TP", "title": "X", "start_date": "2024-01-02"}
            | {"figures": {"classes": BIG}},
        ),
        (
            "/api/v1/activities",
            {"type": "x", "unit": "TP", "title": "X", "start_date": "2024-01-02"}
            | {"documents": [BIG]},
        ),
    ],
)
def test_huge_integers_in_bodies_are_422(client, city, city_specialist, url, payload):
    client.force_login(city_specialist)
    response = client.post(url, payload, content_type="application/json")
    assert_error_shape(response, 422)
