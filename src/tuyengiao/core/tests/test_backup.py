"""Backups and restores (core/backup.py, core/restore.py, core/tasks.py) on the suite's engine.

The key test runs real processes, as an operator would: ``tuyengiao migrate`` makes a file
database (an SQLite file, or a new database on the test's PostgreSQL server), a writer
process keeps committing, ``tuyengiao backup -o`` runs meanwhile, and ``tuyengiao restore``
puts the archive into a second, empty, instance, which the test compares with the manifest
and with the source through its own SQL. Migrating takes most of the time, so it happens once
for the module, and the daily task runs in a process against that instance too. The archive
is checked before the target, so the refusals of an archive run in this process against the
(non-empty) test database, which must come out unchanged.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

import django
import psycopg
import pytest
import wagtail
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django_tasks_db.models import DBTaskResult

from tuyengiao.core import backup_database
from tuyengiao.core.backup import DAILY_NAME
from tuyengiao.core.backup_database import BackupError
from tuyengiao.core.tasks import next_backup_at, schedule_next_backup

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
WRITER_ACTION = "wagtail.create"  # a registered action; the label tells the writer's apart

# Commits one audit entry and one session per transaction until SIGTERM, after the current
# transaction: a consistent copy holds as many of the one as of the other.
WRITER = f"""
import signal, time
from datetime import timedelta
import django
django.setup()
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from wagtail.models import ModelLogEntry

stopping = []
signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
content_type = ContentType.objects.get_for_model(Session)
print("writing", flush=True)
n = 0
while not stopping:
    n += 1
    with transaction.atomic():
        ModelLogEntry.objects.create(
            content_type=content_type, label=f"writer {{n}}", action="{WRITER_ACTION}",
            object_id=str(n), timestamp=timezone.now(),
        )
        Session.objects.create(
            session_key=f"writer{{n:08d}}", session_data="x",
            expire_date=timezone.now() + timedelta(days=1),
        )
    time.sleep(0.01)
"""

STORED_FILES = {
    "media/original_images/Ảnh đại hội.jpg": os.urandom(200_000),
    "media/images/Ảnh đại hội.max-800x600.jpg": os.urandom(50_000),
    "private/documents/k3J9x/Quyết định số 12-QĐ.pdf": b"%PDF-1.7 " + os.urandom(30_000),
    "private/reports/2026/empty.txt": b"",
}


# --- Instances the test processes run on ------------------------------------------------------


@dataclass
class Instance:
    """A platform instance of its own: a database and the folders of stored files."""

    root: Path
    database_url: str
    sqlite_path: Path | None = None
    pg_params: dict[str, str] | None = None

    @property
    def media(self) -> Path:
        return self.root / "media"

    @property
    def private(self) -> Path:
        return self.root / "private"

    def env(self) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "MEDIA_ROOT", "VAR_DIR"}
        }
        env.update(
            DJANGO_SETTINGS_MODULE="tuyengiao.settings.dev",
            DATABASE_URL=self.database_url,
            VAR_DIR=str(self.root / "var"),
            MEDIA_ROOT=str(self.media),
            PRIVATE_FILES_ROOT=str(self.private),
        )
        return env

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "tuyengiao", *args],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=600,
        )

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        """Rows of ``sql``, read with the test's own connection."""
        if self.sqlite_path is not None:
            with closing(sqlite3.connect(self.sqlite_path, timeout=20)) as db:
                return db.execute(sql).fetchall()
        with psycopg.connect(**(self.pg_params or {}), autocommit=True) as db:
            return db.execute(sql).fetchall()  # type: ignore[arg-type]

    def table_names(self) -> list[str]:
        if self.sqlite_path is not None:
            if not self.sqlite_path.exists():
                return []
            sql = (
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                " AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'"
            )
        else:
            sql = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        return sorted(name for (name,) in self.query(sql))

    def count(self, table: str) -> int:
        return self.query(f'SELECT count(*) FROM "{table}"')[0][0]

    def rows(self, table: str) -> Counter[Any]:
        if self.sqlite_path is not None:
            return Counter(self.query(f'SELECT * FROM "{table}"'))
        return Counter(text for (text,) in self.query(f'SELECT t::text FROM "{table}" AS t'))

    def writer_rows(self) -> tuple[int, int]:
        """(audit entries, sessions) the writer committed."""
        entries = self.query(
            "SELECT count(*) FROM wagtailcore_modellogentry WHERE label LIKE 'writer %'"
        )
        sessions = self.query(
            "SELECT count(*) FROM django_session WHERE session_key LIKE 'writer%'"
        )
        return entries[0][0], sessions[0][0]

    def files(self) -> dict[str, bytes]:
        """Every stored file, named as in the manifest."""
        return {
            f"{label}/{path.relative_to(folder).as_posix()}": path.read_bytes()
            for label, folder in (("media", self.media), ("private", self.private))
            for path in (sorted(folder.rglob("*")) if folder.exists() else [])
            if path.is_file()
        }


class Server:
    """Makes empty instances on the suite's engine, and removes their databases at the end."""

    def __init__(self) -> None:
        self.config = settings.DATABASES["default"]
        self.vendor = connection.vendor
        self.created: list[str] = []
        if self.vendor == "postgresql":
            try:
                backup_database.postgresql_tool("pg_dump")
                backup_database.postgresql_tool("pg_restore")
            except BackupError as exc:
                pytest.fail(f"The PostgreSQL leg needs pg_dump and pg_restore: {exc}")

    def _admin(self) -> psycopg.Connection[Any]:
        return psycopg.connect(**self._params("postgres"), autocommit=True)

    def _params(self, name: str) -> dict[str, str]:
        params = {
            "dbname": name,
            "host": self.config.get("HOST") or "",
            "port": str(self.config.get("PORT") or ""),
            "user": self.config.get("USER") or "",
            "password": self.config.get("PASSWORD") or "",
        }
        return {key: value for key, value in params.items() if value}

    def new_instance(self, root: Path) -> Instance:
        """An instance with no tables and no files."""
        root.mkdir(parents=True)
        if self.vendor == "sqlite":
            path = root / "tuyengiao.sqlite3"
            return Instance(root=root, database_url=f"sqlite:///{path}", sqlite_path=path)
        name = f"backup_test_{uuid.uuid4().hex[:12]}"
        with self._admin() as admin:
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')  # type: ignore[arg-type]
        self.created.append(name)
        password = quote(self.config.get("PASSWORD") or "")
        credentials = quote(self.config.get("USER") or "") + (f":{password}" if password else "")
        url = f"postgres://{credentials}@{self.config['HOST']}:{self.config['PORT']}/{name}"
        return Instance(root=root, database_url=url, pg_params=self._params(name))

    def drop_created(self) -> None:
        if self.created:
            with self._admin() as admin:
                for name in self.created:
                    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    made = Server()
    yield made
    made.drop_created()


@dataclass
class BackupWhileWriting:
    source: Instance
    archive: Path
    manifest: dict[str, Any]
    output: str
    writer_rows_before: int
    writer_rows_after: int


@pytest.fixture(scope="module")
def backup_while_writing(server: Server, tmp_path_factory) -> BackupWhileWriting:
    """A migrated instance with stored files, backed up while a writer commits."""
    source = server.new_instance(tmp_path_factory.mktemp("source") / "instance")
    migrated = source.run("migrate", "--noinput")
    assert migrated.returncode == 0, migrated.stderr
    for name, content in STORED_FILES.items():
        path = source.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    archive = tmp_path_factory.mktemp("archives") / "tuyengiao.tar.gz"

    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER],
        env=source.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "writing", writer.stderr
        rows_before = source.writer_rows()[1]
        made = source.run("backup", "-o", str(archive))
        rows_after = source.writer_rows()[1]
    finally:
        writer.terminate()
        _, writer_errors = writer.communicate(timeout=60)
    assert writer.returncode == 0, writer_errors
    assert made.returncode == 0, made.stderr
    with tarfile.open(archive) as opened:
        manifest = json.load(opened.extractfile("manifest.json"))  # type: ignore[arg-type]
    return BackupWhileWriting(source, archive, manifest, made.stdout, rows_before, rows_after)


# --- The key test: backup while writing, restore elsewhere, compare -----------------------------


def test_backup_taken_while_writing_restores_to_one_instant(backup_while_writing, server, tmp_path):
    """The archive made while a process commits describes one instant, and a restore into an
    empty instance gives back exactly that: every table's rows and every stored file."""
    made = backup_while_writing
    manifest = made.manifest
    assert "Đã sao lưu vào" in made.output
    # Nothing but the archive is left beside it (no temporary file or folder).
    assert [p.name for p in made.archive.parent.iterdir()] == [made.archive.name]
    assert manifest["database"]["engine"] == connection.vendor
    assert ["contenttypes", "0001_initial"] in manifest["migrations"]
    assert manifest["platform_version"] == version("tuyengiao")
    assert manifest["django_version"] == django.get_version()
    assert manifest["wagtail_version"] == wagtail.__version__
    assert datetime.fromisoformat(manifest["created_at"]).tzinfo is not None
    # The writer committed before, during and after the snapshot.
    in_archive = manifest["tables"]["django_session"]["rows"]
    assert made.writer_rows_before < in_archive < made.writer_rows_after

    target = server.new_instance(tmp_path / "restored")
    restored = target.run("restore", str(made.archive))
    assert restored.returncode == 0, restored.stderr
    assert "khớp với bản kê" in restored.stdout

    # Counted with the test's own SQL: the tables and their rows are the manifest's.
    assert target.table_names() == sorted(manifest["tables"])
    for table, expected in manifest["tables"].items():
        assert target.count(table) == expected["rows"], table
    # Checksums recomputed here, from the restored database.
    if target.sqlite_path is not None:
        summary = backup_database.sqlite_summary(target.sqlite_path)
    else:
        summary = backup_database.postgresql_summary(target.pg_params)
    assert {name: (t.rows, t.checksum) for name, t in summary.tables.items()} == {
        name: (t["rows"], t["checksum"]) for name, t in manifest["tables"].items()
    }
    # One instant: each writer transaction is there whole or not at all.
    assert target.writer_rows() == (in_archive, in_archive)
    # Every restored row is the source's; tables the writer did not touch are identical.
    for table in manifest["tables"]:
        restored_rows, source_rows = target.rows(table), made.source.rows(table)
        if table in {"django_session", "wagtailcore_modellogentry"}:
            assert not restored_rows - source_rows, table
        else:
            assert restored_rows == source_rows, table
    # The stored files, byte for byte, and their checksums in the manifest.
    assert target.files() == made.source.files() == STORED_FILES
    assert {name: hashlib.sha256(data).hexdigest() for name, data in target.files().items()} == {
        name: file["sha256"] for name, file in manifest["files"].items()
    }


# --- Refusals ------------------------------------------------------------------------------------


def _rewritten(
    archive: Path,
    destination: Path,
    *,
    manifest: Callable[[dict[str, Any]], None] | None = None,
    member: Callable[[str, bytes], tuple[str, bytes] | None] | None = None,
) -> Path:
    """A copy of ``archive`` with its manifest and/or members changed (None drops a member)."""
    with tarfile.open(archive) as source, tarfile.open(destination, "w:gz") as copy:
        for info in source.getmembers():
            data = source.extractfile(info).read()  # type: ignore[union-attr]
            name: str | None = info.name
            if info.name == "manifest.json" and manifest is not None:
                changed = json.loads(data)
                manifest(changed)
                data = json.dumps(changed).encode()
            elif member is not None:
                kept = member(info.name, data)
                name, data = kept if kept is not None else (None, b"")
            if name is not None:
                info.name, info.size = name, len(data)
                copy.addfile(info, io.BytesIO(data))
    return destination


@pytest.fixture
def empty_folders(settings, tmp_path) -> Path:
    """This process's stored-file folders, empty; VAR_DIR beside them."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    settings.VAR_DIR = tmp_path / "var"
    return tmp_path


def _row_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


def test_restore_refuses_an_archive_from_a_newer_schema_and_changes_nothing(
    db, backup_while_writing, empty_folders
):
    """A migration this code does not have means newer software made the archive."""
    archive = _rewritten(
        backup_while_writing.archive,
        empty_folders / "newer.tar.gz",
        manifest=lambda m: m["migrations"].append(["core", "9999_from_a_newer_version"]),
    )
    before = _row_counts()
    with pytest.raises(CommandError, match="nâng cấp phần mềm trước") as refused:
        call_command("restore", str(archive))
    assert "core.9999_from_a_newer_version" in str(refused.value)
    assert "\n" not in str(refused.value)
    assert _row_counts() == before
    assert not (empty_folders / "media").exists()
    assert not (empty_folders / "private").exists()


def test_restore_refuses_a_database_that_is_not_empty(db, backup_while_writing, empty_folders):
    """The test database is migrated, hence not empty: nothing is restored into it."""
    before = _row_counts()
    with pytest.raises(CommandError, match="Cơ sở dữ liệu đích không trống"):
        call_command("restore", str(backup_while_writing.archive))
    assert _row_counts() == before
    assert not (empty_folders / "media").exists()
    assert not (empty_folders / "private").exists()


def _flip_one_byte_of_a_stored_file(name: str, data: bytes) -> tuple[str, bytes]:
    if name.startswith("files/private/documents/"):
        return name, bytes([data[0] ^ 0xFF]) + data[1:]
    return name, data


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        ("flipped byte", "files/private/documents/k3J9x/Quyết định số 12-QĐ.pdf không khớp"),
        ("no manifest", "thiếu manifest.json"),
        ("truncated", "không đọc được"),
    ],
)
def test_restore_refuses_a_damaged_archive(db, backup_while_writing, empty_folders, damage, reason):
    """A stored file that does not match its checksum, a missing manifest or a cut archive is
    refused before anything is written."""
    archive = empty_folders / "damaged.tar.gz"
    if damage == "flipped byte":
        _rewritten(backup_while_writing.archive, archive, member=_flip_one_byte_of_a_stored_file)
    elif damage == "no manifest":
        _rewritten(
            backup_while_writing.archive,
            archive,
            member=lambda name, data: None if name == "manifest.json" else (name, data),
        )
    else:
        whole = backup_while_writing.archive.read_bytes()
        archive.write_bytes(whole[: len(whole) // 2])
    before = _row_counts()
    with pytest.raises(CommandError, match="bị hỏng") as refused:
        call_command("restore", str(archive))
    assert reason in str(refused.value)
    assert "\n" not in str(refused.value)
    assert _row_counts() == before
    assert not (empty_folders / "media").exists()
    assert not (empty_folders / "private").exists()


def test_restore_refuses_an_archive_of_the_other_engine(db, backup_while_writing, empty_folders):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    members = {"sqlite": "database/db.sqlite3", "postgresql": "database/db.pgdump"}

    def as_other_engine(manifest: dict[str, Any]) -> None:
        manifest["database"].update(engine=other, member=members[other])

    archive = _rewritten(
        backup_while_writing.archive,
        empty_folders / "other.tar.gz",
        manifest=as_other_engine,
        member=lambda name, data: (members[other] if name.startswith("database/") else name, data),
    )
    with pytest.raises(CommandError, match="cùng loại cơ sở dữ liệu") as refused:
        call_command("restore", str(archive))
    assert "SQLite" in str(refused.value)
    assert "PostgreSQL" in str(refused.value)


def test_backup_refuses_a_folder_that_does_not_exist(db, tmp_path):
    with pytest.raises(CommandError, match="không tồn tại"):
        call_command("backup", "-o", str(tmp_path / "missing" / "tuyengiao.tar.gz"))
    assert not (tmp_path / "missing").exists()


def test_missing_postgresql_tool_is_named(settings, tmp_path):
    """Without pg_dump in PG_BIN_DIR, one line says what to install or set."""
    settings.PG_BIN_DIR = str(tmp_path)
    with pytest.raises(BackupError, match="Không tìm thấy chương trình pg_dump") as missing:
        backup_database.postgresql_tool("pg_dump")
    assert "PG_BIN_DIR" in str(missing.value)


# --- The daily backup ----------------------------------------------------------------------------


def test_daily_backup_writes_an_archive_and_keeps_the_newest_of_its_own(
    backup_while_writing, tmp_path
):
    """The task (run by a process, as the worker would) names its archive by the moment and
    deletes only the oldest of its own archives beyond BACKUP_KEEP; other files stay."""
    source = backup_while_writing.source  # the writer has stopped: nothing changes any more
    backups = tmp_path / "backups"
    backups.mkdir()
    older = [f"tuyengiao-202610{day}-020000.tar.gz" for day in (11, 12, 13)]
    others = ["tuyengiao-manual.tar.gz", "notes.txt", "tuyengiao-20261001-020000.tar.gz.bak"]
    for name in older + others:
        (backups / name).write_bytes(b"old")
    env = {
        **source.env(),
        "BACKUP_DIR": str(backups),
        "BACKUP_KEEP": "2",
        "TUYENGIAO_CLOCK": "2026-10-14T02:00:05+07:00",
    }
    run = "import django; django.setup(); from tuyengiao.core.tasks import backup_daily as t; "
    done = subprocess.run(
        [sys.executable, "-c", run + "print(t.call())"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr

    written = Path(done.stdout.strip().splitlines()[-1])
    assert written.parent == backups
    assert re.fullmatch(r"tuyengiao-20261014-0200\d\d\.tar\.gz", written.name)
    assert DAILY_NAME.match(written.name)
    remaining = sorted(p.name for p in backups.iterdir())
    assert remaining == sorted([older[-1], written.name, *others])
    with tarfile.open(written) as archive:
        manifest = json.load(archive.extractfile("manifest.json"))  # type: ignore[arg-type]
    assert manifest["files"] == {
        name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
        for name, data in STORED_FILES.items()
    }
    assert {name: table["rows"] for name, table in manifest["tables"].items()} == {
        name: source.count(name) for name in source.table_names()
    }


@pytest.fixture
def database_task_backend(settings) -> None:
    """The task backend of a deployment, which can run a task later."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_daily_backup_schedules_its_next_run_once(
    db, settings, database_task_backend, time_machine
):
    time_machine.move_to(datetime(2026, 10, 14, 10, 0, tzinfo=HANOI), tick=False)
    settings.BACKUP_DAILY = True
    settings.BACKUP_AT = "02:00"

    run_at = schedule_next_backup()

    assert run_at == datetime(2026, 10, 15, 2, 0, tzinfo=HANOI)
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "tuyengiao.core.tasks.backup_daily"
    assert queued.run_after == run_at
    assert schedule_next_backup() is None
    assert DBTaskResult.objects.count() == 1
    assert "tuyengiao.core.tasks.schedule_next_backup" in settings.DAILY_TASK_SCHEDULERS


def test_daily_backup_is_not_scheduled_when_turned_off(db, settings, database_task_backend):
    settings.BACKUP_DAILY = False
    assert schedule_next_backup() is None
    assert not DBTaskResult.objects.exists()


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime(2026, 10, 14, 1, 59), datetime(2026, 10, 14, 2, 0)),
        (datetime(2026, 10, 14, 2, 0), datetime(2026, 10, 15, 2, 0)),
        (datetime(2026, 12, 31, 23, 59), datetime(2027, 1, 1, 2, 0)),
    ],
)
def test_next_backup_is_the_next_backup_at_in_local_time(settings, now, expected):
    settings.BACKUP_AT = "02:00"
    assert next_backup_at(now.replace(tzinfo=HANOI)) == expected.replace(tzinfo=HANOI)
