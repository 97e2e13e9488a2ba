"""What the platform's log records hold: the request's id, never the person behind it.

Django attaches the whole request to the records of failed requests; :class:`DropRequestDetails`
keeps only its method and path (no query string, cookies, headers or user), so that a log
collector never receives personal data. :data:`JSON_FORMATTER` is the one JSON layout, used by
the settings (``LOG_FORMAT=json``) and by gunicorn's own records (deploy/gunicorn.conf.py).
"""

from __future__ import annotations

import logging
from typing import Any

JSON_FORMATTER: dict[str, Any] = {
    "()": "pythonjsonlogger.json.JsonFormatter",
    "fmt": ["asctime", "levelname", "name", "message", "request_id"],
    "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
}


class DropRequestDetails(logging.Filter):
    """Replace a record's ``request`` by its method and path."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = record.__dict__.pop("request", None)
        if request is not None:
            record.method = getattr(request, "method", "")
            record.path = getattr(request, "path", "")
        return True
