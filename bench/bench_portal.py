"""Benchmark: an article page of the public portal under load, with and without counting,
against the same HTML served as a static file.

Run by ``make bench`` (``bench/run.py``) or on its own: ``.venv/bin/python bench/bench_portal.py``.
It builds a throw-away SQLite database with the demo portal in a temporary folder, so it never
touches the platform's data, and prints its figures; it never fails on speed.

1. The demo portal (``tuyengiao.demo.portal``) is loaded; one article is the page under test.
2. The platform runs under gunicorn (2 processes × 8 threads, the machine has 2 cores), once
   with view and visit counting on and once with it off (``PORTAL_COUNTING``). Each run is
   warmed up, so the page comes from the portal's page cache, as it does for visitors.
3. The page's HTML, saved to a file, is served by nginx (2 workers) as the reference.
4. Load: ``wrk`` with 50 connections for ``BENCH_SECONDS`` on loopback; throughput and p50/p99
   latency as wrk reports them; ``BENCH_ROUNDS`` alternating rounds of each server setting,
   the best of each kept (the machine is shared). After the first counting run the article's
   stored view count is compared with the requests answered.

Needs Debian's ``nginx`` and ``wrk`` (installed as root when missing) and gunicorn (dev
dependency). Targets: counting costs under 10% of throughput; the cached page reaches at
least half of the static file's throughput.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECONDS = int(os.environ.get("BENCH_SECONDS", "15"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CONNECTIONS = 50
WORKERS = 2
THREADS = 8
COUNTING_COST_TARGET = 0.10
STATIC_SHARE_TARGET = 0.5


@dataclass(frozen=True)
class Load:
    requests: int
    per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _ensure_tools() -> None:
    missing = [tool for tool in ("nginx", "wrk") if not shutil.which(tool)]
    if missing and os.geteuid() == 0:
        print(f"Installing Debian packages: {', '.join(missing)}…")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        packages = ["nginx-light" if tool == "nginx" else tool for tool in missing]
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
        )
    still = [tool for tool in ("nginx", "wrk") if not shutil.which(tool)]
    if still:
        raise SystemExit(f"bench_portal needs {', '.join(still)} (apt-get install, as root).")


def _env(folder: str, counting: bool) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tuyengiao.settings.test",
        "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
        "VAR_DIR": folder,
        "PORTAL_COUNTING": "1" if counting else "0",
        "PYTHONPATH": str(ROOT / "src"),
        "LOG_LEVEL": "WARNING",
    }


def _prepare(folder: str) -> str:
    """Create the database with the demo portal; the path of the page under test."""
    os.environ.update(_env(folder, counting=True))
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from tuyengiao.demo.portal import ensure_demo_portal
    from tuyengiao.portal.models import ArticlePage

    ensure_demo_portal()
    article = ArticlePage.objects.live().get(title__startswith="Ba Đình triển khai Chỉ thị")
    return article.url


def _stored_views(folder: str, path: str) -> int:
    from django.db import connection

    from tuyengiao.portal.models import ArticlePage, ArticleViews

    connection.close()
    page = ArticlePage.objects.get(url_path__endswith=path)
    row = ArticleViews.objects.filter(page=page).first()
    return row.count if row else 0


def _wait_for(url: str) -> bytes:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def _wrk(url: str) -> Load:
    result = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    )
    out = result.stdout

    def latency(label: str) -> float:
        match = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.MULTILINE)
        if not match:
            raise SystemExit(f"cannot read wrk's {label}% latency:\n{out}")
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    requests = int(re.search(r"(\d+) requests in", out).group(1))
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        errors += int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    ):
        errors += sum(int(part) for part in match.groups())
    per_second = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    return Load(requests, per_second, latency("50"), latency("99"), errors)


GUNICORN_CONFIG = """
def worker_exit(server, worker):
    # Write what the worker counted and has not written yet, as a deployment should.
    from tuyengiao.portal.counters import flush
    flush()
"""


def _run_platform(folder: str, path: str, counting: bool) -> tuple[Load, int, bytes]:
    """(load figures, requests sent in all, the page's HTML) for one gunicorn run."""
    port = _free_port()
    config = Path(folder) / "gunicorn.conf.py"
    config.write_text(GUNICORN_CONFIG)
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "tuyengiao.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={WORKERS}",
        "--worker-class=gthread",
        f"--threads={THREADS}",
        f"--config={config}",
        "--log-level=warning",
    ]
    server = subprocess.Popen(command, env=_env(folder, counting), cwd=folder)
    url = f"http://127.0.0.1:{port}{path}"
    try:
        html = _wait_for(url)
        warm = 200  # every worker renders and caches the page
        for _ in range(warm):
            _wait_for(url)
        load = _wrk(url)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    return load, warm + 1 + load.requests, html


def _run_static(folder: str, html: bytes) -> Load:
    root = Path(folder) / "static-site"
    root.mkdir()
    (root / "article.html").write_bytes(html)
    port = _free_port()
    conf = Path(folder) / "nginx.conf"
    conf.write_text(
        f"worker_processes {WORKERS};\n"
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
    url = f"http://127.0.0.1:{port}/article.html"
    try:
        _wait_for(url)
        return _wrk(url)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def main() -> int:
    started = time.perf_counter()
    _ensure_tools()
    with tempfile.TemporaryDirectory(prefix="tuyengiao-bench-portal-") as folder:
        os.chmod(folder, 0o755)  # nginx workers run as another user
        path = _prepare(folder)
        print(
            f"Page under test: {path} ({os.cpu_count()} CPUs, {CONNECTIONS} connections, "
            f"{SECONDS} s each)"
        )
        counted, sent, html = _run_platform(folder, path, counting=True)
        stored = _stored_views(folder, path)
        uncounted, _, _ = _run_platform(folder, path, counting=False)
        # The machine is shared: more rounds, alternating, and each figure is the best one.
        for _ in range(ROUNDS - 1):
            again, _, _ = _run_platform(folder, path, counting=False)
            uncounted = max(uncounted, again, key=lambda load: load.per_second)
            again, _, _ = _run_platform(folder, path, counting=True)
            counted = max(counted, again, key=lambda load: load.per_second)
        static = _run_static(folder, html)

    print()
    print(f"  {'':34}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for label, load in (
        ("article, counting on (gunicorn)", counted),
        ("article, counting off (gunicorn)", uncounted),
        ("same HTML as a static file (nginx)", static),
    ):
        print(
            f"  {label:<34}{load.per_second:>10.0f}{load.p50_ms:>9.2f}{load.p99_ms:>9.2f}"
            f"{load.errors:>8}"
        )
    cost = 1 - counted.per_second / uncounted.per_second
    share = counted.per_second / static.per_second
    # wrk counts the requests it saw answered; those still in flight when it stopped were
    # served, and counted, all the same.
    print(
        f"\n  first counting run: views stored {stored:,}, requests answered {sent:,} "
        f"(difference {stored - sent}: requests in flight when wrk stopped)"
    )
    print(f"\n  {'figure':<40}{'ours':>10}{'target':>10}  met")
    print(
        f"  {'throughput lost to counting':<40}{cost:>9.1%}{'< 10%':>10}  "
        f"{'yes' if cost < COUNTING_COST_TARGET else 'NO'}"
    )
    print(
        f"  {'cached page / static file throughput':<40}{share:>9.1%}{'>= 50%':>10}  "
        f"{'yes' if share >= STATIC_SHARE_TARGET else 'NO'}"
    )
    print(f"\n(total {time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    main()
