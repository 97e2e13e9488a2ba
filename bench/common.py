"""What every benchmark shares: the result record, measuring helpers, the databases and
servers a run needs, and the command line each ``bench_*.py`` script gets.

Every benchmark module defines ``NAME``, ``DATABASES`` (the database kinds it can run on:
``"sqlite"``, ``"postgres"``) and ``run(database_url, folder) -> list[Result]``. Django can
be set up only once in a process, so each (benchmark, database) pair runs in a process of
its own: ``python bench/bench_x.py --database sqlite|postgres://… --json FILE``. Without
``--database`` a script runs itself once per database kind available and prints its rows of
the table, as ``bench/run.py`` does for all of them.

PostgreSQL: ``DATABASE_URL`` when it points at a PostgreSQL server (each benchmark creates a
database ``bench_<name>`` there and drops it afterwards), otherwise, as root, a throw-away
cluster in a temporary folder (Debian's ``postgresql`` installed first when missing). When
neither is possible the PostgreSQL rows say so.

Benchmarks never fail on speed: a figure off its target is reported, not raised.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"
QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0")


def scaled(variable: str, full: int, quick: int) -> int:
    """A size from the environment, else the full size, or the quick one with BENCH_QUICK."""
    value = os.environ.get(variable)
    if value:
        return int(value)
    return quick if QUICK else full


# --- The result record -------------------------------------------------------------------------


MET, NOT_MET, NO_TARGET, NOT_AVAILABLE = "met", "NOT MET", "no target", "not available"


@dataclass
class Result:
    """One row of the table: a figure of ours next to the reference measured in the same run.

    ``ratio`` is ours / reference unless ``ratio_note`` says otherwise; ``met`` is None where
    the figure has no target. ``ours`` None means the figure could not be measured (``note``
    says why).
    """

    benchmark: str
    figure: str
    database: str
    ours: float | None
    unit: str
    reference: float | None = None
    reference_label: str = ""
    ratio: float | None = None
    target: str = ""
    met: bool | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.ratio is None and self.ours is not None and self.reference:
            self.ratio = self.ours / self.reference

    @property
    def status(self) -> str:
        if self.ours is None:
            return NOT_AVAILABLE
        if self.met is None:
            return NO_TARGET
        return MET if self.met else NOT_MET

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "status": self.status}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Result:
        data = {k: v for k, v in data.items() if k != "status"}
        return cls(**data)


def database_label(url: str) -> str:
    if url.startswith("postgres"):
        return "PostgreSQL"
    if url.startswith("sqlite"):
        return "SQLite"
    return url


# --- Measuring ---------------------------------------------------------------------------------


def reset_peak() -> None:
    """Start a new peak-RSS window (Linux: writing 5 to clear_refs resets VmHWM)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def peak_mb() -> float:
    """The process's peak resident memory since the last ``reset_peak``, in MB."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(samples: Sequence[float], share: float) -> float:
    """The nearest-rank percentile (``share`` 0.95 for p95)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def median(samples: Sequence[float]) -> float:
    return statistics.median(samples)


def timed(operation: Callable[[], object]) -> tuple[object, float]:
    """(result, seconds)."""
    started = time.perf_counter()
    result = operation()
    return result, time.perf_counter() - started


def samples_ms(operation: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        operation()
        out.append((time.perf_counter() - started) * 1000)
    return out


# --- Django ------------------------------------------------------------------------------------


def django_env(database_url: str, folder: str, **extra: str) -> dict[str, str]:
    """The environment the platform runs with in a benchmark (also for its servers)."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tuyengiao.settings.test",
        "DATABASE_URL": database_url,
        "VAR_DIR": folder,
        "PYTHONPATH": os.pathsep.join([folder, str(ROOT / "src")]),
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def setup_django(database_url: str, folder: str, **extra: str) -> None:
    """Point Django at ``database_url`` (an empty database) and create the tables."""
    os.environ.update(django_env(database_url, folder, **extra))
    sys.path[:0] = [folder, str(ROOT / "src")]
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def sqlite_version() -> str:
    import sqlite3

    return sqlite3.sqlite_version


# --- Debian tools ------------------------------------------------------------------------------


def ensure_commands(packages: dict[str, str]) -> list[str]:
    """Install the Debian package of each missing command (``{"nginx": "nginx-light"}``) when
    running as root, without starting their system services (nginx, redis-server…: the
    benchmarks run their own); returns the commands still missing."""
    missing = [command for command in packages if not shutil.which(command)]
    if missing and os.geteuid() == 0 and shutil.which("apt-get"):
        wanted = sorted({packages[command] for command in missing})
        print(f"Installing Debian packages: {', '.join(wanted)}…", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        # invoke-rc.d asks policy-rc.d; 101 means "do not start the service".
        policy = Path("/usr/sbin/policy-rc.d")
        own_policy = not policy.exists()
        if own_policy:
            policy.write_text("#!/bin/sh\nexit 101\n")
            policy.chmod(0o755)
        try:
            subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
            subprocess.run(
                ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *wanted],
                check=False,
                env=env,
                stdout=subprocess.DEVNULL,
            )
        finally:
            if own_policy:
                policy.unlink(missing_ok=True)
    return [command for command in packages if not shutil.which(command)]


# --- PostgreSQL --------------------------------------------------------------------------------


def _pg_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name or 0))
    return found[-1] if found else None


class PostgresServer:
    """The PostgreSQL server the benchmarks use: ``DATABASE_URL`` or, as root, a throw-away
    cluster (started by ``start``, removed by ``stop``). ``admin_url`` is empty and ``reason``
    says why when there is none."""

    def __init__(self) -> None:
        given = os.environ.get("DATABASE_URL", "")
        self.admin_url = given if given.startswith("postgres") else ""
        self.reason = ""
        self.folder: Path | None = None

    def start(self) -> str:
        if self.admin_url:
            return self.admin_url
        if os.geteuid() != 0:
            self.reason = "no PostgreSQL: give DATABASE_URL=postgres://… or run as root"
            return ""
        if _pg_bin() is None:
            ensure_commands({"pg_ctlcluster": "postgresql"})
        binary = _pg_bin()
        if binary is None:
            self.reason = "no PostgreSQL: installing Debian's postgresql failed"
            return ""
        self.folder = Path(tempfile.mkdtemp(prefix="tuyengiao-bench-pg-"))
        os.chmod(self.folder, 0o755)
        shutil.chown(self.folder, "postgres")
        data = self.folder / "data"

        def as_postgres(*command: str) -> None:
            subprocess.run(
                ["runuser", "-u", "postgres", "--", *command],
                check=True,
                stdout=subprocess.DEVNULL,
            )

        as_postgres(
            str(binary / "initdb"),
            "-D",
            str(data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
        )
        port = free_port()
        options = (
            f"-p {port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        as_postgres(
            str(binary / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(self.folder / "log"),
            "-w",
            "-o",
            options,
            "start",
        )
        self.admin_url = f"postgres://postgres@127.0.0.1:{port}/postgres"
        return self.admin_url

    def version(self) -> str:
        if not self.admin_url:
            return ""
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            return str(connection.execute("SHOW server_version").fetchone()[0])

    def create_database(self, name: str, template: str = "") -> str:
        self._sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._sql(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return self.url(name)

    def url(self, name: str) -> str:
        return f"{self.admin_url.rsplit('/', 1)[0]}/{name}"

    def drop_database(self, name: str) -> None:
        try:
            self._sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        except Exception as error:
            print(f"(could not drop {name}: {error})")

    def _sql(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(sql)

    def stop(self) -> None:
        """Remove the template databases, and the throw-away cluster if there is one."""
        for template in _TEMPLATES.values():
            if template == TEMPLATE_DB:
                self.drop_database(TEMPLATE_DB)
            else:
                shutil.rmtree(Path(template).parent, ignore_errors=True)
        _TEMPLATES.clear()
        if self.folder is None:
            return
        binary = _pg_bin()
        subprocess.run(
            [
                "runuser",
                "-u",
                "postgres",
                "--",
                str(binary / "pg_ctl"),
                "-D",
                str(self.folder / "data"),
                "-m",
                "immediate",
                "-w",
                "stop",
            ],
            check=False,
            stdout=subprocess.DEVNULL,
        )
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = None


# --- Servers and load --------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_port(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"nothing answers on port {port}")


def fetch(url: str, headers: dict[str, str] | None = None, seconds: float = 60) -> bytes:
    """GET ``url``, retrying until the server answers (it may still be starting)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            request = urllib.request.Request(url, headers=headers or {})
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@dataclass(frozen=True)
class Load:
    """What wrk reports for one run."""

    requests: int
    per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


def wrk(
    url: str,
    seconds: int,
    connections: int,
    headers: Sequence[str] = (),
    timeout: int | None = None,
) -> Load:
    """Load ``url``; ``timeout`` (s) replaces wrk's 2 s, after which an answer is an error."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if timeout:
        command.append(f"--timeout={timeout}s")
    for header in headers:
        command += ["-H", header]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout

    def latency(label: str) -> float:
        match = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.MULTILINE)
        if not match:
            raise RuntimeError(f"cannot read wrk's {label}% latency:\n{out}")
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        errors += int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    ):
        errors += sum(int(part) for part in match.groups())
    per_second = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    return Load(requests, per_second, latency("50"), latency("99"), errors)


@contextlib.contextmanager
def gunicorn(
    env: dict[str, str],
    folder: str,
    *,
    workers: int,
    threads: int = 1,
    config: str = "",
    extra: Sequence[str] = (),
) -> Iterator[int]:
    """A gunicorn serving the platform on a free loopback port; yields the port."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "tuyengiao.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--log-level=warning",
        *extra,
    ]
    if threads > 1:
        command += ["--worker-class=gthread", f"--threads={threads}"]
    if config:
        path = Path(folder) / f"gunicorn-{port}.conf.py"
        path.write_text(config)
        command.append(f"--config={path}")
    server = subprocess.Popen(command, env=env, cwd=folder)
    try:
        wait_port(port)
        yield port
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()


@contextlib.contextmanager
def nginx_static(folder: str, name: str, content: bytes, workers: int) -> Iterator[str]:
    """nginx serving ``content`` as a static file; yields its URL."""
    root = Path(folder) / "static-site"
    root.mkdir(exist_ok=True)
    (root / name).write_bytes(content)
    os.chmod(folder, 0o755)  # nginx workers run as another user
    port = free_port()
    conf = Path(folder) / "nginx.conf"
    conf.write_text(
        f"worker_processes {workers};\n"
        f"pid {folder}/nginx.pid;\n"
        f"error_log {folder}/nginx-error.log;\n"
        "daemon off;\n"
        "events { worker_connections 1024; }\n"
        "http {\n"
        "  access_log off;\n"
        f"  client_body_temp_path {folder}/nginx-body;\n"
        f"  proxy_temp_path {folder}/nginx-proxy;\n"
        "  default_type text/html;\n"
        f"  server {{ listen 127.0.0.1:{port}; root {root}; }}\n"
        "}\n"
    )
    server = subprocess.Popen(["nginx", "-c", str(conf), "-p", folder])
    url = f"http://127.0.0.1:{port}/{name}"
    try:
        fetch(url)
        yield url
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


# --- The machine -------------------------------------------------------------------------------


def machine(postgres_version: str = "") -> dict[str, Any]:
    """What the figures were measured on."""
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory_gb = None
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    system = platform.platform()
    with contextlib.suppress(OSError):
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                system = line.split("=", 1)[1].strip('"')
    commit = ""
    with contextlib.suppress(OSError, subprocess.CalledProcessError):
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        if dirty:
            commit += " (with uncommitted changes)"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": memory_gb,
        "os": system,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "sqlite": sqlite_version(),
        "postgresql": postgres_version,
        "git_commit": commit,
    }


# --- Running benchmarks ------------------------------------------------------------------------


@dataclass
class Bench:
    """A benchmark script as the runner sees it."""

    name: str
    path: Path
    databases: tuple[str, ...]
    note: str = ""


def load_bench(path: Path) -> Bench:
    """Read NAME, DATABASES and the note without importing the script (no Django yet)."""
    text = path.read_text()
    name = re.search(r'^NAME = "([^"]+)"', text, re.MULTILINE)
    databases = re.search(r"^DATABASES = \(([^)]*)\)", text, re.MULTILINE)
    note = re.search(r'^DATABASES_NOTE = "([^"]*)"', text, re.MULTILINE)
    return Bench(
        name=name.group(1) if name else path.stem.removeprefix("bench_"),
        path=path,
        databases=tuple(re.findall(r'"(\w+)"', databases.group(1)))
        if databases
        else ("sqlite", "postgres"),
        note=note.group(1) if note else "",
    )


# A database with every migration applied, once per kind and run; each benchmark starts from
# a copy (a file copy for SQLite, CREATE DATABASE … TEMPLATE on PostgreSQL) instead of
# migrating from nothing.
_TEMPLATES: dict[str, str] = {}
TEMPLATE_DB = "bench_template"


def _migrated_template(kind: str, server: PostgresServer) -> str:
    if kind in _TEMPLATES:
        return _TEMPLATES[kind]
    folder = tempfile.mkdtemp(prefix="tuyengiao-bench-template-")
    if kind == "sqlite":
        path = Path(folder) / "template.sqlite3"
        url, template = f"sqlite:///{path}", str(path)
    else:
        url, template = server.create_database(TEMPLATE_DB), TEMPLATE_DB
    print(f"Migrating a template database ({database_label(url)})…", flush=True)
    subprocess.run(
        [str(Path(sys.executable).with_name("tuyengiao")), "migrate", "--verbosity=0"],
        env=django_env(url, folder),
        cwd=folder,
        check=True,
    )
    _TEMPLATES[kind] = template
    return template


def run_one(
    bench: Bench, kind: str, server: PostgresServer, timeout: float | None = None
) -> list[Result]:
    """Run one benchmark on one database kind in a process of its own; its output streams
    through, its results come back in a JSON file."""
    label = "SQLite" if kind == "sqlite" else "PostgreSQL"
    if kind not in bench.databases:
        return [
            Result(
                bench.name,
                "(not run)",
                label,
                None,
                "",
                note=bench.note or f"runs on {', '.join(bench.databases)} only",
            )
        ]
    database = "sqlite"
    db_name = f"bench_{bench.name}"
    env = dict(os.environ)
    if kind == "postgres":
        if not server.admin_url:
            return [Result(bench.name, "(not run)", label, None, "", note=server.reason)]
        database = server.create_database(db_name, template=_migrated_template(kind, server))
    else:
        env["BENCH_SQLITE_TEMPLATE"] = _migrated_template(kind, server)
    print(f"\n==> {bench.name} on {label}", flush=True)
    started = time.perf_counter()
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = Path(handle.name)
    try:
        process = subprocess.run(
            [sys.executable, str(bench.path), "--database", database, "--json", str(out)],
            cwd=ROOT,
            env=env,
            timeout=timeout,
            check=False,
        )
        if process.returncode != 0 or not out.stat().st_size:
            return [
                Result(
                    bench.name,
                    "(failed)",
                    label,
                    None,
                    "",
                    note=f"exit status {process.returncode}; see the output above",
                )
            ]
        results = [Result.from_json(item) for item in json.loads(out.read_text())]
    except subprocess.TimeoutExpired:
        results = [Result(bench.name, "(failed)", label, None, "", note="timed out")]
    finally:
        out.unlink(missing_ok=True)
        if kind == "postgres":
            server.drop_database(db_name)
    print(f"    ({bench.name} on {label}: {time.perf_counter() - started:.0f} s)", flush=True)
    return results


def selected_kinds() -> list[str]:
    """BENCH_DATABASES=sqlite (or postgres) limits a run to one database kind."""
    wanted = os.environ.get("BENCH_DATABASES", "sqlite,postgres")
    return [kind for kind in ("sqlite", "postgres") if kind in wanted.split(",")]


def main(name: str, run: Callable[[str, str], list[Result]], path: str) -> None:
    """The command line of a ``bench_*.py`` script."""
    parser = argparse.ArgumentParser(description=f"The {name} benchmark.")
    parser.add_argument("--database", help="sqlite, or postgres://… of an empty database")
    parser.add_argument("--json", help="write the results here")
    args = parser.parse_args()
    if args.database:
        folder = tempfile.mkdtemp(prefix=f"tuyengiao-bench-{name}-")
        os.chmod(folder, 0o755)
        try:
            url = args.database
            if url == "sqlite":
                url = f"sqlite:///{folder}/bench.sqlite3"
                template = os.environ.get("BENCH_SQLITE_TEMPLATE")
                if template:  # already migrated: saves the migrations' time
                    for suffix in ("", "-wal"):
                        if Path(template + suffix).exists():
                            shutil.copyfile(template + suffix, f"{folder}/bench.sqlite3{suffix}")
            results = run(url, folder)
        finally:
            with contextlib.suppress(Exception):
                from django.db import connections

                connections.close_all()
            shutil.rmtree(folder, ignore_errors=True)
        if args.json:
            Path(args.json).write_text(
                json.dumps([r.as_json() for r in results], ensure_ascii=False, indent=1)
            )
        else:
            print(table(results))
        return
    bench = load_bench(Path(path))
    server = PostgresServer()
    results: list[Result] = []
    try:
        if "postgres" in selected_kinds() and "postgres" in bench.databases:
            server.start()
        for kind in selected_kinds():
            results += run_one(bench, kind, server)
    finally:
        server.stop()
    print()
    print(table(results))


# --- The table ---------------------------------------------------------------------------------


def number(value: float | None, unit: str = "") -> str:
    """A figure in Vietnamese style (1.418; 95,5), with its unit."""
    if value is None:
        return "—"
    magnitude = abs(value)
    digits = 0 if magnitude >= 100 else 1 if magnitude >= 10 else 2 if magnitude >= 0.1 else 3
    if not unit and float(value).is_integer():
        digits = 0  # a count
    text = f"{value:,.{digits}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    if unit == "%":
        return f"{text}%"
    return f"{text} {unit}".strip()


def ratio_text(result: Result) -> str:
    return "—" if result.ratio is None else number(result.ratio) + "×"


# The issue whose targets each benchmark measures (issue 12 adds the import, Word report and
# API figures).
ISSUES = {
    "documents": "issue 4",
    "activities": "issues 6, 12",
    "reporting": "issue 7",
    "report": "issues 8, 12",
    "portal": "issue 9",
    "api": "issue 12",
    "contests": "issue 11",
    "synthetic": "issue 12",
}


def table(results: Sequence[Result], markdown: bool = False) -> str:
    """The whole table: one heading per benchmark, one row per figure and database."""
    headers = ("figure", "database", "ours", "reference", "ratio", "target", "status")
    rows: list[tuple[str, ...] | str] = []
    current = None
    for result in results:
        if result.benchmark != current:
            current = result.benchmark
            issue = ISSUES.get(current)
            rows.append(f"{current} ({issue})" if issue else current)
        reference = number(result.reference, result.unit)
        if result.reference_label and result.reference is not None:
            reference += f" ({result.reference_label})"
        status = result.status
        if result.note and result.ours is None:
            status += f": {result.note}"
        rows.append(
            (
                result.figure,
                result.database,
                number(result.ours, result.unit),
                reference,
                ratio_text(result),
                result.target or "—",
                status,
            )
        )
    if markdown:
        lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
        for row in rows:
            if isinstance(row, str):
                lines.append(f"| **{row}** |" + " |" * (len(headers) - 1))
            else:
                lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
        return "\n".join(lines)
    cells = [row for row in rows if not isinstance(row, str)]
    widths = [
        max([len(headers[i]), *(len(row[i]) for row in cells)]) for i in range(len(headers) - 1)
    ]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=False)) + "  status"]
    lines.append("-" * (sum(widths) + 2 * len(widths) + 10))
    for row in rows:
        if isinstance(row, str):
            lines.append(f"[{row}]")
        else:
            lines.append(
                "  ".join(cell.ljust(w) for cell, w in zip(row[:-1], widths, strict=False))
                + "  "
                + row[-1]
            )
    return "\n".join(lines)
