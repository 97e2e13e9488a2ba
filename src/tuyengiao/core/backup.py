"""Backups: one archive with the database, the stored files and a manifest of both.

``tuyengiao backup -o FILE`` (and the daily task, core/tasks.py) writes a tar archive,
gzip-compressed when FILE ends in ``.gz`` or ``.tgz``::

    database/db.sqlite3 | database/db.pgdump   the database at one instant (backup_database.py)
    files/media/…                               the portal's pictures (MEDIA_ROOT)
    files/private/…                             internal files (PRIVATE_FILES_ROOT, core/files.py)
    manifest.json                               written last: what the rest must contain

The manifest names the platform, Django and Wagtail versions, the engine, the applied
migrations, each table's row count and checksum (computed from the same snapshot as the
dump), the SHA-256 and size of the database member and of every stored file, and the moment
the backup started. ``tuyengiao restore`` (core/restore.py) checks the archive against it
before touching anything, and the restored instance against it afterwards.

Consistency while the platform writes: the database is copied first, at one instant; the
files are copied after. A file stored after that instant may be in the archive although no
row names it, which is harmless (it is an unused file). Stored files are never rewritten in
place (each upload gets a new unguessable folder, core/files.py), so a file the database
names is complete in the archive unless it was deleted during the backup.

Everything streams: rows are read in chunks, files are copied in blocks and hashed while they
are written, so memory does not grow with the size of the database or of the files. The
archive is written under a temporary name beside FILE and renamed when complete, so FILE is
never a half-written archive. Messages are one line of Vietnamese for the operator's console.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from importlib.metadata import version
from pathlib import Path
from typing import IO, Any

import django
import wagtail
from django.conf import settings
from django.utils import timezone

from tuyengiao.core import backup_database
from tuyengiao.core.backup_database import BackupError, DatabaseSummary

ARCHIVE_FORMAT = 1
MANIFEST_MEMBER = "manifest.json"
DATABASE_MEMBERS = {"sqlite": "database/db.sqlite3", "postgresql": "database/db.pgdump"}
FILES_PREFIX = "files/"
BLOCK_SIZE = 1024 * 1024
# The daily task's archives; retention deletes only names of this form.
DAILY_NAME = re.compile(r"^tuyengiao-\d{8}-\d{6}\.tar\.gz$")

__all__ = [
    "BackupError",
    "BackupResult",
    "backup_create",
    "daily_archive_name",
    "daily_backup_write",
    "daily_backups_prune",
    "file_roots",
    "stored_files",
]


@dataclass(frozen=True)
class BackupResult:
    path: Path
    tables: int
    rows: int
    files: int
    size: int


def file_roots() -> list[tuple[str, Path]]:
    """The folders of stored files, each with the name its files carry in the archive.

    A folder equal to, or inside, one listed before it is not listed again (tests often use
    one folder for both); :func:`stored_files` skips a listed folder inside another.
    """
    roots = [("media", Path(settings.MEDIA_ROOT)), ("private", Path(settings.PRIVATE_FILES_ROOT))]
    resolved = [(label, path.resolve()) for label, path in roots]
    kept: list[tuple[str, Path]] = []
    for label, path in resolved:
        if not any(path == other or path.is_relative_to(other) for _, other in kept):
            kept.append((label, path))
    return kept


def stored_files() -> Iterator[tuple[str, Path]]:
    """Every stored file as (archive name such as ``media/images/a.jpg``, path), in order."""
    roots = file_roots()
    for label, root in roots:
        others = {other for _, other in roots if other != root}
        for folder, subfolders, names in os.walk(root):
            here = Path(folder)
            subfolders[:] = sorted(name for name in subfolders if here / name not in others)
            for name in sorted(names):
                path = here / name
                if path.is_file() and not path.is_symlink():
                    yield f"{label}/{path.relative_to(root).as_posix()}", path


def backup_create(*, path: Path) -> BackupResult:
    """Write the archive of this instance to ``path`` (see the module docstring)."""
    path = Path(path).absolute()
    folder = path.parent
    if not folder.is_dir():
        raise BackupError(f"Thư mục {folder} không tồn tại: không ghi được bản sao lưu {path}.")
    if path.is_dir() or not os.access(folder, os.W_OK):
        raise BackupError(f"Không ghi được bản sao lưu vào {path}: không có quyền ghi ở đó.")
    engine = backup_database.engine()
    started_at = timezone.now()
    partial = folder / f".{path.name}.{os.getpid()}.partial"
    try:
        with tempfile.TemporaryDirectory(prefix=".tuyengiao-backup-", dir=folder) as work:
            dump = Path(work) / Path(DATABASE_MEMBERS[engine]).name
            summary = backup_database.snapshot(dump)
            files: dict[str, dict[str, Any]] = {}
            with _open_for_writing(partial, compressed=path.suffix in {".gz", ".tgz"}) as archive:
                database = _add_file(archive, dump, DATABASE_MEMBERS[engine])
                if database is None:
                    raise BackupError("Bản sao cơ sở dữ liệu biến mất trong khi sao lưu.")
                for name, stored in stored_files():
                    entry = _add_file(archive, stored, FILES_PREFIX + name)
                    if entry is not None:  # None: deleted since it was listed
                        files[name] = entry
                manifest = _manifest(engine, started_at, summary, database, files)
                _add_bytes(archive, MANIFEST_MEMBER, manifest)
            os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"Sao lưu vào {path} thất bại: {exc.strerror or exc}.") from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return BackupResult(
        path=path,
        tables=len(summary.tables),
        rows=sum(table.rows for table in summary.tables.values()),
        files=len(files),
        size=path.stat().st_size,
    )


def _open_for_writing(path: Path, *, compressed: bool) -> tarfile.TarFile:
    if compressed:
        return tarfile.open(path, "w:gz", compresslevel=6)
    return tarfile.open(path, "w")


class _HashingReader(io.RawIOBase):
    """Reads a file while hashing exactly the bytes that go into the archive."""

    def __init__(self, file: IO[bytes]) -> None:
        self.file = file
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.file.read(size)
        self.digest.update(data)
        return data


def _add_file(archive: tarfile.TarFile, path: Path, name: str) -> dict[str, Any] | None:
    """Add ``path`` as member ``name``; its sha256 and size, or None if it no longer exists."""
    try:
        file = path.open("rb")
    except FileNotFoundError:
        return None
    with file:
        info = archive.gettarinfo(arcname=name, fileobj=file)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        reader = _HashingReader(file)
        archive.addfile(info, reader)  # reads exactly info.size bytes
    return {"sha256": reader.digest.hexdigest(), "size": info.size}


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o644
    archive.addfile(info, io.BytesIO(data))


def _manifest(
    engine: str,
    started_at: datetime,
    summary: DatabaseSummary,
    database: dict[str, Any],
    files: dict[str, dict[str, Any]],
) -> bytes:
    manifest = {
        "format": ARCHIVE_FORMAT,
        "created_at": timezone.localtime(started_at).isoformat(),
        "platform_version": version("tuyengiao"),
        "django_version": django.get_version(),
        "wagtail_version": wagtail.__version__,
        "database": {"engine": engine, "member": DATABASE_MEMBERS[engine], **database},
        "migrations": [list(migration) for migration in summary.migrations],
        "tables": {
            name: {"rows": table.rows, "checksum": table.checksum}
            for name, table in sorted(summary.tables.items())
        },
        "files": files,
    }
    return json.dumps(manifest, ensure_ascii=False, indent=1).encode()


# --- The daily backup --------------------------------------------------------------------------


def daily_archive_name(moment: datetime) -> str:
    """``tuyengiao-YYYYMMDD-HHMMSS.tar.gz`` for ``moment`` in local time."""
    return f"tuyengiao-{timezone.localtime(moment):%Y%m%d-%H%M%S}.tar.gz"


def daily_backups_prune(*, directory: Path, keep: int) -> list[Path]:
    """Delete the oldest daily archives in ``directory`` beyond the newest ``keep``.

    Only names of the daily form are considered (their timestamp sorts them); any other file
    there, such as an archive an operator made by hand, is left alone. Returns the deleted.
    """
    keep = max(keep, 1)
    daily = sorted(p for p in Path(directory).iterdir() if DAILY_NAME.match(p.name))
    old = daily[:-keep]
    for path in old:
        path.unlink(missing_ok=True)
    return old


def daily_backup_write(*, directory: Path, keep: int) -> BackupResult:
    """Write today's archive into ``directory``, then delete the oldest beyond ``keep``.

    Nothing is deleted when the backup fails.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    result = backup_create(path=directory / daily_archive_name(timezone.now()))
    daily_backups_prune(directory=directory, keep=keep)
    return result
