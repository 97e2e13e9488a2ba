"""Benchmark: an article page of the public portal under load, with and without counting,
against the same HTML served as a static file.

Run by ``make bench`` (``bench/run.py``) or on its own: ``.venv/bin/python bench/bench_portal.py``,
on SQLite and on PostgreSQL (see ``common.py``), each time in an empty database of its own with
the demo portal. It never fails on speed.

1. The demo portal (``tuyengiao.demo.portal``) is loaded; one article is the page under test.
2. The platform runs under gunicorn (2 processes × 8 threads, the machine has 2 cores), once
   with view and visit counting on and once with it off (``PORTAL_COUNTING``). Each run is
   warmed up, so the page comes from the portal's page cache, as it does for visitors.
3. The page's HTML, saved to a file, is served by nginx (2 workers) as the reference.
4. Load: ``wrk`` with 50 connections for ``BENCH_SECONDS`` (10; 3 with ``BENCH_QUICK=1``) on
   loopback; throughput and p50/p99 latency as wrk reports them; ``BENCH_ROUNDS`` (2; 1 quick)
   alternating rounds of each server setting, the best of each kept (the machine is shared).
   After the first counting run the article's stored view count is compared with the
   requests answered.

Needs Debian's ``nginx`` and ``wrk`` (installed as root when missing) and gunicorn (dev
dependency). Targets: counting costs under 10% of throughput; the cached page reaches at
least half of the static file's throughput.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    Load,
    Result,
    database_label,
    django_env,
    ensure_commands,
    fetch,
    gunicorn,
    main,
    nginx_static,
    scaled,
    setup_django,
    wrk,
)

NAME = "portal"
DATABASES = ("sqlite", "postgres")
SECONDS = scaled("BENCH_SECONDS", 10, 3)
ROUNDS = scaled("BENCH_ROUNDS", 2, 1)
CONNECTIONS = 50
WORKERS = 2
THREADS = 8
COUNTING_COST_TARGET = 0.10
STATIC_SHARE_TARGET = 0.5


def _prepare(database_url: str, folder: str) -> str:
    """Create the database with the demo portal; the path of the page under test."""
    setup_django(database_url, folder)
    from tuyengiao.demo.portal import ensure_demo_portal
    from tuyengiao.portal.models import ArticlePage

    ensure_demo_portal()
    article = ArticlePage.objects.live().get(title__startswith="Ba Đình triển khai Chỉ thị")
    return article.url


def _stored_views(path: str) -> int:
    from django.db import connection

    from tuyengiao.portal.models import ArticlePage, ArticleViews

    connection.close()
    page = ArticlePage.objects.get(url_path__endswith=path)
    row = ArticleViews.objects.filter(page=page).first()
    return row.count if row else 0


GUNICORN_CONFIG = """
def worker_exit(server, worker):
    # Write what the worker counted and has not written yet, as a deployment should.
    from tuyengiao.portal.counters import flush
    flush()
"""


def _run_platform(
    database_url: str, folder: str, path: str, counting: bool
) -> tuple[Load, int, bytes]:
    """(load figures, requests sent in all, the page's HTML) for one gunicorn run."""
    env = django_env(database_url, folder, PORTAL_COUNTING="1" if counting else "0")
    with gunicorn(env, folder, workers=WORKERS, threads=THREADS, config=GUNICORN_CONFIG) as port:
        url = f"http://127.0.0.1:{port}{path}"
        html = fetch(url)
        warm = 200  # every worker renders and caches the page
        for _ in range(warm):
            fetch(url)
        load = wrk(url, SECONDS, CONNECTIONS)
    return load, warm + 1 + load.requests, html


def run(database_url: str, folder: str) -> list[Result]:
    missing = ensure_commands({"nginx": "nginx-light", "wrk": "wrk"})
    database = database_label(database_url)
    if missing:
        note = f"needs {', '.join(missing)} (apt-get install, as root)"
        return [Result(NAME, "article page throughput", database, None, "req/s", note=note)]
    path = _prepare(database_url, folder)
    print(
        f"Page under test: {path} ({os.cpu_count()} CPUs, {CONNECTIONS} connections, "
        f"{SECONDS} s each)"
    )
    counted, sent, html = _run_platform(database_url, folder, path, counting=True)
    stored = _stored_views(path)
    uncounted, _, _ = _run_platform(database_url, folder, path, counting=False)
    # The machine is shared: more rounds, alternating, and each figure is the best one.
    for _ in range(ROUNDS - 1):
        again, _, _ = _run_platform(database_url, folder, path, counting=False)
        uncounted = max(uncounted, again, key=lambda load: load.per_second)
        again, _, _ = _run_platform(database_url, folder, path, counting=True)
        counted = max(counted, again, key=lambda load: load.per_second)
    with nginx_static(folder, "article.html", html, WORKERS) as url:
        static = wrk(url, SECONDS, CONNECTIONS)

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
        f"  first counting run: views stored {stored:,}, requests answered {sent:,} "
        f"(difference {stored - sent}: requests in flight when wrk stopped)"
    )
    loads = {
        "counting_on": counted.__dict__,
        "counting_off": uncounted.__dict__,
        "static": static.__dict__,
        "views_stored": stored,
        "requests_answered": sent,
    }
    return [
        Result(
            NAME,
            "article page, counting on",
            database,
            counted.per_second,
            "req/s",
            reference=static.per_second,
            reference_label="nginx static",
            target="ratio ≥ 0,5",
            met=share >= STATIC_SHARE_TARGET,
            extra=loads,
        ),
        Result(
            NAME,
            "article page p99, counting on",
            database,
            counted.p99_ms,
            "ms",
            reference=static.p99_ms,
            reference_label="nginx static",
        ),
        Result(
            NAME,
            "throughput lost to counting",
            database,
            cost * 100,
            "%",
            reference=None,
            target="< 10%",
            met=cost < COUNTING_COST_TARGET,
            extra={"counting_off_per_s": uncounted.per_second},
        ),
    ]


if __name__ == "__main__":
    main(NAME, run, __file__)
