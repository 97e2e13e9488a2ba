"""The ``tuyengiao`` command: Django's manage.py with the platform's settings.

Configuration problems end in one line that names the variable, not in a traceback.
``--settings`` and ``--pythonpath`` are applied before the settings load, as manage.py does,
so that ``tuyengiao check --deploy --settings=tuyengiao.settings.production`` checks what it
says.
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
    from django.core.management.base import CommandParser, handle_default_options
    from django.db.utils import OperationalError

    from tuyengiao.settings.env import mask_url

    # Django reads these options only once the settings are loaded; here they are loaded
    # first (to report errors plainly), so apply them before.
    early = CommandParser(add_help=False, allow_abbrev=False)
    early.add_argument("--settings")
    early.add_argument("--pythonpath")
    options, _ = early.parse_known_args(argv[2:])
    handle_default_options(options)

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
