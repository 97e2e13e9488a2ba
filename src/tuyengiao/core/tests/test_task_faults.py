"""Background tasks survive faults: a worker killed outright loses no task for good.

The first tests call the recovery in this process, on the test database. The others start
real ``tuyengiao db_worker`` (and ``tuyengiao serve``) processes on a database of their own —
a copy of the migrated test database (a file for SQLite, a new database for PostgreSQL) —
kill a worker with SIGKILL while its task runs, and watch another worker take the task back.

The worker processes run on the real clock, not this process's fixed one (settings/test.py):
leases compare the heartbeats of different processes, which must share one clock. So this
process only compares what the workers wrote with each other, never with its own clock.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import closing
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
import pytest
from django.db import connection, connections
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from psycopg import sql

from tuyengiao.core.models import TaskWorker
from tuyengiao.core.task_recovery import lost_tasks_recover
from tuyengiao.core.tests.fault_tasks import wait_for_release
from tuyengiao.core.tests.test_cli import _alive, _children, _free_port
from tuyengiao.reporting.models import ReportRender
from tuyengiao.reporting.periods import period_containing
from tuyengiao.reporting.renders import render_request, render_run
from tuyengiao.reporting.tasks import render_report_file
from tuyengiao.reporting.tests.builders import build_form, report

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
ALIAS = "task_faults"
WAIT_SECONDS = 90  # bound on every wait; a worker process takes ~6 s to start on a busy machine
LOST_WITH_ONE_TRY = (
    "Tiến trình xử lý tác vụ nền đã dừng đột ngột khi đang chạy tác vụ này (đã thử 1 lần)."
)


# --- The recovery, in this process ---------------------------------------------------------


def _running(worker_id: str, *, started_ago: timedelta, task_path: str = "x.y", args=()):
    return DBTaskResult.objects.create(
        task_path=task_path,
        args_kwargs={"args": list(args), "kwargs": {}},
        backend_name="default",
        status="RUNNING",
        worker_ids=[worker_id],
        started_at=timezone.now() - started_ago,
        run_after=None,
    )


def _worker_row(worker_id: str, *, seen_ago: timedelta) -> TaskWorker:
    now = timezone.now()
    return TaskWorker.objects.create(
        worker_id=worker_id, host="may-1", pid=1, started_at=now, last_seen=now - seen_ago
    )


@pytest.mark.django_db
def test_only_tasks_of_dead_workers_are_taken_back(settings, django_capture_on_commit_callbacks):
    """A task of a live worker, or one claimed less than a lease ago, is left running; a task
    of a dead worker goes back to the queue once; dead workers' rows are removed."""
    lease = timedelta(seconds=settings.TASK_LEASE_SECONDS)
    _worker_row("song", seen_ago=timedelta(0))
    _worker_row("da-chet", seen_ago=lease * 2)
    alive = _running("song", started_ago=lease * 10)
    just_claimed = _running("chua-bao-song", started_ago=timedelta(seconds=1))
    lost = _running("da-chet", started_ago=lease * 3)
    with django_capture_on_commit_callbacks(execute=True):
        found = lost_tasks_recover()
    assert [item.result_id for item in found] == [str(lost.pk)]
    assert (found[0].retried, found[0].attempts) == (True, 1)
    statuses = dict(DBTaskResult.objects.values_list("pk", "status"))
    assert statuses == {alive.pk: "RUNNING", just_claimed.pk: "RUNNING", lost.pk: "READY"}
    assert list(TaskWorker.objects.values_list("worker_id", flat=True)) == ["song"]
    assert lost_tasks_recover() == []  # taken back once, not twice


@pytest.mark.django_db
def test_a_worker_restarted_under_the_same_id_takes_back_its_own_task(settings):
    """A service started with a fixed --worker-id: the task its killed predecessor left
    RUNNING is lost, although a worker of that id is alive again."""
    settings.TASK_MAX_ATTEMPTS = 1
    _worker_row("worker-1", seen_ago=timedelta(0))
    task = _running("worker-1", started_ago=timedelta(seconds=2))
    assert lost_tasks_recover() == []
    assert [item.retried for item in lost_tasks_recover(restarted_worker_id="worker-1")] == [False]
    task.refresh_from_db()
    assert task.status == "FAILED"
    assert task.exception_class_path == "tuyengiao.core.task_recovery.WorkerLost"
    assert LOST_WITH_ONE_TRY in task.traceback


@pytest.fixture
def half_written_render(settings, city, city_specialist, django_capture_on_commit_callbacks):
    """A report file asked for through the real service and queued on the database backend,
    claimed by a worker that then died half-way (progress 40 %, last heard of long ago)."""
    tf = build_form(city.ward_a, city.ward_b)
    period = period_containing("month", timezone.localdate())
    report(tf, city.ward_a, period, documents=2, classes={"party": 3}, learners={"party": 9})
    settings.TASKS = DB_TASKS
    with django_capture_on_commit_callbacks(execute=True):
        render = render_request(
            form=tf.form, unit=city.city, period=period, fmt="docx", actor=city_specialist
        )
    result = DBTaskResult.objects.get(task_path=render_report_file.module_path)
    assert result.args_kwargs["args"] == [render.pk]
    result.claim("da-chet")
    lease = timedelta(seconds=settings.TASK_LEASE_SECONDS)
    DBTaskResult.objects.filter(pk=result.pk).update(started_at=timezone.now() - lease * 2)
    _worker_row("da-chet", seen_ago=lease * 2)
    ReportRender.objects.filter(pk=render.pk).update(status="running", progress=40)
    return render


@pytest.mark.django_db
def test_a_report_file_whose_worker_died_ends_failed_with_the_reason(
    client, settings, city_specialist, half_written_render, django_capture_on_commit_callbacks
):
    """Out of tries: the file is "failed" with the Vietnamese reason, as the API shows it,
    never "running" forever."""
    settings.TASK_MAX_ATTEMPTS = 1
    with django_capture_on_commit_callbacks(execute=True):
        lost_tasks_recover()
    client.force_login(city_specialist)
    detail = client.get(f"/api/v1/reporting/renders/{half_written_render.pk}").json()
    assert (detail["status"], detail["error"]) == ("failed", LOST_WITH_ONE_TRY)
    half_written_render.refresh_from_db()
    assert half_written_render.finished_at is not None
    assert DBTaskResult.objects.get(task_path=render_report_file.module_path).status == "FAILED"


@pytest.mark.django_db
def test_a_report_file_whose_worker_died_is_written_again_from_the_start(
    settings, half_written_render, django_capture_on_commit_callbacks
):
    """With a try left, the file goes back to "queued" at 0 %, and the next run writes it
    whole although the lost run had got half-way."""
    settings.TASK_MAX_ATTEMPTS = 2
    with django_capture_on_commit_callbacks(execute=True):
        lost_tasks_recover()
    half_written_render.refresh_from_db()
    assert (half_written_render.status, half_written_render.progress) == ("queued", 0)
    assert DBTaskResult.objects.get(task_path=render_report_file.module_path).status == "READY"

    assert render_run(half_written_render.pk) == "done"
    half_written_render.refresh_from_db()
    assert (half_written_render.status, half_written_render.progress) == ("done", 100)
    assert half_written_render.error == ""
    assert half_written_render.file.name.endswith(".docx")
    assert render_run(half_written_render.pk) == "done"  # a late duplicate keeps the file


# --- Real worker processes -----------------------------------------------------------------


def _clone_sqlite(target: Path) -> str:
    """Copy the migrated test database (in memory) into ``target`` (SQLite's backup API)."""
    connection.ensure_connection()
    with closing(sqlite3.connect(target)) as copy:
        connection.connection.backup(copy)
    return f"sqlite:///{target}"


def _postgres_admin() -> psycopg.Connection:
    params = connection.settings_dict
    return psycopg.connect(
        dbname="postgres",
        user=params["USER"],
        password=params["PASSWORD"] or None,
        host=params["HOST"] or None,
        port=params["PORT"] or None,
        autocommit=True,
    )


def _clone_postgres(name: str) -> str:
    """CREATE DATABASE ``name`` from the migrated test database (which then must have no
    connection, hence close_all)."""
    params = connection.settings_dict
    connections.close_all()
    with _postgres_admin() as admin:
        admin.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(params["NAME"])
            )
        )
    credentials = quote(params["USER"]) + (
        f":{quote(params['PASSWORD'])}" if params["PASSWORD"] else ""
    )
    return f"postgres://{credentials}@{params['HOST']}:{params['PORT']}/{name}"


@pytest.fixture(scope="module")
def worker_database(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[str]:
    """The URL of a migrated database for worker processes, reachable here as ``ALIAS``."""
    folder = tmp_path_factory.mktemp("task-faults")
    name = f"{connection.settings_dict['NAME']}_faults_{os.getpid()}"
    with django_db_blocker.unblock():
        if connection.vendor == "sqlite":
            url = _clone_sqlite(folder / "tuyengiao.sqlite3")
            connections.settings[ALIAS] = {
                **connections.settings["default"],
                "NAME": str(folder / "tuyengiao.sqlite3"),
            }
        else:
            url = _clone_postgres(name)
            connections.settings[ALIAS] = {**connections.settings["default"], "NAME": name}
        DBTaskResult.objects.using(ALIAS).all().delete()
        TaskWorker.objects.using(ALIAS).all().delete()
        try:
            yield url
        finally:
            connections[ALIAS].close()
            del connections[ALIAS]
            del connections.settings[ALIAS]
            if connection.vendor == "postgresql":
                with _postgres_admin() as admin:
                    admin.execute(
                        sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                            sql.Identifier(name)
                        )
                    )


@pytest.fixture
def start(worker_database, tmp_path) -> Iterator[Callable[..., subprocess.Popen[str]]]:
    """Start ``tuyengiao <args>`` on the workers' database, with settings from ``env``; every
    process still running at the end is killed. Output goes to ``<tmp>/<pid>.log``."""
    started: list[subprocess.Popen[str]] = []

    def run(*args: str, **env: str) -> subprocess.Popen[str]:
        environment = {
            key: value
            for key, value in os.environ.items()
            if key not in {"TUYENGIAO_CLOCK", "DEBUG", "DJANGO_SETTINGS_MODULE"}
        }
        environment.update(
            DJANGO_SETTINGS_MODULE="tuyengiao.settings.dev",
            DATABASE_URL=worker_database,
            VAR_DIR=str(tmp_path),
            **env,
        )
        log_path = tmp_path / f"{len(started)}.log"
        with log_path.open("w") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "tuyengiao", *args],
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                text=True,
            )
        process.log_path = log_path  # type: ignore[attr-defined]
        started.append(process)
        return process

    yield run
    for process in started:  # what a failed test left running, children first
        for pid in _children(process.pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        if process.poll() is None:
            process.kill()
        process.wait()


def _output(*processes: subprocess.Popen[str]) -> str:
    return "\n".join(process.log_path.read_text() for process in processes)  # type: ignore[attr-defined]


def _wait_for(condition: Callable[[], Any], what: str, *processes: subprocess.Popen[str]) -> Any:
    deadline = time.monotonic() + WAIT_SECONDS
    while not (value := condition()):
        assert time.monotonic() < deadline, f"{what}: not within {WAIT_SECONDS} s\n" + _output(
            *processes
        )
        time.sleep(0.2)
    return value


def _worker(start, **env: str) -> subprocess.Popen[str]:
    fast = {"TASK_HEARTBEAT_SECONDS": "1", "TASK_LEASE_SECONDS": "3", **env}
    return start("db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2", **fast)


def _enqueue(folder: Path) -> DBTaskResult:
    folder.mkdir()
    return DBTaskResult.objects.using(ALIAS).create(
        task_path=wait_for_release.module_path,
        args_kwargs={"args": [str(folder)], "kwargs": {}},
        backend_name="default",
        run_after=None,
    )


def _runs(folder: Path) -> list[int]:
    return sorted(int(path.name.split("-")[1]) for path in folder.glob("started-*"))


def _result(task: DBTaskResult) -> DBTaskResult:
    return DBTaskResult.objects.using(ALIAS).get(pk=task.pk)


def _row(process: subprocess.Popen[str]) -> TaskWorker | None:
    return TaskWorker.objects.using(ALIAS).filter(pid=process.pid).first()


def test_a_task_whose_worker_is_killed_runs_again_on_another_worker(start, tmp_path):
    """SIGKILL while the task runs leaves it RUNNING; a second worker, once the first is a
    lease overdue, puts it back in the queue and runs it to the end. The second worker keeps
    its heartbeat while its task runs, and deletes its row when it stops cleanly."""
    folder = tmp_path / "task"
    task = _enqueue(folder)
    first = _worker(start)
    _wait_for(lambda: _runs(folder) == [first.pid], "the first worker starts the task", first)
    first.kill()
    first.wait()
    assert _result(task).status == "RUNNING"

    second = _worker(start)
    _wait_for(lambda: len(_runs(folder)) == 2, "the second worker runs it again", second)
    assert _runs(folder) == sorted([first.pid, second.pid])
    _wait_for(lambda: "đã xếp lại vào hàng đợi" in _output(second), "the worker says so", second)
    assert _row(first) is None  # the dead worker's row is gone
    beat = _wait_for(lambda: _row(second), "the second worker's row", second).last_seen
    _wait_for(lambda: _row(second).last_seen > beat, "a heartbeat during the task", second)

    (folder / "release").touch()
    _wait_for(lambda: _result(task).status == "SUCCESSFUL", "the task finishes", second)
    finished = _result(task)
    assert finished.return_value == second.pid
    assert len(finished.worker_ids) == 2

    second.send_signal(signal.SIGTERM)
    assert second.wait(timeout=30) == 0
    assert _row(second) is None


def test_a_task_out_of_tries_is_failed_with_the_reason(start, tmp_path):
    """With TASK_MAX_ATTEMPTS=1 the task of the killed worker is not run again: it is FAILED,
    with the Vietnamese reason as its error."""
    folder = tmp_path / "task"
    task = _enqueue(folder)
    first = _worker(start, TASK_MAX_ATTEMPTS="1")
    _wait_for(lambda: _runs(folder) == [first.pid], "the first worker starts the task", first)
    first.kill()
    first.wait()

    second = _worker(start, TASK_MAX_ATTEMPTS="1")
    failed = _wait_for(
        lambda: (result := _result(task)).status == "FAILED" and result, "the task fails", second
    )
    assert failed.exception_class_path == "tuyengiao.core.task_recovery.WorkerLost"
    assert LOST_WITH_ONE_TRY in failed.traceback
    _wait_for(lambda: "đã đánh dấu thất bại" in _output(second), "the worker says so", second)
    time.sleep(1)
    assert _runs(folder) == [first.pid]  # never run again


def _health(port: int) -> tuple[int, dict[str, Any]] | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())
    except OSError:
        return None


def test_serve_restarts_a_worker_that_dies_and_stops_everything_on_sigterm(start):
    """``tuyengiao serve``: the worker child killed, a new one starts and records itself while
    the web server keeps answering; SIGTERM stops the web server and the worker."""
    port = _free_port()
    serve = start(
        "serve",
        f"127.0.0.1:{port}",
        "--noreload",
        TASK_HEARTBEAT_SECONDS="1",
        TASK_LEASE_SECONDS="10",
    )

    def worker_of_serve(excluding: int = 0) -> TaskWorker | None:
        children = _children(serve.pid)
        rows = TaskWorker.objects.using(ALIAS).exclude(pid=excluding)
        return next((row for row in rows if row.pid in children), None)

    old = _wait_for(worker_of_serve, "serve's worker records itself", serve)
    _wait_for(lambda: _health(port), "the web server answers", serve)
    os.kill(old.pid, signal.SIGKILL)

    new = _wait_for(lambda: worker_of_serve(excluding=old.pid), "a new worker", serve)
    assert "Tiến trình tác vụ nền đã dừng (mã -9); khởi động lại sau 1 giây." in _output(serve)
    status, body = _health(port)
    assert (status, body["status"], body["checks"]["tasks"]["status"]) == (200, "ok", "ok")

    descendants = _children(serve.pid)
    serve.send_signal(signal.SIGTERM)
    assert serve.wait(timeout=30) == 0
    time.sleep(0.5)
    assert not {pid for pid in descendants if _alive(pid)}
    assert _health(port) is None
    assert not TaskWorker.objects.using(ALIAS).filter(pid=new.pid).exists()
