"""``tuyengiao serve``: the web server and the background-task worker together.

Both run as child processes in their own process groups, so that stopping them also stops
the auto-reloaders they spawn. Ctrl-C (or SIGTERM) stops both. If the web server exits, the
worker is stopped too and the command ends with the web server's exit code. If the worker
exits (a crash, the OOM killer), it is started again after a pause that doubles from
``RESTART_FIRST_DELAY`` up to ``RESTART_MAX_DELAY`` while it keeps dying, and starts over once
a worker has run for ``RESTART_RESET_AFTER``; the task it was running is taken back by the
new worker (core/task_recovery.py). Daily background work (``DAILY_TASK_SCHEDULERS``) is
queued at start; a run already waiting is not queued twice.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from types import FrameType

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils.module_loading import import_string

GRACE_SECONDS = 10
RESTART_FIRST_DELAY = 1.0
RESTART_MAX_DELAY = 30.0
RESTART_RESET_AFTER = 60.0


class _Stop(Exception):
    pass


def _raise_stop(signum: int, frame: FrameType | None) -> None:
    raise _Stop


class Command(BaseCommand):
    help = "Chạy máy chủ web và tiến trình tác vụ nền cùng lúc; Ctrl-C dừng cả hai."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument(
            "--noreload", action="store_true", help="Không tự khởi động lại khi mã nguồn thay đổi."
        )

    def handle(self, *args: object, addrport: str, noreload: bool, **options: object) -> None:
        command = [sys.executable, "-m", "tuyengiao"]
        reload_flags = (["--noreload"], ["--no-reload"]) if noreload else ([], [])
        web_argv = [*command, "runserver", addrport, *reload_flags[0]]
        worker = _Restarting([*command, "db_worker", *reload_flags[1]], self.stderr.write)
        for path in settings.DAILY_TASK_SCHEDULERS:
            import_string(path)()
        signal.signal(signal.SIGTERM, _raise_stop)
        web = subprocess.Popen(web_argv, start_new_session=True)
        worker.start()
        self.stdout.write(f"Máy chủ web: http://{addrport}/ — quản trị: http://{addrport}/admin/")
        self.stdout.write("Nhấn Ctrl-C để dừng máy chủ web và tiến trình tác vụ nền.")
        exit_code = 0
        try:
            while True:
                if web.poll() is not None:
                    exit_code = web.returncode
                    self.stderr.write(f"Máy chủ web đã dừng (mã {exit_code}).")
                    raise _Stop
                worker.watch()
                time.sleep(0.5)
        except (KeyboardInterrupt, _Stop):
            pass
        finally:
            _stop_all([web, *worker.processes])
        if exit_code:
            sys.exit(exit_code)


class _Restarting:
    """The worker child, started again whenever it exits, after a growing pause."""

    def __init__(self, argv: list[str], say: Callable[[str], None]) -> None:
        self.argv = argv
        self.say = say
        self.process: subprocess.Popen[bytes] | None = None
        self.started_at = 0.0
        self.delay = RESTART_FIRST_DELAY
        self.restart_at = 0.0
        # Workers that exited but whose process group lives on (an auto-reloader that died,
        # its child finishing a task): stopped with the rest at the end. Forgotten as soon as
        # the group is empty, before its number can be given to another process.
        self.exited: list[subprocess.Popen[bytes]] = []

    @property
    def processes(self) -> list[subprocess.Popen[bytes]]:
        return [*self.exited, *([self.process] if self.process else [])]

    def start(self) -> subprocess.Popen[bytes]:
        self.process = subprocess.Popen(self.argv, start_new_session=True)
        self.started_at = time.monotonic()
        return self.process

    def watch(self) -> None:
        """Notice an exit and plan the restart; restart when the pause is over."""
        now = time.monotonic()
        self.exited = [process for process in self.exited if _group_alive(process)]
        if self.process is None:
            if now >= self.restart_at:
                process = self.start()
                self.say(f"Đã khởi động lại tiến trình tác vụ nền (pid {process.pid}).")
            return
        code = self.process.poll()
        if code is None:
            return
        if now - self.started_at >= RESTART_RESET_AFTER:
            self.delay = RESTART_FIRST_DELAY
        self.say(
            f"Tiến trình tác vụ nền đã dừng (mã {code}); khởi động lại sau {self.delay:g} giây."
        )
        _signal_group(self.process, signal.SIGTERM)
        self.exited.append(self.process)
        self.process = None
        self.restart_at = now + self.delay
        self.delay = min(self.delay * 2, RESTART_MAX_DELAY)


def _stop_all(processes: list[subprocess.Popen[bytes]]) -> None:
    """Stop each child's whole process group: politely, then by force after a grace period."""
    for process in processes:
        _signal_group(process, signal.SIGTERM)
    deadline = time.monotonic() + GRACE_SECONDS
    for process in processes:
        try:
            process.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            _signal_group(process, signal.SIGKILL)
            process.wait()


def _signal_group(process: subprocess.Popen[bytes], signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signum)


def _group_alive(process: subprocess.Popen[bytes]) -> bool:
    try:
        os.killpg(process.pid, 0)
    except ProcessLookupError:
        return False
    return True
