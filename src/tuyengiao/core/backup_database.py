"""The database side of backups: a consistent copy, and a summary of every table in it.

Two engines, one contract. :func:`sqlite_snapshot` and :func:`postgresql_snapshot` each write
the database as it was at one instant to a file and return the :class:`DatabaseSummary` of
that same instant: the applied migrations and, per table, its row count and a checksum of its
rows. :func:`summarize` computes the summary of a live database, so that a restore can be
compared with the summary written at backup time.

- SQLite: the online backup API (``sqlite3.Connection.backup``) copies every page in one step,
  inside one read transaction of the source: a consistent copy even while the web server and
  the worker write (in WAL mode readers never block writers). A file copy of a live database
  may be torn, so it is never used. The summary is computed from the copy itself.
- PostgreSQL: a REPEATABLE READ transaction exports its snapshot (``pg_export_snapshot()``);
  ``pg_dump --snapshot`` dumps exactly that snapshot while the transaction, still open,
  computes the summary. Dump and summary describe the same instant; writers go on meanwhile.

A table's checksum is the SHA-256 of its rows in primary-key order (all columns when it has
none), one line per row: on SQLite the ``repr`` of the row's values (text read as bytes), on
PostgreSQL the row's text form (``t::text``) under fixed session settings (UTC, ISO dates),
with text keys ordered by ``COLLATE "C"`` so that the server's locale does not matter. The
two engines' checksums are not comparable with each other, and need not be: an archive is
restored only into the engine it came from. Rows are read in chunks (a server-side cursor on
PostgreSQL), so a table of millions of rows never sits in memory.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings
from django.db import connection

CHUNK_ROWS = 2000
LOCK_WAIT_SECONDS = 60

# Settings of the PostgreSQL sessions that read rows, so that a row's text form does not
# depend on the server's or the role's defaults (time zone, date style, float digits).
_PG_SESSION_SETTINGS = (
    "SET TimeZone = 'UTC'",
    "SET DateStyle = 'ISO, YMD'",
    "SET IntervalStyle = 'postgres'",
    "SET extra_float_digits = 1",
    "SET bytea_output = 'hex'",
)
# OPTIONS keys that Django reads itself and libpq does not know.
_DJANGO_ONLY_OPTIONS = {
    "assume_role",
    "context",
    "cursor_factory",
    "isolation_level",
    "pool",
    "prepare_threshold",
    "server_side_binding",
}


class BackupError(Exception):
    """Backup or restore cannot go on; the message is one line for the operator."""


@dataclass(frozen=True)
class TableSummary:
    rows: int
    checksum: str


@dataclass
class DatabaseSummary:
    """What a database held at one instant: applied migrations and each table's rows."""

    migrations: list[tuple[str, str]] = field(default_factory=list)
    tables: dict[str, TableSummary] = field(default_factory=dict)


def engine() -> str:
    """``"sqlite"`` or ``"postgresql"``: the engine of the configured database."""
    return connection.vendor


# --- SQLite ------------------------------------------------------------------------------------


def sqlite_path() -> str:
    """The configured SQLite database (a path, or a ``file:`` URI for an in-memory one)."""
    return str(connection.settings_dict["NAME"])


def _is_uri(name: str) -> bool:
    return name.startswith("file:")


def _sqlite_connect(name: str) -> sqlite3.Connection:
    return sqlite3.connect(name, uri=_is_uri(name), timeout=20)


def sqlite_snapshot(destination: Path) -> DatabaseSummary:
    """Copy the live SQLite database to ``destination`` (online backup API) and summarize it."""
    with (
        closing(_sqlite_connect(sqlite_path())) as source,
        closing(sqlite3.connect(destination)) as copy,
    ):
        # One step (pages=-1): the whole copy is made inside one read transaction.
        source.backup(copy, pages=-1, progress=_give_up_when_locked())
        # The archive holds one self-contained file, with no -wal beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
    return sqlite_summary(destination)


def sqlite_summary(path: Path | str) -> DatabaseSummary:
    """Applied migrations and per-table counts and checksums of the SQLite file at ``path``."""
    with closing(_sqlite_connect(str(path))) as db:
        db.text_factory = bytes  # any stored text, even invalid UTF-8, hashes the same
        tables = [
            name.decode()
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
                # A virtual table's rows live in its shadow tables, which are summarized.
                " AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
            )
        ]
        summary = DatabaseSummary()
        if "django_migrations" in tables:
            summary.migrations = [
                (app.decode(), name.decode())
                for app, name in db.execute(
                    "SELECT app, name FROM django_migrations ORDER BY app, name"
                )
            ]
        for table in tables:
            summary.tables[table] = _summarize_rows(
                repr(row).encode() for row in _sqlite_rows(db, table)
            )
    return summary


def _sqlite_rows(db: sqlite3.Connection, table: str) -> Iterator[tuple[Any, ...]]:
    columns = db.execute(f"PRAGMA table_info({_quote(table)})").fetchall()
    key = [column[1].decode() for column in sorted(columns, key=lambda c: c[5]) if column[5]]
    order = key or [column[1].decode() for column in columns]
    cursor = db.execute(
        f"SELECT * FROM {_quote(table)} ORDER BY {', '.join(_quote(c) for c in order)}"
    )
    while chunk := cursor.fetchmany(CHUNK_ROWS):
        yield from chunk


def sqlite_table_names(path: Path | str) -> list[str]:
    """The tables of the SQLite file at ``path``; none when it does not exist."""
    if not _is_uri(str(path)) and not os.path.exists(path):
        return []
    with closing(_sqlite_connect(str(path))) as db:
        return [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]


def sqlite_load(dump: Path) -> None:
    """Write the SQLite file ``dump`` into the configured database (online backup API)."""
    with (
        closing(sqlite3.connect(dump)) as source,
        closing(_sqlite_connect(sqlite_path())) as target,
    ):
        source.backup(target, pages=-1, progress=_give_up_when_locked())
        target.execute("PRAGMA journal_mode=WAL")


def _give_up_when_locked() -> Callable[[int, int, int], None]:
    """A progress callback that ends the copy once the database was locked too long.

    Python's ``backup`` retries a locked database forever; in WAL mode readers are not
    blocked by writers, so a lock that lasts means something else holds the database.
    """
    deadline = time.monotonic() + LOCK_WAIT_SECONDS

    def progress(status: int, remaining: int, total: int) -> None:
        locked = status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
        if locked and time.monotonic() > deadline:
            raise BackupError(
                f"Cơ sở dữ liệu SQLite bị khóa quá {LOCK_WAIT_SECONDS} giây: chưa sao chép được, "
                "hãy thử lại sau."
            )

    return progress


# --- PostgreSQL --------------------------------------------------------------------------------


def libpq_params() -> dict[str, str]:
    """Connection parameters of the configured PostgreSQL database, as libpq names them."""
    config = connection.settings_dict
    params = {
        "dbname": config.get("NAME") or "",
        "user": config.get("USER") or "",
        "password": config.get("PASSWORD") or "",
        "host": config.get("HOST") or "",
        "port": str(config.get("PORT") or ""),
    }
    for key, value in (config.get("OPTIONS") or {}).items():
        if key not in _DJANGO_ONLY_OPTIONS:
            params[key] = str(value)
    return {key: value for key, value in params.items() if value}


def postgresql_tool(name: str) -> str:
    """The path of ``pg_dump`` or ``pg_restore``: in PG_BIN_DIR when set, else on PATH."""
    folder = settings.PG_BIN_DIR
    found = shutil.which(name, path=str(folder) if folder else None)
    if not found:
        where = f"trong {folder}" if folder else "trên PATH"
        raise BackupError(
            f"Không tìm thấy chương trình {name} {where}: cài gói postgresql-client cùng phiên "
            "bản với máy chủ, hoặc đặt PG_BIN_DIR là thư mục chứa nó."
        )
    return found


def _tool_environment(params: dict[str, str]) -> dict[str, str]:
    """The environment for pg_dump/pg_restore: the password passed here, never in argv."""
    env = dict(os.environ)
    if "password" in params:
        env["PGPASSWORD"] = params["password"]
    return env


def _tool_target(params: dict[str, str]) -> str:
    return psycopg.conninfo.make_conninfo(
        **{key: value for key, value in params.items() if key != "password"}
    )


def _pg_connect(params: dict[str, str]) -> psycopg.Connection[Any]:
    db = psycopg.connect(psycopg.conninfo.make_conninfo(**params), autocommit=True)
    for statement in _PG_SESSION_SETTINGS:
        db.execute(statement)
    db.autocommit = False
    db.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    db.read_only = True
    return db


def postgresql_snapshot(destination: Path) -> DatabaseSummary:
    """``pg_dump --format=custom`` the configured database to ``destination`` and summarize
    the very snapshot it dumps."""
    pg_dump = postgresql_tool("pg_dump")
    params = libpq_params()
    with closing(_pg_connect(params)) as db:
        (snapshot,) = db.execute("SELECT pg_export_snapshot()").fetchone() or ("",)
        dump = subprocess.Popen(
            [
                pg_dump,
                "--format=custom",
                f"--snapshot={snapshot}",
                "--no-password",
                f"--file={destination}",
                f"--dbname={_tool_target(params)}",
            ],
            env=_tool_environment(params),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        # The summary is computed while pg_dump runs, in the transaction whose snapshot it
        # uses; the transaction must stay open until pg_dump ends.
        try:
            summary = _postgresql_summary(db)
        finally:
            _, errors = dump.communicate()
    if dump.returncode != 0:
        raise BackupError(f"pg_dump thất bại: {_first_line(errors)}")
    return summary


def postgresql_summary(params: dict[str, str] | None = None) -> DatabaseSummary:
    """Applied migrations and per-table counts and checksums of the database that ``params``
    (libpq names) connects to; by default the configured one."""
    with closing(_pg_connect(params or libpq_params())) as db:
        return _postgresql_summary(db)


def _postgresql_summary(db: psycopg.Connection[Any]) -> DatabaseSummary:
    tables = [name for (name,) in db.execute(_PG_TABLES)]
    summary = DatabaseSummary()
    if "django_migrations" in tables:
        summary.migrations = [
            (app, name)
            for app, name in db.execute(
                "SELECT app, name FROM django_migrations ORDER BY app, name"
            )
        ]
    for table in tables:
        summary.tables[table] = _summarize_rows(
            text.encode() for text in _postgresql_rows(db, table)
        )
    return summary


_PG_TABLES = (
    "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY c.relname"
)


def _postgresql_rows(db: psycopg.Connection[Any], table: str) -> Iterator[str]:
    key = db.execute(
        "SELECT a.attname, t.typcategory FROM pg_index i"
        " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)"
        " JOIN pg_type t ON t.oid = a.atttypid"
        " WHERE i.indrelid = %s::regclass AND i.indisprimary"
        " ORDER BY array_position(i.indkey::int2[], a.attnum)",
        [f"public.{_quote(table)}"],
    ).fetchall()
    # Text keys in byte order ("C"), whatever the database's collation.
    order = ", ".join(
        f"t.{_quote(name)}" + (' COLLATE "C"' if category == "S" else "") for name, category in key
    )
    order = order or 't::text COLLATE "C"'  # no primary key: the whole row orders it
    with db.cursor(name=f"backup_rows_{os.getpid()}") as rows:
        rows.itersize = CHUNK_ROWS
        rows.execute(f"SELECT t::text FROM public.{_quote(table)} AS t ORDER BY {order}")
        for (text,) in rows:
            yield text


def postgresql_table_names() -> list[str]:
    """The tables of the configured database's public schema."""
    with connection.cursor() as cursor:
        cursor.execute(_PG_TABLES)
        return [name for (name,) in cursor.fetchall()]


def postgresql_load(dump: Path) -> None:
    """``pg_restore`` the custom-format ``dump`` into the configured (empty) database, in one
    transaction, owned by the connecting role."""
    pg_restore = postgresql_tool("pg_restore")
    params = libpq_params()
    result = subprocess.run(
        [
            pg_restore,
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            "--no-password",
            f"--dbname={_tool_target(params)}",
            str(dump),
        ],
        env=_tool_environment(params),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore thất bại: {_first_line(result.stderr)}")


# --- Both --------------------------------------------------------------------------------------


def snapshot(destination: Path) -> DatabaseSummary:
    """The configured database's consistent copy at ``destination``, and its summary."""
    with _database_errors():
        if engine() == "sqlite":
            if not _is_uri(sqlite_path()) and not Path(sqlite_path()).is_file():
                raise BackupError(f"Không có cơ sở dữ liệu SQLite {sqlite_path()} để sao lưu.")
            return sqlite_snapshot(destination)
        return postgresql_snapshot(destination)


def summarize() -> DatabaseSummary:
    """The configured database's summary, as it is now."""
    with _database_errors():
        if engine() == "sqlite":
            return sqlite_summary(sqlite_path())
        return postgresql_summary()


def table_names() -> list[str]:
    """The configured database's tables (without creating a missing SQLite file)."""
    with _database_errors():
        if engine() == "sqlite":
            return sqlite_table_names(sqlite_path())
        return postgresql_table_names()


def load(dump: Path) -> None:
    """Write the archived database ``dump`` into the configured, empty, database."""
    with _database_errors():
        if engine() == "sqlite":
            sqlite_load(dump)
        else:
            postgresql_load(dump)


@contextmanager
def _database_errors() -> Iterator[None]:
    """The database's own errors as one line for the operator."""
    try:
        yield
    except (sqlite3.Error, psycopg.Error) as exc:
        raise BackupError(f"Lỗi cơ sở dữ liệu: {_first_line(str(exc))}") from None


def _summarize_rows(lines: Iterator[bytes]) -> TableSummary:
    digest = hashlib.sha256()
    rows = 0
    for line in lines:
        digest.update(line)
        digest.update(b"\n")
        rows += 1
    return TableSummary(rows=rows, checksum=digest.hexdigest())


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _first_line(text: str) -> str:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return re.sub(r"\s+", " ", lines[0]) if lines else "không rõ lý do"
