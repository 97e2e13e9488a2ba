"""The JSON API at /api/v1/: health, authentication by session or token, OpenAPI docs."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from ninja.errors import AuthenticationError
from wagtail.models import APIToken

from tuyengiao.api.auth import caller

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db
def test_health_reports_each_part(client):
    response = client.get("/api/v1/health")
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "tasks", "search"}
    assert all(check["status"] == "ok" for check in body["checks"].values())
    assert body["checks"]["database"]["vendor"] in {"sqlite", "postgresql"}
    assert body["checks"]["search"]["backend"] in {"sqlite", "postgres"}


@pytest.mark.django_db
def test_health_counts_waiting_tasks_and_warns_when_no_worker_runs(client, settings):
    """With the database queue, a task waiting over five minutes means no worker is running."""
    settings.TASKS = DB_TASKS
    common = {"args_kwargs": {"args": [], "kwargs": {}}, "backend_name": "default"}
    DBTaskResult.objects.create(task_path="tuyengiao.example", run_after=timezone.now(), **common)
    tasks = client.get("/api/v1/health").json()["checks"]["tasks"]
    assert (tasks["status"], tasks["backend"], tasks["waiting"]) == ("ok", "DatabaseBackend", 1)

    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=10))
    tasks = client.get("/api/v1/health").json()["checks"]["tasks"]
    assert tasks["status"] == "warning"
    assert "tác vụ nền" in tasks["warning"]


@pytest.mark.django_db
def test_health_is_503_when_a_part_fails(client, settings):
    """An external search engine that is not there makes the platform unhealthy."""
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.opensearch3",
            "URLS": ["http://127.0.0.1:9"],
        }
    }
    response = client.get("/api/v1/health")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["search"]["status"] == "error"
    assert body["checks"]["database"]["status"] == "ok"


@pytest.mark.django_db
def test_me_needs_a_caller(client):
    assert client.get("/api/v1/me").status_code == 401


@pytest.mark.django_db
def test_me_with_admin_session(client, specialist):
    client.force_login(specialist)
    body = client.get("/api/v1/me").json()
    assert body["username"] == "chuyenvien"
    assert body["full_name"] == "Lê Thu Hà"
    assert body["language"] == "vi"


@pytest.mark.django_db
def test_me_with_bearer_token_and_revocation(client, city_specialist):
    """A token speaks for a member of some unit (tokens of people without one end)."""
    token, plaintext = APIToken.create_token(user=city_specialist, name="Đồng bộ số liệu")
    headers = {"Authorization": f"Bearer {plaintext}"}
    response = client.get("/api/v1/me", headers=headers)
    assert response.status_code == 200
    assert response.json()["username"] == "cv.thanhpho"
    token.refresh_from_db()
    assert token.last_used_at is not None

    token.revoke()
    assert client.get("/api/v1/me", headers=headers).status_code == 401


@pytest.mark.django_db
def test_wrong_token_is_not_rescued_by_a_session(client, specialist):
    """A request with a bad token stays anonymous even if it carries a session cookie."""
    client.force_login(specialist)
    response = client.get("/api/v1/me", headers={"Authorization": "Bearer wagtail_nope"})
    assert response.status_code == 401


@pytest.mark.django_db
def test_openapi_schema_and_docs_are_served_without_cdn(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Tuyên giáo số API"
    assert {"/api/v1/health", "/api/v1/me"} <= set(schema["paths"])
    docs = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/" in docs
    assert "cdn." not in docs


@pytest.mark.django_db
def test_caller_is_the_signed_in_person_or_a_401(rf, specialist):
    """Endpoints act as the person behind the call; an anonymous request never reaches a
    service as anybody."""
    request = rf.get("/api/v1/me")
    request.user = specialist
    assert caller(request) == specialist
    request.user = AnonymousUser()
    with pytest.raises(AuthenticationError):
        caller(request)
