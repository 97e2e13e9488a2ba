"""Log records: the request's id in each, and nothing personal from the request."""

import io
import json
import logging

import pytest
from log_request_id.filters import RequestIDFilter
from pythonjsonlogger.json import JsonFormatter

from tuyengiao.core.logs import JSON_FORMATTER, DropRequestDetails


@pytest.fixture
def json_log():
    """The production handler (JSON, request id, no request details) on a buffer."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter(**{k: v for k, v in JSON_FORMATTER.items() if k != "()"}))
    handler.addFilter(RequestIDFilter())
    handler.addFilter(DropRequestDetails())
    root = logging.getLogger()
    root.addHandler(handler)
    yield stream
    root.removeHandler(handler)


def _records(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


@pytest.mark.django_db
def test_a_failed_request_is_logged_as_json_with_its_id_and_no_query(client, json_log):
    response = client.get(
        "/khong-co-trang-nay/?so_dien_thoai=0912345678&email=a@b.vn",
        HTTP_X_REQUEST_ID="9b1deb4d3b7d4bad9bdd2b0d7b3dcb6d",
    )
    assert response.status_code == 404
    assert response["X-Request-ID"] == "9b1deb4d3b7d4bad9bdd2b0d7b3dcb6d"
    records = [r for r in _records(json_log) if r["logger"] == "django.request"]
    assert len(records) == 1
    record = records[0]
    assert record["level"] == "WARNING"
    assert record["request_id"] == "9b1deb4d3b7d4bad9bdd2b0d7b3dcb6d"
    assert record["path"] == "/khong-co-trang-nay/"
    assert "request" not in record
    assert "0912345678" not in json_log.getvalue()
    assert "a@b.vn" not in json_log.getvalue()


@pytest.mark.django_db
def test_a_request_without_an_id_gets_a_new_one(client):
    first = client.get("/api/v1/version")["X-Request-ID"]
    second = client.get("/api/v1/version")["X-Request-ID"]
    assert len(first) == 32
    assert first != second


def test_lockout_logs_do_not_name_the_person(settings):
    from axes.helpers import get_client_str

    text = get_client_str(
        "canbo.badinh", "203.0.113.9", "Mozilla/5.0 Android", "/admin/login/", None
    )
    assert "canbo.badinh" not in text
    assert "203.0.113.9" not in text
    assert "Android" not in text
