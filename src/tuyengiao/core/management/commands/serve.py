"""``tuyengiao serve``: the web server and the background-task worker together.

Both run as child processes in their own process groups, so that stopping them also stops
the auto-reloaders they spawn. Ctrl-C (or SIGTERM) stops both; if either exits, so does the
other, and the command ends with its exit code. Daily background work
(``DAILY_TASK_SCHEDULERS``) is queued at start; a run already waiting is not queued twice.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from types import FrameType

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

GRACE_SECONDS = 10


class _Stop(Exception):
    pass


def _raise_stop(signum: int, frame: FrameType | None) -> None:
    raise _Stop


class Command(BaseCommand):
    help = "Chạy máy chủ web và tiến trình tác vụ nền cùng lúc; Ctrl-C dừng cả hai."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument(
            "--noreload", action="store_true", help="Không tự khởi động lại khi mã nguồn thay đổi."
        )

    def handle(self, *args: object, addrport: str, noreload: bool, **options: object) -> None:
        command = [sys.executable, "-m", "tuyengiao"]
        reload_flags = (["--noreload"], ["--no-reload"]) if noreload else ([], [])
        children = {
            "web": [*command, "runserver", addrport, *reload_flags[0]],
            "worker": [*command, "db_worker", *reload_flags[1]],
        }
        for path in settings.DAILY_TASK_SCHEDULERS:
            import_string(path)()
        signal.signal(signal.SIGTERM, _raise_stop)
        processes = {
            name: subprocess.Popen(argv, start_new_session=True) for name, argv in children.items()
        }
        self.stdout.write(f"Máy chủ web: http://{addrport}/ — quản trị: http://{addrport}/admin/")
        self.stdout.write("Nhấn Ctrl-C để dừng máy chủ web và tiến trình tác vụ nền.")
        exit_code = 0
        try:
            while True:
                for name, process in processes.items():
                    if process.poll() is not None:
                        exit_code = process.returncode
                        self.stderr.write(f"Tiến trình {name} đã dừng (mã {exit_code}).")
                        raise _Stop
                time.sleep(0.5)
        except (KeyboardInterrupt, _Stop):
            pass
        finally:
            _stop_all(list(processes.values()))
        if exit_code:
            sys.exit(exit_code)


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
