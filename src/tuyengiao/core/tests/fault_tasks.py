"""A task for the fault tests (test_task_faults.py), importable by a real worker process.

It notes each run in a folder the test watches, then waits until the test lets it finish,
so that the test can kill the worker while the task is surely running.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from django_tasks import task

POLL_SECONDS = 0.1
GIVE_UP_SECONDS = 120


@task()
def wait_for_release(folder: str) -> int:
    """Write ``started-<pid>`` in ``folder``, wait for ``folder/release``, return the pid."""
    here = Path(folder)
    (here / f"started-{os.getpid()}").touch()
    deadline = time.monotonic() + GIVE_UP_SECONDS
    while not (here / "release").exists():
        if time.monotonic() > deadline:
            raise TimeoutError("never released")
        time.sleep(POLL_SECONDS)
    return os.getpid()
