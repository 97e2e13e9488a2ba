"""The ``tuyengiao`` command: Django's manage.py with the platform's settings.

Configuration problems end in one line that names the variable, not in a traceback.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command (``tuyengiao migrate``, ``tuyengiao serve`` …)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuyengiao.settings.dev")
    argv = list(sys.argv if argv is None else argv)

    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db.utils import OperationalError

    from tuyengiao.settings.env import mask_url

    try:
        from django.conf import settings

        settings.INSTALLED_APPS  # noqa: B018 - load settings now, to report errors plainly
    except ImproperlyConfigured as exc:
        sys.exit(f"tuyengiao: {exc}")

    try:
        execute_from_command_line(argv)
    except OperationalError as exc:
        url = mask_url(os.environ.get("DATABASE_URL", "")) or "SQLite mặc định"
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        sys.exit(f"tuyengiao: không kết nối được cơ sở dữ liệu theo DATABASE_URL ({url}): {reason}")
