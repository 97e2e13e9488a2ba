"""Benchmark: API throughput of the platform against a bare Django view serving the same JSON.

Run by ``make bench`` (``bench/run.py``) or on its own: ``.venv/bin/python bench/bench_api.py``,
on SQLite and on PostgreSQL (see ``common.py``), each time in an empty database of its own
loaded with ``tuyengiao demo_load``. It never fails on speed.

1. The demo data is loaded; the city specialist (``chuyenvien``) gets a personal API token,
   as an integration would use.
2. One gunicorn (2 processes × 8 threads, the configuration of the portal benchmark) serves
   the platform plus one extra URL: a bare Django view returning, from memory, the very bytes
   our endpoint answered (no authentication, no database, no schema) — what Django itself
   costs for a response of that size.
3. For each endpoint, ``wrk`` with ``CONNECTIONS`` connections for ``BENCH_SECONDS`` (10; 3
   with ``BENCH_QUICK=1``), ours with the bearer token, then the bare view; the best of
   ``BENCH_ROUNDS`` (2; 1 quick) rounds of each is kept (the machine is shared). Ratio:
   ours / bare throughput.

Endpoints: the first page of the document list (``GET /api/v1/documents?limit=20``) and the
nine-month city report figures (``GET /api/v1/reporting/figures``). No issue sets a target.
"""

from __future__ import annotations

import io
import json
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
    scaled,
    setup_django,
    wrk,
)

NAME = "api"
DATABASES = ("sqlite", "postgres")
SECONDS = scaled("BENCH_SECONDS", 10, 3)
ROUNDS = scaled("BENCH_ROUNDS", 2, 1)
CONNECTIONS = 16
WORKERS, THREADS = 2, 8
USERNAME = "chuyenvien"
ENDPOINTS = (
    ("documents list, first 20", "/api/v1/documents?limit=20"),
    (
        "9-month city report figures",
        "/api/v1/reporting/figures?form=tuyen-giao-9-thang&unit=HN&period=2022N9",
    ),
)

BENCH_URLS = """
from pathlib import Path

from django.http import HttpResponse
from django.urls import path

from tuyengiao.urls import urlpatterns as platform

BODIES = {}


def bare(request, name):
    if name not in BODIES:  # written by the benchmark before the first request
        BODIES[name] = Path(__file__).with_name(f"bare-{name}.json").read_bytes()
    return HttpResponse(BODIES[name], content_type="application/json")


urlpatterns = [path("bench/bare/<str:name>/", bare), *platform]
"""
BENCH_SETTINGS = """
from tuyengiao.settings.test import *  # noqa: F403
ROOT_URLCONF = "bench_urls"
"""


def _prepare(database_url: str, folder: str) -> str:
    """The demo data and a token of the city specialist; returns the token."""
    setup_django(database_url, folder)
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from wagtail.models import APIToken

    call_command("demo_load", verbosity=0, stdout=io.StringIO())
    user = get_user_model().objects.get(username=USERNAME)
    _token, plaintext = APIToken.create_token(user=user, name="Đo hiệu năng")
    return plaintext


def _best(url: str, headers: list[str]) -> Load:
    loads = [wrk(url, SECONDS, CONNECTIONS, headers) for _ in range(ROUNDS)]
    return max(loads, key=lambda load: load.per_second)


def run(database_url: str, folder: str) -> list[Result]:
    missing = ensure_commands({"wrk": "wrk"})
    database = database_label(database_url)
    if missing:
        return [Result(NAME, "API throughput", database, None, "req/s", note="needs wrk")]
    token = _prepare(database_url, folder)
    auth = {"Authorization": f"Bearer {token}"}
    Path(folder, "bench_urls.py").write_text(BENCH_URLS)
    Path(folder, "bench_settings.py").write_text(BENCH_SETTINGS)
    from django.db import connections

    connections.close_all()
    env = django_env(database_url, folder, DJANGO_SETTINGS_MODULE="bench_settings")
    results = []
    with gunicorn(env, folder, workers=WORKERS, threads=THREADS) as port:
        base = f"http://127.0.0.1:{port}"
        for index, (label, path) in enumerate(ENDPOINTS):
            body = fetch(base + path, auth)
            json.loads(body)  # a real answer, not an error page
            # The bare view answers the very same bytes.
            Path(folder, f"bare-{index}.json").write_bytes(body)
            bare_body = fetch(f"{base}/bench/bare/{index}/")
            assert bare_body == body
            for _ in range(50):  # every worker thread warm
                fetch(base + path, auth)
                fetch(f"{base}/bench/bare/{index}/")
            ours = _best(base + path, [f"Authorization: Bearer {token}"])
            bare = _best(f"{base}/bench/bare/{index}/", [])
            print(
                f"  {label:<32} {len(body):>7,} bytes  ours {ours.per_second:>7.0f} req/s "
                f"(p99 {ours.p99_ms:.1f} ms, errors {ours.errors})  bare view "
                f"{bare.per_second:>7.0f} req/s ({len(bare_body):,} bytes)"
            )
            results.append(
                Result(
                    NAME,
                    f"{label} ({len(body) / 1024:.0f} KB)",
                    database,
                    ours.per_second,
                    "req/s",
                    reference=bare.per_second,
                    reference_label="bare Django view",
                    extra={"ours": ours.__dict__, "bare": bare.__dict__, "bytes": len(body)},
                    note="" if ours.errors == 0 else f"{ours.errors} errors",
                )
            )
    return results


if __name__ == "__main__":
    main(NAME, run, __file__)
