"""`make prod-check`: the rehearsal of `make prod-local`, tried through nginx as people and
faults would try it. Each check prints one line; the first that fails ends the run (exit 1).

Smoke: the portal and its static files, the HTTP→HTTPS redirect, signing in to the admin, the
API with a token, a Word report written by a task worker and downloaded through nginx's
internal location, that file refused to anyone else, a backup archive.

Faults, each under load and each recovering without a hand: a task worker killed while it
writes a report (another worker runs it again), an app server killed while pages are served
(no request fails), PostgreSQL restarted while activities are recorded (every acknowledged
write is kept, and the platform answers again by itself). Last, the app servers are stopped
gracefully and the article views counted across both of them must all be in the database.
"""

from __future__ import annotations

import http.cookiejar
import io
import json
import os
import re
import shlex
import signal
import ssl
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
PROD = REPO / "var" / "prod"
PASSWORD = "TuyenGiao@2026"
REPORT = {"form": "tuyen-giao-9-thang", "unit": "HN", "period": "2022N9"}


class CheckFailed(Exception):
    pass


def _read_pairs(path: Path) -> dict[str, str]:
    pairs = {}
    for line in path.read_text().splitlines():
        if line and not line.startswith("#") and "=" in line:
            key, _, value = line.partition("=")
            pairs[key] = value.strip('"')
    return pairs


STATE = _read_pairs(PROD / "state")
ENV = _read_pairs(PROD / "env")
ADDRESS = STATE["address"]
TLS = ssl.create_default_context(cafile=str(PROD / "tls" / "cert.pem"))


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Browser:
    """An HTTPS client with its own cookies that does not follow redirects."""

    def __init__(self, token: str = "") -> None:
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=TLS),
            urllib.request.HTTPCookieProcessor(self.cookies),
            NoRedirect,
        )
        self.token = token

    def request(
        self, method: str, path: str, data: Any = None, *, form: bool = False, timeout: float = 30
    ) -> tuple[int, dict[str, str], bytes]:
        headers = {"Referer": f"{ADDRESS}/"}
        body = None
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if data is not None and form:
            body = urllib.parse.urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif data is not None:
            body = json.dumps(data).encode()
            headers["Content-Type"] = "application/json"
        url = path if path.startswith("http") else f"{ADDRESS}{path}"
        request = urllib.request.Request(url, data=body, headers=headers, method=method)
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def get(self, path: str, **kwargs: Any) -> tuple[int, dict[str, str], bytes]:
        return self.request("GET", path, **kwargs)

    def json(self, method: str, path: str, data: Any = None) -> tuple[int, Any]:
        status, _headers, body = self.request(method, path, data)
        try:
            return status, json.loads(body or b"null")
        except ValueError:
            return status, body[:200]


def manage(*args: str, code: str = "") -> str:
    """A tuyengiao command as the rehearsal's user with its settings; its output."""
    run_as = shlex.split(STATE.get("run_as", ""))
    command = [*run_as, f"{STATE['bin']}/tuyengiao", *args]
    if code:
        command += ["--no-imports", "-c", code]
    done = subprocess.run(
        command, env={**os.environ, **ENV}, capture_output=True, text=True, timeout=300
    )
    if done.returncode:
        raise CheckFailed(f"tuyengiao {' '.join(args)}: {done.stderr.strip()[-500:]}")
    return done.stdout.strip()


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


def wait_for(what: str, probe: Callable[[], Any], seconds: float, every: float = 0.5) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = probe()
        if result:
            return result
        time.sleep(every)
    raise CheckFailed(f"{what}: not within {seconds:.0f} s")


def token_for(username: str) -> str:
    return manage(
        "shell",
        code=(
            "from wagtail.models import APIToken; from tuyengiao.core.models import User; "
            f"print(APIToken.create_token(user=User.objects.get(username={username!r}), "
            "name='Kiểm tra vận hành')[1])"
        ),
    )


def pids_of_worker(n: int) -> list[int]:
    found = subprocess.run(
        ["pgrep", "-f", rf"python[0-9.]* \S*/tuyengiao db_worker --worker-id prod-local-{n}$"],
        capture_output=True,
        text=True,
    )
    return [int(pid) for pid in found.stdout.split()]


def web_pids(port: str) -> list[int]:
    master = int((PROD / "run" / f"web-{port}.pid").read_text())
    children = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True)
    return [master, *(int(pid) for pid in children.stdout.split())]


def start_web(port: str) -> None:
    """Start one app server again, as systemd's Restart=always would."""
    run_as = shlex.split(STATE.get("run_as", ""))
    subprocess.run(
        [
            *run_as,
            f"{STATE['bin']}/gunicorn",
            "-c",
            str(REPO / "deploy" / "gunicorn.conf.py"),
            "--daemon",
            "--pid",
            str(PROD / "run" / f"web-{port}.pid"),
            "--error-logfile",
            str(PROD / "log" / f"web-{port}.log"),
            "tuyengiao.wsgi",
        ],
        env={**os.environ, **ENV, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_WORKERS": "2"},
        check=True,
        cwd=REPO,
    )


def under_load(
    action: Callable[[int], tuple[int, str]], fault: Callable[[], None], seconds: float
) -> list[tuple[int, str]]:
    """``action(i)`` from 12 threads for ``seconds``; ``fault()`` a third of the way in."""
    stop = threading.Event()
    results: list[tuple[int, str]] = []
    lock = threading.Lock()

    def client(k: int) -> None:
        i = 0
        while not stop.is_set():
            try:
                outcome = action(k * 100_000 + i)
            except (OSError, urllib.error.URLError) as error:
                outcome = (0, type(error).__name__)
            with lock:
                results.append(outcome)
            i += 1

    with ThreadPoolExecutor(max_workers=12) as pool:
        for k in range(12):
            pool.submit(client, k)
        try:
            time.sleep(seconds / 3)
            fault()
            time.sleep(seconds * 2 / 3)
        finally:
            stop.set()
    return results


# --- Smoke ------------------------------------------------------------------------------------


def check_portal() -> None:
    status, headers, body = Browser().get("/")
    expect(status == 200, f"portal home page: HTTP {status}")
    expect(
        re.fullmatch(r"[0-9a-f]{32}", headers.get("X-Request-ID", "")) is not None,
        "portal: no X-Request-ID from nginx",
    )
    static = re.search(rb'(/static/[^"\']+\.css)', body)
    expect(static is not None, "portal: no stylesheet under /static/")
    status, headers, _ = Browser().get(static.group(1).decode())
    expect(
        status == 200 and "immutable" in headers.get("Cache-Control", ""),
        f"static file: HTTP {status}, Cache-Control {headers.get('Cache-Control')!r}",
    )
    status, headers, _ = Browser().get(f"http://127.0.0.1:{STATE['http_port']}/gioi-thieu/")
    expect(
        status == 301 and headers.get("Location", "").startswith("https://"),
        f"plain HTTP: HTTP {status} to {headers.get('Location')!r}, not to HTTPS",
    )
    print("ok  portal, static files (a year, immutable), HTTP → HTTPS")


def check_admin_login() -> None:
    browser = Browser()
    status, _, body = browser.get("/admin/login/")
    expect(status == 200, f"admin login page: HTTP {status}")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    expect(token is not None, "admin login page: no CSRF token")
    status, _, _ = browser.request(
        "POST",
        "/admin/login/",
        {
            "csrfmiddlewaretoken": token.group(1).decode(),
            "username": "chuyenvien",
            "password": PASSWORD,
            "next": "/admin/",
        },
        form=True,
    )
    expect(status == 302, f"admin sign-in: HTTP {status}")
    status, _, body = browser.get("/admin/")
    expect(
        status == 200 and "Lê Thu Hà".encode() in body,
        f"admin after sign-in: HTTP {status}, the person's name not on the page",
    )
    print("ok  admin sign-in over HTTPS (secure session cookie)")


def check_api(browser: Browser) -> None:
    status, me = browser.json("GET", "/api/v1/me")
    expect(status == 200 and me["username"] == "chuyenvien", f"API /me: {status} {me}")
    status, version = browser.json("GET", "/api/v1/version")
    expect(status == 200 and version["pending_migrations"] == 0, f"API /version: {version}")
    expect(version["commit"] == ENV.get("TUYENGIAO_COMMIT", ""), f"API /version: {version}")
    status, health = wait_for(
        "health ok", lambda: (r := browser.json("GET", "/api/v1/health"))[0] == 200 and r, 30
    )
    expect(health["status"] == "ok", f"API /health: {health}")
    print(f"ok  API with a token; version {version['version']} ({version['commit']}); health ok")


def request_render(browser: Browser) -> int:
    status, render = browser.json("POST", "/api/v1/reporting/renders", {**REPORT, "format": "docx"})
    expect(status == 202, f"report render request: {status} {render}")
    return render["id"]


def render_done(browser: Browser, render_id: int, seconds: float) -> dict[str, Any]:
    def probe() -> Any:
        _, render = browser.json("GET", f"/api/v1/reporting/renders/{render_id}")
        expect(render["status"] != "failed", f"report render failed: {render['error']}")
        return render if render["status"] == "done" else None

    return wait_for("the Word report written by a worker", probe, seconds)


def check_render_and_protected_file(browser: Browser) -> None:
    render = render_done(browser, request_render(browser), 180)
    status, headers, body = browser.get(render["file"])
    expect(status == 200, f"report file through nginx: HTTP {status}")
    expect("X-Accel-Redirect" not in headers, "nginx leaked X-Accel-Redirect to the client")
    expect("attachment" in headers.get("Content-Disposition", ""), "report file: not an attachment")
    with zipfile.ZipFile(io.BytesIO(body)) as docx:
        text = docx.read("word/document.xml").decode()
    expect("BÁO CÁO" in text.upper(), "report file: no report title in the Word document")
    status, _, _ = Browser().get(render["file"])
    expect(status in (401, 403, 404), f"report file to nobody: HTTP {status}")
    status, _, _ = Browser(token_for("canbo.ngocha")).get(render["file"])
    expect(status in (403, 404), f"report file to a ward officer elsewhere: HTTP {status}")
    status, _, _ = Browser().get("/protected/anything.docx")
    expect(status == 404, f"nginx's internal location from outside: HTTP {status}")
    print(f"ok  Word report by a worker, {len(body):,} bytes through nginx; refused to others")


def check_backup() -> None:
    archive = PROD / "data" / "prod-check-backup.tar.gz"
    manage("backup", "-o", str(archive))
    expect(archive.is_file() and archive.stat().st_size > 0, "backup: no archive written")
    print(f"ok  backup while serving: {archive.stat().st_size / 1e6:.1f} MB")


# --- Faults -----------------------------------------------------------------------------------


def render_started(browser: Browser, render_id: int) -> dict[str, Any] | None:
    _, render = browser.json("GET", f"/api/v1/reporting/renders/{render_id}")
    return render if render["status"] in ("running", "done") else None


def check_worker_killed_mid_render(browser: Browser) -> None:
    for attempt in range(1, 6):
        workers = {n: pids_of_worker(n) for n in (1, 2)}
        expect(all(workers.values()), f"task workers not running: {workers}")
        for pid in workers[2]:
            os.kill(pid, signal.SIGSTOP)
        try:
            render_id = request_render(browser)
            probe = partial(render_started, browser, render_id)
            render = wait_for("a worker starts the render", probe, 60, every=0.02)
            if render["status"] == "running":
                for pid in workers[1]:
                    os.kill(pid, signal.SIGKILL)
        finally:
            for pid in workers[2]:
                os.kill(pid, signal.SIGCONT)
        if render["status"] != "running":
            continue  # written before it could be interrupted: try again
        started = time.monotonic()
        render_done(browser, render_id, 120)
        print(
            f"ok  a worker killed mid-render (try {attempt}): another wrote it "
            f"{time.monotonic() - started:.1f} s later"
        )
        return
    raise CheckFailed("the render always finished before its worker could be killed")


def check_app_server_killed_under_load() -> None:
    port = STATE["web_ports"].split()[0]
    browser = Browser()
    paths = ["/", "/api/v1/version"]

    def action(i: int) -> tuple[int, str]:
        status, _, _ = browser.get(paths[i % 2])
        return status, paths[i % 2]

    def kill() -> None:
        for pid in web_pids(port):
            os.kill(pid, signal.SIGKILL)

    results = under_load(action, kill, 9)
    failures = Counter(outcome for outcome in results if outcome[0] != 200)
    expect(not failures, f"requests failed while an app server was killed: {dict(failures)}")
    start_web(port)
    print(f"ok  an app server killed under load: {len(results)} requests, none failed")


def check_postgres_restarted_under_load(browser: Browser) -> None:
    prefix = f"Kiểm tra vận hành {int(time.time())}"
    acknowledged: list[str] = []

    def action(i: int) -> tuple[int, str]:
        title = f"{prefix} #{i}"
        status, _ = browser.json(
            "POST",
            "/api/v1/activities",
            {
                "type": "training_class",
                "unit": "HN",
                "title": title,
                "start_date": "2025-11-20",
                "figures": {"classes": 1, "learners": 30},
                "allow_duplicate": True,
            },
        )
        if status == 201:
            acknowledged.append(title)
        return status, "write"

    def restart() -> None:
        pg_ctl = [*shlex.split(STATE.get("pg_as", "")), f"{STATE['pg_bin']}/pg_ctl"]
        home = STATE["pg_home"]
        cluster = ["-D", f"{home}/data", "-w"]
        options = f"-p {STATE['pg_port']} -k {home} -c listen_addresses=127.0.0.1"
        quiet = {"check": True, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        subprocess.run([*pg_ctl, *cluster, "-m", "fast", "stop"], **quiet)
        subprocess.run(
            [*pg_ctl, *cluster, "-l", f"{home}/postgres.log", "-o", options, "start"],
            **quiet,
        )

    results = under_load(action, restart, 12)
    outcomes = Counter(status for status, _ in results)
    expect(acknowledged, f"no write acknowledged under load: {dict(outcomes)}")
    wait_for(
        "the API answers again after the restart",
        lambda: browser.json("GET", "/api/v1/version")[0] == 200,
        30,
    )
    stored = set(
        json.loads(
            manage(
                "shell",
                code=(
                    "import json; from tuyengiao.activities.models import Activity; "
                    f"print(json.dumps(list(Activity.objects.filter(title__startswith={prefix!r})"
                    ".values_list('title', flat=True))))"
                ),
            )
        )
    )
    lost = set(acknowledged) - stored
    expect(not lost, f"{len(lost)} acknowledged writes lost across the restart")
    status, _ = browser.json(
        "POST",
        "/api/v1/activities",
        {
            "type": "training_class",
            "unit": "HN",
            "title": f"{prefix} sau",
            "start_date": "2025-11-20",
            "figures": {"classes": 1, "learners": 30},
            "allow_duplicate": True,
        },
    )
    expect(status == 201, f"a write after the restart: HTTP {status}")
    print(
        f"ok  PostgreSQL restarted under load: {len(acknowledged)} writes acknowledged, all kept; "
        f"answers during the restart {dict(outcomes)}"
    )


def check_counts_survive_a_graceful_stop() -> None:
    code = (
        "from django.db.models import Sum; from tuyengiao.portal.models import ArticlePage, "
        "ArticleViews; page = ArticlePage.objects.live().order_by('pk').first(); "
        "print(page.url, ArticleViews.objects.filter(page=page).aggregate(n=Sum('count'))['n'] "
        "or 0)"
    )
    url, before = manage("shell", code=code).split()
    views = 60
    browser = Browser()
    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = list(pool.map(lambda _: browser.get(url)[0], range(views)))
    expect(statuses == [200] * views, f"article page: {Counter(statuses)}")
    for port in STATE["web_ports"].split():
        master = int((PROD / "run" / f"web-{port}.pid").read_text())
        os.kill(master, signal.SIGTERM)
        wait_for(f"app server {port} stops", lambda m=master: not _alive(m), 60)
    after = int(manage("shell", code=code).split()[1])
    expect(
        after - int(before) == views,
        f"article views: {after - int(before)} counted of {views} served by two app servers",
    )
    print(f"ok  {views} article views over two app servers, all counted after a graceful stop")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def main() -> int:
    try:
        check_portal()
        check_admin_login()
        browser = Browser(token_for("chuyenvien"))
        check_api(browser)
        check_render_and_protected_file(browser)
        check_backup()
        check_worker_killed_mid_render(browser)
        check_app_server_killed_under_load()
        check_postgres_restarted_under_load(browser)
        check_counts_survive_a_graceful_stop()
    except CheckFailed as failure:
        print(f"FAILED  {failure}", file=sys.stderr)
        return 1
    print("prod-check: every check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
