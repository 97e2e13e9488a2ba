"""The ``tuyengiao`` command: plain one-line errors, and ``serve`` running web + worker."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def _run(args: list[str], env: dict[str, str], timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tuyengiao", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def clean_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a fresh shell, with the platform's files in a temporary folder."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY"}
    }
    env["VAR_DIR"] = str(tmp_path)
    return env


def _assert_one_line(result: subprocess.CompletedProcess, *fragments: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def test_database_that_cannot_connect_gives_one_line_naming_the_variable(clean_env):
    """A DATABASE_URL pointing nowhere ends in one line, password masked, no traceback."""
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    clean_env["DATABASE_URL"] = f"postgres://app:s3cret@127.0.0.1:{port}/tuyengiao"
    result = _run(["migrate", "--noinput"], clean_env)
    _assert_one_line(result, "DATABASE_URL", "app:***@")
    assert "s3cret" not in result.stderr


def test_malformed_setting_gives_one_line(clean_env):
    clean_env["SEARCH_BACKEND"] = "solr"
    _assert_one_line(_run(["check"], clean_env), "SEARCH_BACKEND")


@pytest.mark.parametrize(
    ("overrides", "variable"),
    [
        ({"DEBUG": "1", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "tg.vn"}, "DEBUG"),
        ({"ALLOWED_HOSTS": "tg.vn"}, "SECRET_KEY"),
        ({"SECRET_KEY": "x" * 50}, "ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_unsafe_settings(clean_env, overrides, variable):
    """Production will not start with debug on, the default secret, or no host names."""
    clean_env.update(overrides, DJANGO_SETTINGS_MODULE="tuyengiao.settings.production")
    clean_env.setdefault("ALLOWED_HOSTS", "")
    _assert_one_line(_run(["check"], clean_env), variable)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _children(pid: int) -> set[int]:
    """Every live descendant of ``pid`` (Linux /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier}
        found |= frontier
    return found


def _alive(pid: int) -> bool:
    """Running, not a zombie waiting for a parent that may never reap it (no init here)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read().decode()


def test_fresh_start_serves_portal_admin_and_worker_then_stops_cleanly(clean_env):
    """What ``make run`` does, end to end: migrate, demo data, then web + worker together;
    SIGTERM (as Ctrl-C) stops both, reloaders included."""
    assert _run(["migrate", "--noinput"], clean_env).returncode == 0
    demo = _run(["demo_load"], clean_env)
    assert demo.returncode == 0, demo.stderr
    assert "quantri" in demo.stdout
    assert "chuyenvien" in demo.stdout

    port = _free_port()
    serve = subprocess.Popen(
        [sys.executable, "-m", "tuyengiao", "serve", f"127.0.0.1:{port}"],
        env=clean_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                status, body = _get(f"http://127.0.0.1:{port}/api/v1/health")
                break
            except OSError:
                assert serve.poll() is None, serve.stdout.read()
                assert time.monotonic() < deadline, "the web server did not start in 90 s"
                time.sleep(0.5)
        assert status == 200
        assert json.loads(body)["status"] == "ok"
        assert "Cổng thông tin" in _get(f"http://127.0.0.1:{port}/")[1]
        assert "Đăng nhập Tuyên giáo số" in _get(f"http://127.0.0.1:{port}/admin/login/")[1]
        commands = {
            " ".join(Path(f"/proc/{pid}/cmdline").read_text().split("\0"))
            for pid in _children(serve.pid)
            if Path(f"/proc/{pid}/cmdline").exists()
        }
        assert any("runserver" in command for command in commands)
        assert any("db_worker" in command for command in commands)
        assert _run(["plan_reminders", "--schedule"], clean_env).stdout.endswith(
            "Đã có lịch chạy hằng ngày, hoặc hàng đợi không hỗ trợ hẹn giờ.\n"
        )
        descendants = _children(serve.pid)
    finally:
        serve.send_signal(signal.SIGTERM)
        returncode = serve.wait(timeout=30)
    assert returncode == 0
    time.sleep(0.5)
    assert not {pid for pid in descendants if _alive(pid)}
    with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.1", port)):
        pass


def test_settings_option_is_honoured(clean_env):
    """``--settings=`` on the command line chooses the settings module, never ignored."""
    result = _run(["diffsettings", "--settings=tuyengiao.settings.test"], clean_env)
    assert result.returncode == 0, result.stderr
    assert "ImmediateBackend" in result.stdout
    default = _run(["diffsettings"], clean_env)
    assert "ImmediateBackend" not in default.stdout


def test_settings_option_naming_a_missing_module_fails_loudly(clean_env):
    result = _run(["check", "--settings", "tuyengiao.settings.nonexistent"], clean_env)
    assert result.returncode != 0
    assert "tuyengiao.settings.nonexistent" in result.stderr
