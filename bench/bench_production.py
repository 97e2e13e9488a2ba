"""Benchmark: the platform as deployed (deploy/), measured through nginx over HTTPS, against
a bare Django view and a static file served by the same servers in the same run.

Run by ``make bench`` (``bench/run.py``) or on its own:
``.venv/bin/python bench/bench_production.py``, on SQLite and on PostgreSQL (see
``common.py``), each time in a database of its own loaded with the demo. It never fails on
speed; no issue sets a target.

The topology is the one ``make prod-local`` rehearses, on loopback:

- nginx with ``deploy/nginx/tuyengiao.conf`` and ``locations.conf``, rendered by the very
  ``sed`` command and ``nginx.conf`` wrapper of ``scripts/prod-local`` (read from that script
  at run time, so the two never drift apart): HTTPS with a self-signed certificate made by
  openssl for 127.0.0.1, the JSON access log, the portal cache zone, two upstreams;
- two gunicorn app servers, each started with ``deploy/gunicorn.conf.py`` (GUNICORN_BIND,
  ``WEB_WORKERS`` = 2 as in the rehearsal: synchronous workers, each replaced after about
  2.000 requests as configured there, which a long run pays for);
- Redis (``redis-server`` on a free port, ``REDIS_URL``) for the cache;
- the run's database, loaded with ``tuyengiao demo_load --settings=tuyengiao.settings.dev``,
  then served with the production settings (random ``SECRET_KEY``, ``ALLOWED_HOSTS``,
  ``TRUSTED_PROXY_COUNT=1``, ``TWO_FACTOR_REQUIRED=false``; ``collectstatic`` first).

The servers' settings module is ``tuyengiao.settings.production`` plus one line: a URLconf
that adds ``/bench/bare/<name>/``, a bare Django view answering from memory the very bytes an
endpoint of ours answered (no database, no template, no authentication, but the whole
production middleware stack), as ``bench_api.py`` does.

Measured with ``wrk`` (HTTP/1.1 over TLS), ``CONNECTIONS`` = 50 connections for
``BENCH_SECONDS`` (10; 3 with ``BENCH_QUICK=1``), the best of ``BENCH_ROUNDS`` (2; 1 quick)
rounds of each, alternating (the machine is shared); an answer slower than wrk's 2 s counts
in the latencies (``--timeout`` is 30 s), so that queueing shows in p99 instead of as errors:

(a) a portal article page (the one ``bench_portal.py`` measures), as an anonymous visitor;
(b) the API document list ``GET /api/v1/documents?limit=20`` with the city specialist's
    bearer token;
(c) for each, the bare view answering the same bytes, through the same nginx and gunicorns;
(d) nginx sending the article's HTML as a static file from ``/static/`` (same nginx, same
    TLS): the upper bound of any page of that size on this machine.

Printed: requests/s, p50, p99 and errors of each; ratios to the bare view.

The p99 of every page once stood at ~5 s: ``proxy_cache_lock`` made concurrent requests for one
address wait on each other although nothing was cacheable; deploy/ no longer turns it on.

Python is let write its compiled modules (into the run's folder, ``PYTHONPYCACHEPREFIX``)
even where the calling environment sets ``PYTHONDONTWRITEBYTECODE``: on a server they were
compiled at installation, and without them every worker that gunicorn starts or replaces
compiles the whole platform first.

Needs Debian's ``nginx``, ``redis-server``, ``openssl`` and ``wrk`` (installed as root when
missing).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import signal
import ssl
import string
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    ROOT,
    Load,
    Result,
    database_label,
    django_env,
    ensure_commands,
    free_port,
    main,
    scaled,
    setup_django,
    wait_port,
    wrk,
)

NAME = "production"
DATABASES = ("sqlite", "postgres")
SECONDS = scaled("BENCH_SECONDS", 10, 3)
ROUNDS = scaled("BENCH_ROUNDS", 2, 1)
CONNECTIONS = 50
# A slow answer counts in the latency figures; only one slower than this is an error.
WRK_TIMEOUT = 30
APP_SERVERS = 2
WEB_WORKERS = 2
USERNAME = "chuyenvien"
ARTICLE_TITLE = "Ba Đình triển khai Chỉ thị"
API_PATH = "/api/v1/documents?limit=20"
PROD_LOCAL = ROOT / "scripts" / "prod-local"
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
LOCATIONS = ROOT / "deploy" / "nginx" / "locations.conf"

BENCH_URLS = """
from pathlib import Path

from django.http import HttpResponse
from django.urls import path

from tuyengiao.urls import urlpatterns as platform

BODIES = {}


def bare(request, name):
    if name not in BODIES:  # written by the benchmark before the first request
        folder = Path(__file__).with_name("bare")
        BODIES[name] = (
            (folder / name).read_bytes(),
            (folder / f"{name}.type").read_text(),
        )
    body, content_type = BODIES[name]
    return HttpResponse(body, content_type=content_type)


urlpatterns = [path("bench/bare/<str:name>/", bare), *platform]
"""
BENCH_SETTINGS = """
from tuyengiao.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench_production_urls"
"""


# --- Rendering deploy/nginx the way scripts/prod-local does ------------------------------------


def _prod_local_part(pattern: str, what: str) -> str:
    match = re.search(pattern, PROD_LOCAL.read_text(), re.MULTILINE | re.DOTALL)
    if not match:
        raise RuntimeError(f"scripts/prod-local changed: cannot find its {what}")
    return match.group(1)


def _bash(script: str, variables: dict[str, str]) -> str:
    done = subprocess.run(
        ["bash", "-euc", script],
        env={**os.environ, **variables},
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:  # e.g. a variable of prod-local this benchmark does not set
        raise RuntimeError(
            f"rendering the nginx configuration of scripts/prod-local: {done.stderr}"
        )
    return done.stdout


def render_nginx(prod: Path, ports: dict[str, int]) -> Path:
    """``nginx.conf`` and ``tuyengiao.conf`` under ``prod/nginx``, by the same commands as
    scripts/prod-local (its sed command and its heredoc, run with this run's ports and
    folders); returns the path of nginx.conf."""
    sed = _prod_local_part(
        r"^(sed -e .*?deploy/nginx/tuyengiao\.conf) >\"\$prod/nginx/tuyengiao\.conf\"$",
        "sed command for deploy/nginx/tuyengiao.conf",
    )
    wrapper = _prod_local_part(
        r"^cat >\"\$prod/nginx/nginx\.conf\" <<NGINX\n(.*?\n)NGINX$", "nginx.conf"
    )
    variables = {
        "prod": str(prod),
        "repo": str(ROOT),
        # nginx's master runs as root here; its workers (nobody) read the run's folder.
        "nginx_user": "",
        **{name: str(port) for name, port in ports.items()},
    }
    site = _bash(sed, variables)
    left = [
        text
        for text in ("127.0.0.1:8001", "/etc/letsencrypt", "/var/lib/tuyengiao", "/srv/tuyengiao")
        if text in site
    ]
    if left:
        raise RuntimeError(f"the rendered nginx configuration still names {', '.join(left)}")
    (prod / "nginx" / "tuyengiao.conf").write_text(site)
    conf = prod / "nginx" / "nginx.conf"
    conf.write_text(_bash(f"cat <<NGINX\n{wrapper}NGINX\n", variables))
    return conf


def _certificate(prod: Path) -> None:
    """The self-signed certificate for 127.0.0.1, as scripts/prod-local makes it."""
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "30",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout",
            str(prod / "tls" / "key.pem"),
            "-out",
            str(prod / "tls" / "cert.pem"),
        ],
        check=True,
        capture_output=True,
    )


# --- Processes ---------------------------------------------------------------------------------


@contextlib.contextmanager
def _process(
    command: list[str], log: Path, env: dict[str, str] | None = None, cwd: Path | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """A server process whose output goes to ``log``; stopped with SIGTERM at the end."""
    with log.open("ab") as out:
        process = subprocess.Popen(command, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_for(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    try:
        wait_port(port, seconds=120)
    except RuntimeError:
        tail = log.read_text(errors="replace")[-3000:]
        raise RuntimeError(f"{log.name}: nothing answers on port {port}\n{tail}") from None
    if process.poll() is not None:
        raise RuntimeError(f"{log.name}: exited with status {process.returncode}")


# --- Requests ----------------------------------------------------------------------------------


def _get(
    url: str, context: ssl.SSLContext, headers: dict[str, str] | None = None
) -> tuple[bytes, dict[str, str]]:
    """GET over HTTPS, checking the certificate against ours; (body, headers)."""
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=30, context=context) as response:
        return response.read(), dict(response.headers.items())


def _answering(url: str, context: ssl.SSLContext | None, log: Path, seconds: float = 300) -> None:
    """Wait until ``url`` answers 200 (as behind nginx: HTTPS forwarded)."""
    deadline = time.monotonic() + seconds
    headers = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1"}
    while True:
        try:
            request = urllib.request.Request(url, headers=headers)
            with urllib.request.urlopen(request, timeout=30, context=context) as response:
                if response.status == 200:
                    return
        except OSError as error:
            if time.monotonic() > deadline:
                tail = log.read_text(errors="replace")[-3000:]
                raise RuntimeError(
                    f"{url} does not answer ({error}); {log.name}:\n{tail}"
                ) from None
        time.sleep(0.5)


def _line(label: str, load: Load, size: int) -> str:
    return (
        f"  {label:<44}{size:>9,}{load.per_second:>9.0f}{load.p50_ms:>9.2f}{load.p99_ms:>9.2f}"
        f"{load.errors:>8}"
    )


# --- The benchmark -----------------------------------------------------------------------------


def _prepare(env: dict[str, str], prod: Path) -> tuple[str, str]:
    """Migrate, load the demo (development settings, as prod-local does), collect the static
    files and make the city specialist's token with the production settings; (article path,
    token)."""
    tuyengiao = str(Path(sys.executable).with_name("tuyengiao"))
    subprocess.run([tuyengiao, "migrate", "--noinput", "-v0"], env=env, cwd=prod, check=True)
    started = time.perf_counter()
    loaded = subprocess.run(
        [tuyengiao, "demo_load", "--settings=tuyengiao.settings.dev"],
        env=env,
        cwd=prod,
        capture_output=True,
        text=True,
    )
    if loaded.returncode != 0:
        raise RuntimeError(f"demo_load failed:\n{loaded.stdout[-2000:]}{loaded.stderr[-3000:]}")
    print(f"  demo loaded in {time.perf_counter() - started:.0f} s", flush=True)

    setup_django(env["DATABASE_URL"], str(prod), **env)
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connections
    from wagtail.models import APIToken

    from tuyengiao.portal.models import ArticlePage

    call_command("collectstatic", interactive=False, verbosity=0)
    articles = ArticlePage.objects.live()
    article = (
        articles.filter(title__startswith=ARTICLE_TITLE).first() or articles.order_by("pk").first()
    )
    if article is None:
        raise RuntimeError("the demo has no live article")
    user = get_user_model().objects.get(username=USERNAME)
    _token, plaintext = APIToken.create_token(user=user, name="Đo hiệu năng")
    path = article.url
    connections.close_all()
    return path, plaintext


def run(database_url: str, folder: str) -> list[Result]:
    database = database_label(database_url)
    missing = ensure_commands(
        {"nginx": "nginx", "redis-server": "redis-server", "openssl": "openssl", "wrk": "wrk"}
    )
    if missing:
        note = f"needs {', '.join(missing)} (apt-get install, as root)"
        return [Result(NAME, "article page via nginx", database, None, "req/s", note=note)]

    prod = Path(folder)
    for sub in ("data", "log", "run", "redis", "tls", "home", "nginx/tmp", "nginx/cache"):
        (prod / sub).mkdir(parents=True, exist_ok=True)
    (prod / "bare").mkdir()
    os.chmod(prod, 0o755)  # nginx's workers run as another user: they read static/, write tmp/
    for sub in ("nginx", "nginx/tmp", "nginx/cache"):
        os.chmod(prod / sub, 0o777)
    names = ("https_port", "http_port", "web1", "web2", "redis_port")
    ports = {name: free_port() for name in names}
    address = f"https://127.0.0.1:{ports['https_port']}"
    alphabet = string.ascii_letters + string.digits
    env = django_env(
        database_url,
        str(prod / "data"),
        DJANGO_SETTINGS_MODULE="bench_production_settings",
        PYTHONPATH=os.pathsep.join([str(prod), str(ROOT / "src")]),
        SECRET_KEY="".join(secrets.choice(alphabet) for _ in range(50)),
        ALLOWED_HOSTS="127.0.0.1",
        BASE_URL=address,
        CSRF_TRUSTED_ORIGINS=address,
        REDIS_URL=f"redis://127.0.0.1:{ports['redis_port']}/0",
        TRUSTED_PROXY_COUNT="1",
        TWO_FACTOR_REQUIRED="false",
        HOME=str(prod / "home"),
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT="9",
    )
    # As on a server, where installing the packages compiled their bytecode: the servers
    # (and a worker replaced after max_requests) import compiled modules, kept in the run's
    # folder, even where the calling environment asks Python not to write them.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(prod / "pycache")
    Path(prod, "bench_production_urls.py").write_text(BENCH_URLS)
    Path(prod, "bench_production_settings.py").write_text(BENCH_SETTINGS)
    _certificate(prod)
    context = ssl.create_default_context(cafile=str(prod / "tls" / "cert.pem"))
    conf = render_nginx(prod, ports)

    with contextlib.ExitStack() as stack:
        redis = stack.enter_context(
            _process(
                [
                    "redis-server",
                    "--port",
                    str(ports["redis_port"]),
                    "--bind",
                    "127.0.0.1",
                    "--dir",
                    str(prod / "redis"),
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                ],
                prod / "log" / "redis.log",
            )
        )
        _wait_for(redis, ports["redis_port"], prod / "log" / "redis.log")
        path, token = _prepare(env, prod)

        python = str(Path(sys.executable))
        for web in ("web1", "web2"):
            log = prod / "log" / f"{web}.log"
            server = stack.enter_context(
                _process(
                    [python, "-m", "gunicorn", "-c", str(GUNICORN_CONF), "tuyengiao.wsgi"],
                    log,
                    env={
                        **env,
                        "GUNICORN_BIND": f"127.0.0.1:{ports[web]}",
                        "WEB_WORKERS": str(WEB_WORKERS),
                    },
                    cwd=prod,
                )
            )
            _wait_for(server, ports[web], log)
            # Its workers load the application after they start: wait until one answers.
            _answering(f"http://127.0.0.1:{ports[web]}/api/v1/version", None, log)
        error_log = prod / "log" / "nginx-error.log"
        subprocess.run(
            ["nginx", "-t", "-q", "-e", str(error_log), "-c", str(conf)],
            check=True,
        )
        nginx = stack.enter_context(
            _process(
                ["nginx", "-e", str(error_log), "-c", str(conf), "-g", "daemon off;"],
                prod / "log" / "nginx.out",
            )
        )
        _wait_for(nginx, ports["https_port"], error_log)
        _answering(f"{address}/api/v1/version", context, error_log)
        results = _measure(
            address,
            path,
            token,
            prod,
            context,
            database,
        )
    return results


LABELS = {
    "article": "(a) article page (platform)",
    "bare article": "(c) same bytes, bare Django view",
    "static": "(d) same bytes, static file (nginx only)",
    "api": "(b) API document list (platform, token)",
    "bare api": "(c) same bytes, bare Django view",
}


def _rounds(urls: dict[str, str], names: tuple[str, ...], auth: str) -> dict[str, Load]:
    """The best of ``ROUNDS`` wrk runs of each URL, alternating, so that a busy moment of the
    shared machine hits them all."""
    loads: dict[str, list[Load]] = {name: [] for name in names}
    for _ in range(ROUNDS):
        for name in names:
            headers = [f"Authorization: {auth}"] if name == "api" else []
            loads[name].append(wrk(urls[name], SECONDS, CONNECTIONS, headers, WRK_TIMEOUT))
    return {name: max(runs, key=lambda load: load.per_second) for name, runs in loads.items()}


def _print_table(title: str, best: dict[str, Load], sizes: dict[str, int]) -> None:
    print(f"  {title:<44}{'bytes':>9}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for name, load in best.items():
        print(_line(LABELS[name], load, sizes[name]))


def _measure(
    address: str,
    path: str,
    token: str,
    prod: Path,
    context: ssl.SSLContext,
    database: str,
) -> list[Result]:
    auth = f"Bearer {token}"
    article, article_headers = _get(address + path, context)
    api, api_headers = _get(address + API_PATH, context, {"Authorization": auth})
    json.loads(api)  # a real answer, not an error page
    bare = prod / "bare"
    for name, body, headers in (("article", article, article_headers), ("api", api, api_headers)):
        (bare / name).write_bytes(body)
        (bare / f"{name}.type").write_text(headers.get("Content-Type", "text/html"))
    # The upper bound: the same bytes as a file under /static/ (try_files, same nginx, TLS).
    static_folder = prod / "data" / "static" / "bench"
    static_folder.mkdir(parents=True, exist_ok=True)
    (static_folder / "article.html").write_bytes(article)
    os.chmod(static_folder, 0o755)
    urls = {
        "article": address + path,
        "bare article": f"{address}/bench/bare/article/",
        "static": f"{address}/static/bench/article.html",
        "api": address + API_PATH,
        "bare api": f"{address}/bench/bare/api/",
    }
    for name in ("article", "api"):
        served, _ = _get(urls[f"bare {name}"], context)
        assert served == (bare / name).read_bytes()
    assert _get(urls["static"], context)[0] == article
    # Every worker warm: each renders the page once (then it comes from the page cache).
    for _ in range(50):
        for name, url in urls.items():
            _get(url, context, {"Authorization": auth} if name == "api" else None)
    cache = {
        "article": article_headers.get("X-Cache-Status", ""),
        "api": api_headers.get("X-Cache-Status", ""),
    }
    print(
        f"  {address}: {APP_SERVERS} gunicorns × {WEB_WORKERS} workers (deploy/gunicorn.conf.py), "
        f"{CONNECTIONS} connections, {SECONDS} s × best of {ROUNDS}; article {path}; "
        f"X-Cache-Status of nginx: article {cache['article'] or '—'}, API {cache['api'] or '—'}",
        flush=True,
    )
    sizes = {"article": len(article), "api": len(api), "static": len(article)}
    sizes["bare article"], sizes["bare api"] = sizes["article"], sizes["api"]
    best = _rounds(urls, tuple(urls), auth)
    _print_table("as deployed (via nginx, HTTPS)", best, sizes)

    extra: dict[str, object] = {
        "as_deployed": {name: load.__dict__ for name, load in best.items()},
        "bytes": sizes,
        "article_path": path,
        "x_cache_status": cache,
    }

    def errors(loads: dict[str, Load], *names: str) -> str:
        counted = {name: loads[name].errors for name in names if loads[name].errors}
        return "; ".join(f"{LABELS[name]}: {count} errors" for name, count in counted.items())

    results = []
    for name, label in (
        ("article", f"article page via nginx ({len(article) / 1024:.0f} KB)"),
        ("api", f"API documents list via nginx ({len(api) / 1024:.0f} KB)"),
    ):
        ours, reference = best[name], best[f"bare {name}"]
        results += [
            Result(
                NAME,
                label,
                database,
                ours.per_second,
                "req/s",
                reference=reference.per_second,
                reference_label="bare Django view",
                note=errors(best, name, f"bare {name}"),
                extra=extra,
            ),
            Result(
                NAME,
                f"{label} p50",
                database,
                ours.p50_ms,
                "ms",
                reference=reference.p50_ms,
                reference_label="bare Django view",
            ),
            Result(
                NAME,
                f"{label} p99",
                database,
                ours.p99_ms,
                "ms",
                reference=reference.p99_ms,
                reference_label="bare Django view",
            ),
        ]
    results.append(
        Result(
            NAME,
            "bare Django view (article bytes) via nginx",
            database,
            best["bare article"].per_second,
            "req/s",
            reference=best["static"].per_second,
            reference_label="static file, nginx",
            note=errors(best, "static"),
        )
    )
    return results


if __name__ == "__main__":
    main(NAME, run, __file__)
