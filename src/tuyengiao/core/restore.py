"""Restore: an archive of ``tuyengiao backup`` (core/backup.py) into an EMPTY instance.

Empty means: the database has no tables (an SQLite file that does not exist yet or has no
tables; a PostgreSQL database with no table in its public schema) and the folders of stored
files hold no file. A freshly migrated database is not empty (data migrations seed reference
rows), so the target is a database that was never migrated.

The archive is read twice, streaming, and nothing is written until the first read is done:

1. check: every member's SHA-256 against the manifest (a damaged or incomplete archive, or
   one without its manifest, is refused), the engine (an SQLite archive goes into SQLite,
   a PostgreSQL one into PostgreSQL), the schema (a migration this code does not have means
   the archive comes from a newer version: upgrade the software first), then that the target
   is empty. A refusal changes nothing.
2. restore: the database (SQLite's online backup API into the target file; ``pg_restore``
   in one transaction), then the files into MEDIA_ROOT and PRIVATE_FILES_ROOT.

Afterwards every table's row count and checksum and every file's SHA-256 are computed again
and compared with the manifest; any difference is an error. An archive from an older schema
is restored as it was: its pending migrations are NOT applied here, so that what is compared
is exactly what was backed up; the operator runs ``tuyengiao migrate`` next (the command says
so). A failure during step 2 leaves a partly restored instance: empty it and start again.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from tuyengiao.core import backup_database
from tuyengiao.core.backup import (
    ARCHIVE_FORMAT,
    BLOCK_SIZE,
    DATABASE_MEMBERS,
    FILES_PREFIX,
    MANIFEST_MEMBER,
    stored_files,
)
from tuyengiao.core.backup_database import BackupError

ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


@dataclass(frozen=True)
class RestoreResult:
    manifest: dict[str, Any]
    tables: int
    rows: int
    files: int
    pending_migrations: int


def backup_restore(*, path: Path) -> RestoreResult:
    """Restore the archive at ``path`` into this (empty) instance and verify the result."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"Không tìm thấy tệp sao lưu {path}.")
    manifest = _checked_manifest(path)
    _check_compatible(manifest)
    _check_empty()
    work_folder = Path(settings.VAR_DIR)
    work_folder.mkdir(parents=True, exist_ok=True)
    try:
        with tempfile.TemporaryDirectory(prefix=".tuyengiao-restore-", dir=work_folder) as work:
            _unpack(path, manifest, Path(work))
        _verify_restored(manifest)
    except OSError as exc:
        raise BackupError(
            f"Khôi phục thất bại giữa chừng ({exc.strerror or exc}): hãy làm trống cơ sở dữ liệu "
            "và các thư mục tệp rồi khôi phục lại."
        ) from None
    connection.close()  # forget anything read before the tables existed
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    tables = manifest["tables"]
    return RestoreResult(
        manifest=manifest,
        tables=len(tables),
        rows=sum(table["rows"] for table in tables.values()),
        files=len(manifest["files"]),
        pending_migrations=len(pending),
    )


# --- 1. Check ----------------------------------------------------------------------------------


def _damaged(path: Path, reason: str) -> BackupError:
    return BackupError(f"Tệp sao lưu {path} bị hỏng: {reason}. Không khôi phục gì.")


def _checked_manifest(path: Path) -> dict[str, Any]:
    """The archive's manifest, once every member has been read and matches it."""
    members: dict[str, tuple[str, int]] = {}
    manifest_bytes: bytes | None = None
    try:
        with tarfile.open(path, "r|*") as archive:
            for member in archive:
                if member.isdir():
                    continue
                source = archive.extractfile(member) if member.isfile() else None
                if source is None:
                    raise _damaged(path, f"thành phần lạ {member.name!r}")
                if member.name in members or (
                    member.name == MANIFEST_MEMBER and manifest_bytes is not None
                ):
                    raise _damaged(path, f"thành phần {member.name!r} có hai lần")
                if member.name == MANIFEST_MEMBER:
                    manifest_bytes = source.read()
                else:
                    members[member.name] = (_sha256(source), member.size)
    except (tarfile.TarError, gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise _damaged(path, f"không đọc được ({exc})") from None
    except OSError as exc:
        raise BackupError(f"Không đọc được tệp sao lưu {path}: {exc.strerror or exc}.") from None
    if manifest_bytes is None:
        raise _damaged(path, f"thiếu {MANIFEST_MEMBER}")
    try:
        manifest = json.loads(manifest_bytes)
        expected = _expected_members(manifest)
    except (ValueError, KeyError, TypeError, AttributeError):
        raise _damaged(path, f"{MANIFEST_MEMBER} không đọc được") from None
    for name, (sha256, size) in expected.items():
        if name not in members:
            raise _damaged(path, f"thiếu {name}")
        if members[name] != (sha256, size):
            raise _damaged(path, f"{name} không khớp mã kiểm tra trong {MANIFEST_MEMBER}")
    for name in members.keys() - expected.keys():
        raise _damaged(path, f"thành phần lạ {name!r} không có trong {MANIFEST_MEMBER}")
    return manifest


def _expected_members(manifest: dict[str, Any]) -> dict[str, tuple[str, int]]:
    """Archive member name -> (sha256, size), from the manifest.

    Raises ValueError (or KeyError, TypeError) when the manifest is not one this code wrote,
    or names a file that would land outside the folders of stored files.
    """
    database = manifest["database"]
    well_formed = (
        manifest["format"] == ARCHIVE_FORMAT
        and isinstance(manifest["created_at"], str)
        and isinstance(manifest["platform_version"], str)
        and database["member"] == DATABASE_MEMBERS.get(database["engine"])
        and all(
            isinstance(migration, list) and len(migration) == 2
            for migration in manifest["migrations"]
        )
        and all(
            isinstance(table["rows"], int) and isinstance(table["checksum"], str)
            for table in manifest["tables"].values()
        )
    )
    if not well_formed:
        raise ValueError("not a manifest of this format")
    expected = {database["member"]: (str(database["sha256"]), int(database["size"]))}
    for name, file in manifest["files"].items():
        _target_path(name)
        expected[FILES_PREFIX + name] = (str(file["sha256"]), int(file["size"]))
    return expected


def _check_compatible(manifest: dict[str, Any]) -> None:
    archived, here = manifest["database"]["engine"], backup_database.engine()
    if archived != here:
        raise BackupError(
            f"Bản sao lưu lấy từ cơ sở dữ liệu {ENGINE_NAMES.get(archived, archived)}, còn nơi "
            f"khôi phục dùng {ENGINE_NAMES[here]}: chỉ khôi phục được vào cùng loại cơ sở dữ liệu."
        )
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    known.update(old for migration in loader.disk_migrations.values() for old in migration.replaces)
    unknown = [f"{app}.{name}" for app, name in manifest["migrations"] if (app, name) not in known]
    if unknown:
        shown = ", ".join(unknown[:3]) + (
            f" và {len(unknown) - 3} migration khác" if len(unknown) > 3 else ""
        )
        raise BackupError(
            f"Bản sao lưu đến từ phiên bản mới hơn (phiên bản {manifest['platform_version']}, có "
            f"migration mà mã này không có: {shown}): hãy nâng cấp phần mềm trước rồi khôi phục."
        )


def _check_empty() -> None:
    tables = backup_database.table_names()
    if tables:
        raise BackupError(
            f"Cơ sở dữ liệu đích không trống ({len(tables)} bảng): chỉ khôi phục vào một cơ sở "
            "dữ liệu chưa có bảng nào (chưa chạy migrate). Không khôi phục gì."
        )
    for _, stored in stored_files():
        raise BackupError(
            f"Thư mục tệp không trống (có {stored}): chỉ khôi phục vào thư mục MEDIA_ROOT và "
            "PRIVATE_FILES_ROOT trống hoặc chưa có. Không khôi phục gì."
        )


# --- 2. Restore --------------------------------------------------------------------------------


def _unpack(path: Path, manifest: dict[str, Any], work: Path) -> None:
    database_member = manifest["database"]["member"]
    with tarfile.open(path, "r|*") as archive:
        for member in archive:
            source = archive.extractfile(member) if member.isfile() else None
            if source is None:
                continue
            if member.name == database_member:
                dump = work / PurePosixPath(database_member).name
                with dump.open("wb") as target:
                    shutil.copyfileobj(source, target, BLOCK_SIZE)
                backup_database.load(dump)
                dump.unlink()
            elif member.name.startswith(FILES_PREFIX):
                destination = _target_path(member.name.removeprefix(FILES_PREFIX))
                destination.parent.mkdir(parents=True, exist_ok=True)
                with destination.open("xb") as target:
                    shutil.copyfileobj(source, target, BLOCK_SIZE)
                os.utime(destination, (member.mtime, member.mtime))


def _target_path(name: str) -> Path:
    """Where the archived file ``media/…`` or ``private/…`` goes; other names are refused."""
    label, _, relative = name.partition("/")
    parts = PurePosixPath(relative).parts
    roots = {"media": settings.MEDIA_ROOT, "private": settings.PRIVATE_FILES_ROOT}
    if label not in roots or not parts or any(part in {"..", ""} for part in parts):
        raise ValueError(f"unsafe name {name!r}")
    if PurePosixPath(relative).is_absolute():
        raise ValueError(f"unsafe name {name!r}")
    return Path(roots[label]).joinpath(*parts)


# --- 3. Verify ---------------------------------------------------------------------------------


def _verify_restored(manifest: dict[str, Any]) -> None:
    """Compare the restored instance with the manifest; raise on the first difference."""
    summary = backup_database.summarize()
    expected = manifest["tables"]
    missing = expected.keys() - summary.tables.keys()
    extra = summary.tables.keys() - expected.keys()
    if missing or extra:
        names = ", ".join(sorted(missing | extra)[:5])
        raise BackupError(f"Sau khi khôi phục, danh sách bảng khác bản kê ({names}).")
    for name, table in sorted(summary.tables.items()):
        if (table.rows, table.checksum) != (expected[name]["rows"], expected[name]["checksum"]):
            raise BackupError(
                f"Sau khi khôi phục, bảng {name} có {table.rows} dòng và mã kiểm tra khác bản kê "
                f"({expected[name]['rows']} dòng)."
            )
    if [list(m) for m in summary.migrations] != manifest["migrations"]:
        raise BackupError("Sau khi khôi phục, danh sách migration đã áp dụng khác bản kê.")
    for name, file in manifest["files"].items():
        target = _target_path(name)
        with target.open("rb") as restored:
            if _sha256(restored) != file["sha256"]:
                raise BackupError(f"Sau khi khôi phục, tệp {target} khác bản kê.")


def _sha256(file: Any) -> str:
    return hashlib.file_digest(file, "sha256").hexdigest()
