"""Benchmark: a round-open rush on the contest pages, and ranking a city-scale round.

Run by ``make bench`` (``bench/run.py``) or on its own:
``.venv/bin/python bench/bench_contests.py``. It needs PostgreSQL and Redis, as a deployment
does, so it runs on PostgreSQL only (the server of ``common.py``: ``DATABASE_URL`` or, as
root, a throw-away cluster); Redis from Debian's ``redis-server`` (installed as root when
missing), started on a free loopback port. Everything it starts is stopped at the end. It
never fails on speed.

1. The rush. ``BENCH_CONTEST_ENTRANTS`` (default 5.000, 300 with ``BENCH_QUICK=1``; the
   rush grows with it, a full 20.000 takes long on a small machine) entrants and a round of
   50 questions (10 per attempt). gunicorn serves the platform on loopback with the
   production settings, ``REDIS_URL`` set (open attempts, pools and counters in Redis), 5
   workers (2 × 2 cores + 1). A load generator in this process (asyncio, raw HTTP/1.1,
   ``BENCH_CONCURRENCY`` entrants at a time, default 64) makes every entrant start an
   attempt, fetch the paper and submit answers and a prediction. It prints completed attempts
   per second, p50/p99 latency and errors per request type, and the submitted attempts the
   database holds afterwards (must equal the submissions answered). In the same run and on
   the same server, a bare Django JSON view (no database) is hit as often: its throughput is
   the ceiling (target: submissions at least half of it, p99 under 200 ms).
2. Ranking. ``BENCH_RANK_ENTRANTS`` (default 1.000.000; 50.000 quick) entrants × 3 attempts
   generated in bulk in SQL (``generate_series``), then ``round_compute_results`` — best attempt per
   entrant and the ranking with every tie-breaker, in one statement. Prints the time and the
   peak memory of the database backend and of this process (target: under 60 s, 2 GB).
"""

from __future__ import annotations

import asyncio
import os
import re
import resource
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Result, django_env, ensure_commands, free_port, main, scaled, wait_port
from common import setup_django as common_setup_django

NAME = "contests"
DATABASES = ("postgres",)
DATABASES_NOTE = "needs PostgreSQL + Redis, as a deployment does"
ENTRANTS = scaled("BENCH_CONTEST_ENTRANTS", 5000, 300)
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "64"))
RANK_ENTRANTS = scaled("BENCH_RANK_ENTRANTS", 1_000_000, 50_000)
WORKERS = 5
QUESTIONS, PER_ATTEMPT = 50, 10
SLUG = "bench"
CSRF = "b" * 32
RANK_TARGET_S, MEMORY_TARGET_MB, P99_TARGET_MS = 60.0, 2048, 200.0

BENCH_URLS = """
from django.http import JsonResponse
from django.urls import path
from tuyengiao.urls import urlpatterns as platform


def bare(request):
    return JsonResponse({"ok": True})


urlpatterns = [path("bench/bare/", bare), *platform]
"""
BENCH_SETTINGS = """
from tuyengiao.settings.production import *  # noqa: F403
ROOT_URLCONF = "bench_urls"
"""


def vi(number: int) -> str:
    """``20000`` → ``20.000``."""
    return f"{number:,}".replace(",", ".")


# --- Servers ----------------------------------------------------------------------------------


class Servers:
    """Redis and gunicorn, all stopped by ``stop``."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self.procs: list[subprocess.Popen] = []

    def redis(self) -> str:
        binary = shutil.which("redis-server")
        if binary is None:
            raise SystemExit("redis-server is missing: apt-get install redis-server (as root).")
        port = free_port()
        self.procs.append(
            subprocess.Popen(
                [
                    binary,
                    "--port",
                    str(port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                ],
                stdout=subprocess.DEVNULL,
            )
        )
        wait_port(port)
        return f"redis://127.0.0.1:{port}/0"

    def gunicorn(self, env: dict[str, str]) -> int:
        port = free_port()
        self.procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "tuyengiao.wsgi",
                    "-w",
                    str(WORKERS),
                    "-b",
                    f"127.0.0.1:{port}",
                    "--backlog",
                    "4096",
                    "--preload",
                    "--log-level",
                    "warning",
                ],
                env=env,
                cwd=self.folder,
            )
        )
        wait_port(port)
        return port

    def stop(self) -> None:
        for proc in reversed(self.procs):
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()


# --- Data ---------------------------------------------------------------------------------------


def setup_django(database_url: str, redis_url: str, folder: str) -> dict[str, str]:
    """Configure Django here and return the environment the server runs with."""
    Path(folder, "bench_urls.py").write_text(BENCH_URLS)
    Path(folder, "bench_settings.py").write_text(BENCH_SETTINGS)
    extra = {
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "REDIS_URL": redis_url,
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
    }
    common_setup_django(database_url, folder, **extra)
    return django_env(database_url, folder, **extra)


def make_city():
    """A published tree: the city committee and 20 wards."""
    from django.utils import timezone

    from tuyengiao.core.actors import SYSTEM
    from tuyengiao.orgs.models import UnitKind
    from tuyengiao.orgs.services import (
        NewUnit,
        hierarchy_version_create,
        hierarchy_version_publish,
        unit_create,
    )

    version = hierarchy_version_create(
        effective_date=timezone.localdate() - timedelta(days=400), name="Bench", actor=SYSTEM
    )

    def add(code: str, name: str, kind: str, parent):
        spec = NewUnit(code=code, name=name, kind=UnitKind.objects.get(code=kind), parent=parent)
        return unit_create(version=version, spec=spec, actor=SYSTEM)

    city = add("B", "Thành ủy", "city_committee", None)
    wards = [add(f"B.{i}", f"Đảng ủy phường {i}", "commune_committee", city) for i in range(20)]
    hierarchy_version_publish(version=version, actor=SYSTEM)
    return city, wards


def make_contest(city, wards, slug: str, entrants: int, *, open_round: bool):
    """A contest of the city with one round, its questions and ``entrants`` entrants."""
    from django.utils import timezone

    from tuyengiao.contests.models import Entrant, Option, Question
    from tuyengiao.contests.services import contest_save, round_save
    from tuyengiao.core.actors import SYSTEM

    contest = contest_save(
        actor=SYSTEM,
        title="Bench",
        slug=slug,
        organiser=city,
        is_published=True,
        questions_per_attempt=PER_ATTEMPT,
        time_limit_seconds=1800,
        max_attempts=3,
        prizes=[
            {"name": "Nhất", "count": 1},
            {"name": "Nhì", "count": 2},
            {"name": "Ba", "count": 5},
            {"name": "Khuyến khích", "count": 8},
        ],
        data_purpose="Đo hiệu năng",
        retention_until=timezone.localdate() + timedelta(days=30),
    )
    for n in range(QUESTIONS):
        question = Question.objects.create(contest=contest, code=f"Q{n}", text=f"Câu hỏi {n}?")
        Option.objects.bulk_create(
            Option(question=question, position=i, text=f"Phương án {i}", is_correct=i == 0)
            for i in range(4)
        )
    now = timezone.now()
    opens = now - timedelta(minutes=1) if open_round else now - timedelta(days=8)
    round_ = round_save(
        contest=contest, actor=SYSTEM, number=1, opens_at=opens, closes_at=opens + timedelta(days=7)
    )
    now = timezone.now()
    Entrant.objects.bulk_create(
        (
            Entrant(
                contest=contest,
                phone=f"09{i:08d}",
                full_name=f"Người {i}",
                name_folded=f"nguoi {i}",
                birth_year=1990,
                unit=wards[i % 20],
                consent_at=now,
            )
            for i in range(entrants)
        ),
        batch_size=5000,
    )
    return contest, round_


# --- Load generator -------------------------------------------------------------------------------


class Stats:
    def __init__(self) -> None:
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)

    def line(self, kind: str, wall: float) -> str:
        values = sorted(self.latency[kind])
        if not values:
            return f"  {kind:<10} no answer, {self.errors[kind]} errors"
        p99 = values[min(len(values) - 1, int(len(values) * 0.99))]
        return (
            f"  {kind:<10} {len(values):>7} ok  {len(values) / wall:8.1f}/s  "
            f"p50 {statistics.median(values) * 1000:7.1f} ms  p99 {p99 * 1000:7.1f} ms  "
            f"errors {self.errors[kind]}"
        )


async def request(port: int, method: str, path: str, cookies: str, body: bytes = b""):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    head = (
        f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        f"Cookie: {cookies}\r\nX-CSRFToken: {CSRF}\r\n"
    )
    if method == "POST":
        head += (
            f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n"
        )
    writer.write(head.encode() + b"\r\n" + body)
    await writer.drain()
    data = await reader.read()
    writer.close()
    status_line, _, rest = data.partition(b"\r\n")
    headers, _, content = rest.partition(b"\r\n\r\n")
    status = int(status_line.split()[1])
    location = re.search(rb"\r\nLocation: ([^\r\n]+)", b"\r\n" + headers, re.I)
    return status, location.group(1).decode() if location else "", content


async def timed(stats: Stats, kind: str, expected: int, *args):
    start = time.perf_counter()
    try:
        status, location, content = await request(*args)
    except OSError:
        stats.errors[kind] += 1
        return None
    if status != expected:
        stats.errors[kind] += 1
        return None
    stats.latency[kind].append(time.perf_counter() - start)
    return location, content


async def entrant_flow(port: int, cookie: str, stats: Stats) -> bool:
    cookies = f"{cookie}; csrftoken={CSRF}"
    started = await timed(
        stats, "start", 302, port, "POST", f"/cuoc-thi/{SLUG}/tuan-1/bat-dau/", cookies
    )
    if not started or "/luot/" not in started[0]:
        return False
    attempt_path = started[0].split("127.0.0.1", 1)[-1]
    paper = await timed(stats, "questions", 200, port, "GET", attempt_path, cookies)
    if not paper:
        return False
    fields = re.findall(rb'name="(q\d+)" value="(\d+)"', paper[1])
    chosen = {}
    for name, value in fields:  # the first option shown for each question
        chosen.setdefault(name.decode(), value.decode())
    body = "&".join([*(f"{k}={v}" for k, v in chosen.items()), "prediction=20000"]).encode()
    return bool(await timed(stats, "submit", 302, port, "POST", attempt_path, cookies, body))


async def run_all(jobs, concurrency: int) -> list:
    queue = list(jobs)
    results: list = []

    async def worker() -> None:
        while queue:
            results.append(await queue.pop()())

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return results


def warm_up(port: int) -> None:
    """A few requests to every worker first: templates and URL patterns load on first use."""
    stats = Stats()
    asyncio.run(
        run_all(
            [lambda: timed(stats, "warm", 200, port, "GET", f"/cuoc-thi/{SLUG}/", "")] * 50,
            10,
        )
    )


def rush(port: int, cookies: list[str]) -> tuple[Stats, int, float]:
    stats = Stats()
    start = time.perf_counter()
    results = asyncio.run(
        run_all([lambda c=c: entrant_flow(port, c, stats) for c in cookies], CONCURRENCY)
    )
    return stats, sum(results), time.perf_counter() - start


def bare(port: int, count: int) -> tuple[Stats, float]:
    stats = Stats()
    start = time.perf_counter()
    asyncio.run(
        run_all(
            [lambda: timed(stats, "bare JSON", 200, port, "GET", "/bench/bare/", "")] * count,
            CONCURRENCY,
        )
    )
    return stats, time.perf_counter() - start


# --- Ranking ---------------------------------------------------------------------------------


def backend_peak_mb(cursor) -> float:
    cursor.execute("SELECT pg_backend_pid()")
    pid = cursor.fetchone()[0]
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return float("nan")
    match = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(match.group(1)) / 1024 if match else float("nan")


def ranking(city, wards, entrants: int) -> tuple[float, float, float]:
    """(seconds, database backend peak MB, this process's peak MB)."""
    from django.db import connection

    from tuyengiao.contests.models import Attempt, Entrant, Standing
    from tuyengiao.contests.services import round_compute_results
    from tuyengiao.core.actors import SYSTEM

    contest, round_ = make_contest(city, wards, "rank", 0, open_round=False)
    unit = wards[0]
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {Entrant._meta.db_table} (created_at, updated_at, contest_id, phone,
                full_name, name_folded, birth_year, unit_id, workplace, consent_at, is_excluded)
            SELECT now(), now(), %s, '0' || (800000000 + g)::text, 'Người ' || g, 'nguoi ' || g,
                1990, %s, '', now(), false FROM generate_series(1, %s) g""",
            [contest.pk, unit.pk, entrants],
        )
        cursor.execute(
            f"""INSERT INTO {Attempt._meta.db_table} (round_id, entrant_id, number, token,
                status, started_at, deadline, submitted_at, paper, answers, correct, prediction,
                duration_ms)
            SELECT %s, e.id, n, gen_random_uuid(), 'submitted',
                %s + (e.id %% 500000) * interval '1 second',
                %s + (e.id %% 500000) * interval '1 second' + interval '30 minutes',
                %s + (e.id %% 500000 + n * 700) * interval '1 second',
                '[]', '{{}}', (hashtext(e.id::text || n::text) & 7) + 3,
                (hashtext(n::text || e.id::text) & 2047) + 1000000,
                (hashtext(e.id::text || 'd' || n::text) & 1023) * 1000 + 30000
            FROM {Entrant._meta.db_table} e, generate_series(1, 3) n
            WHERE e.contest_id = %s""",
            [round_.pk, round_.opens_at, round_.opens_at, round_.opens_at, contest.pk],
        )
        cursor.execute(f"ANALYZE {Attempt._meta.db_table}")
        cursor.execute(f"ANALYZE {Entrant._meta.db_table}")
    generated = time.perf_counter() - t0
    attempts = Attempt.objects.filter(round=round_).count()
    t0 = time.perf_counter()
    ranked = round_compute_results(round_=round_, actor=SYSTEM)
    elapsed = time.perf_counter() - t0
    with connection.cursor() as cursor:
        backend_mb = backend_peak_mb(cursor)
    own_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    first = Standing.objects.filter(round=round_).order_by("rank").first()
    print(
        f"Ranking {vi(entrants)} entrants × 3 attempts ({vi(attempts)} rows, generated in "
        f"{generated:.1f} s):"
    )
    print(
        f"  round_compute_results: {elapsed:.1f} s for {vi(ranked)} standings "
        f"(target < {RANK_TARGET_S:.0f} s)"
    )
    print(
        f"  peak memory: database backend {backend_mb:.0f} MB, this process {own_mb:.0f} MB "
        f"(target < {MEMORY_TARGET_MB} MB)"
    )
    print(
        f"  first place: {first.correct} correct, prediction off by {first.prediction_error}, "
        f"{first.duration_ms / 1000:.0f} s"
    )
    return elapsed, backend_mb, own_mb


# --- Main ------------------------------------------------------------------------------------


def run(database_url: str, folder: str) -> list[Result]:
    missing = ensure_commands({"redis-server": "redis-server"})
    if missing:
        note = "needs redis-server (apt-get install redis-server, as root)"
        return [Result(NAME, "round-open rush", "PostgreSQL", None, "", note=note)]
    servers = Servers(folder)
    try:
        redis_url = servers.redis()
        env = setup_django(database_url, redis_url, folder)
        from django.core import signing
        from django.db import connections

        from tuyengiao.contests import live
        from tuyengiao.contests.models import Attempt

        city, wards = make_city()
        contest, round_ = make_contest(city, wards, SLUG, ENTRANTS, open_round=True)
        name = f"thisinh{contest.pk}"
        signer = signing.get_cookie_signer(salt=name + "tuyengiao.contests.entrant")
        ids = contest.entrants.order_by("pk").values_list("pk", flat=True)
        cookies = [f"{name}={signer.sign(str(pk))}" for pk in ids]
        live.round_pool(round_)  # built once into Redis, as the first request would
        connections.close_all()
        port = servers.gunicorn(env)
        warm_up(port)
        print(
            f"Round-open rush: {vi(ENTRANTS)} entrants, {CONCURRENCY} at a time, gunicorn "
            f"{WORKERS} workers, PostgreSQL + Redis on loopback"
        )
        stats, completed, wall = rush(port, cookies)
        for kind in ("start", "questions", "submit"):
            print(stats.line(kind, wall))
        print(
            f"  completed attempts: {vi(completed)} in {wall:.1f} s = {completed / wall:.1f} "
            "attempts/s"
        )
        stored = Attempt.objects.filter(round=round_, status="submitted").count()
        submitted = len(stats.latency["submit"])
        verdict = "nothing lost" if stored == submitted else "MISMATCH"
        print(
            f"  submitted attempts in the database: {vi(stored)} (answered submits "
            f"{vi(submitted)}: {verdict})"
        )
        ceiling, bare_wall = bare(port, max(2000, ENTRANTS))
        print(ceiling.line("bare JSON", bare_wall))
        bare_rate = len(ceiling.latency["bare JSON"]) / bare_wall
        submit_rate = submitted / wall
        print(
            f"  submit rate {submit_rate:.1f}/s is {submit_rate / bare_rate:.0%} of the bare "
            f"view's {bare_rate:.1f}/s (target ≥ 50%), while starts and papers run alongside"
        )
        rank_s, backend_mb, own_mb = ranking(city, wards, RANK_ENTRANTS)
    finally:
        try:
            from django.db import connections

            connections.close_all()
        except Exception:
            pass
        servers.stop()
        shutil.rmtree(folder, ignore_errors=True)

    database = "PostgreSQL"
    rush_label = f"rush of {vi(ENTRANTS)}"
    errors = sum(stats.errors.values())
    results = [
        Result(
            NAME,
            f"{rush_label}: submits/s",
            database,
            submit_rate,
            "/s",
            reference=bare_rate,
            reference_label="bare Django view",
            target="ratio ≥ 0,5",
            met=submit_rate >= bare_rate / 2,
        ),
        Result(NAME, f"{rush_label}: attempts completed/s", database, completed / wall, "/s"),
    ]
    for kind in ("start", "questions", "submit"):
        values = sorted(stats.latency[kind])
        p99 = values[min(len(values) - 1, int(len(values) * 0.99))] * 1000 if values else None
        results.append(
            Result(
                NAME,
                f"{rush_label}: {kind} p99",
                database,
                p99,
                "ms",
                target="< 200 ms",
                met=None if p99 is None else p99 < P99_TARGET_MS,
            )
        )
    results += [
        Result(
            NAME,
            f"{rush_label}: errors, lost submissions",
            database,
            errors + abs(stored - submitted),
            "",
            target="0",
            met=errors == 0 and stored == submitted,
        ),
        Result(
            NAME,
            f"ranking {vi(RANK_ENTRANTS)} × 3 attempts",
            database,
            rank_s,
            "s",
            target="< 60 s",
            met=rank_s < RANK_TARGET_S,
        ),
        Result(
            NAME,
            "ranking: peak memory (database backend)",
            database,
            backend_mb,
            "MB",
            target="< 2.048 MB",
            met=backend_mb < MEMORY_TARGET_MB,
            extra={"process_peak_mb": own_mb},
        ),
    ]
    return results


if __name__ == "__main__":
    main(NAME, run, __file__)
