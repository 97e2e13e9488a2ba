"""Benchmark: ``tuyengiao backup`` and ``tuyengiao restore`` of the synthetic data, against the
database engine's own copy and load of the same database in the same run.

Run by ``make bench`` (``bench/run.py``) or on its own: ``.venv/bin/python bench/bench_backup.py``,
on SQLite and on PostgreSQL (see ``common.py``), each time in a database of its own. It never
fails on speed; no issue sets a target.

1. The synthetic data is generated into the empty database (``tuyengiao.demo.synthetic``, as
   ``tuyengiao generate_synthetic`` does) at the scale ``BENCH_BACKUP_SCALE``: ``ward`` by
   default (seconds, within ``make bench``'s time budget; also with ``BENCH_QUICK=1``, there
   is no smaller scale), ``city`` on demand (``BENCH_BACKUP_SCALE=city``: minutes, mostly
   generating the data).
2. Backup: ``tuyengiao backup -o FILE.tar.gz`` (the form the daily backup writes: the
   database, the stored files and the manifest with every table's checksum, gzip-compressed),
   as the operator runs it, in a process of its own: the time includes loading Django (the
   time of ``tuyengiao backup --help``), so a second row shows the time less that.
   Reference, the database alone: SQLite — Python's ``sqlite3.Connection.backup`` of the
   same file into a new one; PostgreSQL — ``pg_dump --format=custom`` of the same database.
   Printed: times and sizes.
3. Restore: ``tuyengiao restore FILE.tar.gz`` into an empty instance (a database that does not
   exist yet / has no table, empty folders), which checks the archive, loads it and compares
   every table and file with the manifest. Reference: SQLite — copying the reference's file
   into place; PostgreSQL — ``pg_restore`` of the reference dump into an empty database (the
   options the platform uses: one transaction, no owner, no privileges).

Each figure is the best of ``BENCH_ROUNDS`` (3; 1 with ``BENCH_QUICK=1``) runs, ours and the
reference alternating (the machine is shared). PostgreSQL's client programs are those of
the newest /usr/lib/postgresql/*/bin (``PG_BIN_DIR``).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    Result,
    _pg_bin,
    database_label,
    django_env,
    main,
    scaled,
    setup_django,
    timed,
)

NAME = "backup"
DATABASES = ("sqlite", "postgres")
SCALE = os.environ.get("BENCH_BACKUP_SCALE", "ward")
ROUNDS = scaled("BENCH_ROUNDS", 3, 1)
TUYENGIAO = str(Path(sys.executable).with_name("tuyengiao"))


def _command(env: dict[str, str], *args: str) -> float:
    """Run ``tuyengiao ARGS`` and return its wall time in seconds (it must succeed)."""
    started = time.perf_counter()
    done = subprocess.run([TUYENGIAO, *args], env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"tuyengiao {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return seconds


def _best(operation: Callable[[int], float]) -> float:
    return min(operation(index) for index in range(ROUNDS))


class Postgres:
    """Empty databases beside the benchmark's own, on the same server."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.base, self.name = url.rsplit("/", 1)

    def _sql(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as connection:
            connection.execute(sql)

    def empty(self, suffix: str) -> str:
        name = f"{self.name}_{suffix}"
        self.drop(suffix)
        self._sql(f'CREATE DATABASE "{name}" TEMPLATE template0')
        return f"{self.base}/{name}"

    def drop(self, suffix: str) -> None:
        self._sql(f'DROP DATABASE IF EXISTS "{self.name}_{suffix}" WITH (FORCE)')


def run(database_url: str, folder: str) -> list[Result]:
    database = database_label(database_url)
    postgres = database_url.startswith("postgres")
    pg_bin = _pg_bin()
    extra_env = {"PG_BIN_DIR": str(pg_bin)} if postgres and pg_bin else {}
    setup_django(database_url, folder, **extra_env)
    from django.db import connection, connections

    from tuyengiao.demo.synthetic import generate

    generated, seconds = timed(lambda: generate(SCALE, progress=False))
    rows = sum(generated.counts.values())
    count = f"{rows:,}".replace(",", ".")
    print(f"  synthetic data, scale {SCALE}: {count} rows in {seconds:.1f} s")
    sqlite_file = "" if postgres else str(connection.settings_dict["NAME"])
    connections.close_all()

    work = Path(folder) / "backup-bench"
    work.mkdir()
    # As on a server, where installing the packages compiled their bytecode: the commands
    # import compiled modules (kept in the run's folder, written by the first command), even
    # where the calling environment asks Python not to write them.
    extra_env["PYTHONPYCACHEPREFIX"] = str(Path(folder) / "pycache")
    env = django_env(database_url, folder, **extra_env)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    _command(env, "backup", "--help")  # compiles
    startup = min(_command(env, "backup", "--help") for _ in range(ROUNDS))
    archive = work / "tuyengiao.tar.gz"
    reference_file = work / ("reference.pgdump" if postgres else "reference.sqlite3")
    server = Postgres(database_url) if postgres else None

    def ours_backup(_index: int) -> float:
        archive.unlink(missing_ok=True)
        return _command(env, "backup", "-o", str(archive))

    def reference_backup(_index: int) -> float:
        reference_file.unlink(missing_ok=True)
        started = time.perf_counter()
        if postgres:
            pg_dump = str(pg_bin / "pg_dump") if pg_bin else "pg_dump"
            subprocess.run(
                [pg_dump, "--format=custom", f"--file={reference_file}", database_url],
                check=True,
            )
        else:
            with (
                closing(sqlite3.connect(sqlite_file)) as source,
                closing(sqlite3.connect(reference_file)) as copy,
            ):
                source.backup(copy)
        return time.perf_counter() - started

    def ours_restore(index: int) -> float:
        target = work / f"restore-{index}"
        url = server.empty("restore") if server else f"sqlite:///{target}/restored.sqlite3"
        target.mkdir()
        target_env = django_env(url, str(target / "var"), **extra_env)
        target_env.pop("PYTHONDONTWRITEBYTECODE", None)
        try:
            return _command(target_env, "restore", str(archive))
        finally:
            shutil.rmtree(target, ignore_errors=True)
            if server:
                server.drop("restore")

    def reference_restore(index: int) -> float:
        if server:
            url = server.empty("restore_reference")
            pg_restore = str(pg_bin / "pg_restore") if pg_bin else "pg_restore"
            started = time.perf_counter()
            subprocess.run(
                [
                    pg_restore,
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    "--single-transaction",
                    f"--dbname={url}",
                    str(reference_file),
                ],
                check=True,
            )
            seconds = time.perf_counter() - started
            server.drop("restore_reference")
            return seconds
        target = work / f"reference-restore-{index}.sqlite3"
        started = time.perf_counter()
        shutil.copyfile(reference_file, target)
        seconds = time.perf_counter() - started
        target.unlink()
        return seconds

    backup_times: dict[str, list[float]] = {"ours": [], "reference": []}
    restore_times: dict[str, list[float]] = {"ours": [], "reference": []}
    for index in range(ROUNDS):  # alternating
        backup_times["ours"].append(ours_backup(index))
        backup_times["reference"].append(reference_backup(index))
    for index in range(ROUNDS):
        restore_times["ours"].append(ours_restore(index))
        restore_times["reference"].append(reference_restore(index))
    ours, reference = min(backup_times["ours"]), min(backup_times["reference"])
    restored, reference_restored = min(restore_times["ours"]), min(restore_times["reference"])
    size, reference_size = archive.stat().st_size, reference_file.stat().st_size
    engine_copy = "pg_dump -Fc" if postgres else "sqlite3 backup API"
    engine_load = "pg_restore" if postgres else "file copy"
    mb = 1024 * 1024
    print(
        f"  backup -o {archive.name}: {ours:.2f} s ({startup:.2f} s of it loading Django), "
        f"{size / mb:.1f} MB; {engine_copy} alone: {reference:.2f} s, "
        f"{reference_size / mb:.1f} MB\n"
        f"  restore: {restored:.2f} s; {engine_load} alone: {reference_restored:.2f} s "
        f"(best of {ROUNDS})"
    )
    extra = {
        "scale": SCALE,
        "rows": rows,
        "generate_s": seconds,
        "startup_s": startup,
        "backup_s": backup_times,
        "restore_s": restore_times,
        "archive_bytes": size,
        "reference_bytes": reference_size,
    }
    return [
        Result(
            NAME,
            f"backup -o FILE.tar.gz, scale {SCALE}",
            database,
            ours,
            "s",
            reference=reference,
            reference_label=f"{engine_copy}, database only",
            extra=extra,
        ),
        Result(
            NAME,
            "backup, less loading Django",
            database,
            max(ours - startup, 0.0),
            "s",
            reference=reference,
            reference_label=engine_copy,
        ),
        Result(
            NAME,
            f"backup archive size, scale {SCALE}",
            database,
            size / mb,
            "MB",
            reference=reference_size / mb,
            reference_label=engine_copy,
        ),
        Result(
            NAME,
            f"restore into an empty instance, scale {SCALE}",
            database,
            restored,
            "s",
            reference=reference_restored,
            reference_label=f"{engine_load}, database only",
        ),
        Result(
            NAME,
            "restore, less loading Django",
            database,
            max(restored - startup, 0.0),
            "s",
            reference=reference_restored,
            reference_label=engine_load,
        ),
    ]


if __name__ == "__main__":
    main(NAME, run, __file__)
