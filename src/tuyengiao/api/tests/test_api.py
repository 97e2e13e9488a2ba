"""The JSON API at /api/v1/: health, authentication by session or token, OpenAPI docs."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from ninja.errors import AuthenticationError
from wagtail.models import APIToken

from tuyengiao.api.auth import caller
from tuyengiao.core.models import TaskWorker

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


def _task(**fields):
    """A task result as django-tasks-db stores it: ready to run, at once unless told
    otherwise (run_after None is stored as "no later than", the year 9999)."""
    fields = {"args_kwargs": {"args": [], "kwargs": {}}, "run_after": None, **fields}
    return DBTaskResult.objects.create(
        task_path="tuyengiao.example", backend_name="default", **fields
    )


def _worker(worker_id: str, *, seen_ago: timedelta = timedelta(0)) -> TaskWorker:
    now = timezone.now()
    return TaskWorker.objects.create(
        worker_id=worker_id, host="may-1", pid=4321, started_at=now, last_seen=now - seen_ago
    )


@pytest.mark.django_db
def test_health_with_the_database_queue_is_ok_while_a_worker_is_alive(client, settings):
    """A live worker and nothing waiting long: "ok" and 200, with the queue's figures."""
    settings.TASKS = DB_TASKS
    _worker("song")
    _task()
    _task(status="FAILED")
    response = client.get("/api/v1/health")
    body = response.json()
    assert (response.status_code, body["status"]) == (200, "ok")
    tasks = body["checks"]["tasks"]
    assert tasks["status"] == "ok"
    assert tasks["backend"] == "DatabaseBackend"
    assert (tasks["waiting"], tasks["running"], tasks["failed"]) == (1, 0, 1)
    assert (tasks["workers_alive"], tasks["stuck"], tasks["oldest_waiting_seconds"]) == (1, 0, 0)
    assert "warning" not in tasks


@pytest.mark.django_db
def test_health_is_degraded_when_a_task_waits_too_long(client, settings):
    """A task runnable for over HEALTH_TASK_WAIT_SECONDS: the tasks check warns, the platform
    is "degraded" and answers 503 so that monitoring notices."""
    settings.TASKS = DB_TASKS
    _worker("song")
    now = timezone.now()
    waiting = _task()
    _task(run_after=now + timedelta(hours=1))  # deferred: not waiting yet
    DBTaskResult.objects.filter(pk=waiting.pk).update(enqueued_at=now - timedelta(minutes=4))
    assert client.get("/api/v1/health").status_code == 200

    DBTaskResult.objects.filter(pk=waiting.pk).update(enqueued_at=now - timedelta(minutes=10))
    response = client.get("/api/v1/health")
    body = response.json()
    assert (response.status_code, body["status"]) == (503, "degraded")
    tasks = body["checks"]["tasks"]
    assert tasks["status"] == "warning"
    assert tasks["waiting"] == 1
    assert tasks["oldest_waiting_seconds"] >= 600
    assert "Có tác vụ đã chờ 10 phút" in tasks["warning"]
    assert body["checks"]["database"]["status"] == "ok"


@pytest.mark.django_db
def test_a_deferred_task_waits_from_its_run_after(client, settings):
    """A task queued long ago to run later counts its wait from when it could first run."""
    settings.TASKS = DB_TASKS
    _worker("song")
    now = timezone.now()
    deferred = _task(run_after=now - timedelta(minutes=1))
    DBTaskResult.objects.filter(pk=deferred.pk).update(enqueued_at=now - timedelta(days=1))
    tasks = client.get("/api/v1/health").json()["checks"]["tasks"]
    assert tasks["status"] == "ok"
    assert 60 <= tasks["oldest_waiting_seconds"] < 120


@pytest.mark.django_db
def test_health_is_an_error_when_no_worker_is_alive(client, settings):
    """With the database queue and no worker heard from within the lease, nothing would ever
    run: the tasks check is an error and the platform answers 503."""
    settings.TASKS = DB_TASKS
    _worker("im-lang", seen_ago=timedelta(seconds=settings.TASK_LEASE_SECONDS + 1))
    _task()
    response = client.get("/api/v1/health")
    body = response.json()
    assert (response.status_code, body["status"]) == (503, "error")
    tasks = body["checks"]["tasks"]
    assert (tasks["status"], tasks["workers_alive"], tasks["waiting"]) == ("error", 0, 1)
    assert "Không có tiến trình xử lý tác vụ nền nào đang chạy" in tasks["error"]

    TaskWorker.objects.all().delete()  # none at all, and nothing waiting
    DBTaskResult.objects.all().delete()
    assert client.get("/api/v1/health").json()["checks"]["tasks"]["status"] == "error"


@pytest.mark.django_db
def test_health_warns_of_a_task_stuck_under_a_dead_worker(client, settings):
    """A task RUNNING for longer than the lease under a worker no longer heard from."""
    settings.TASKS = DB_TASKS
    _worker("song")
    _worker("da-chet", seen_ago=timedelta(minutes=5))
    long_ago = timezone.now() - timedelta(minutes=6)
    _task(status="RUNNING", worker_ids=["da-chet"], started_at=long_ago)
    _task(status="RUNNING", worker_ids=["song"], started_at=long_ago)
    response = client.get("/api/v1/health")
    body = response.json()
    assert (response.status_code, body["status"]) == (503, "degraded")
    tasks = body["checks"]["tasks"]
    assert (tasks["status"], tasks["running"], tasks["stuck"]) == ("warning", 2, 1)
    assert "tiến trình xử lý tác vụ nền đã dừng: 1" in tasks["warning"]


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
