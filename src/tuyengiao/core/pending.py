"""Files a person uploaded for a form they have not confirmed yet.

A file waits in VAR_DIR/pending/ (not under MEDIA_ROOT, which may be served) under a random
token that only the uploader's session knows; each purpose keeps one file, and a new upload
replaces the previous one.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest


class PendingUpload:
    """The one waiting upload of ``purpose`` in this session."""

    def __init__(self, request: HttpRequest, purpose: str) -> None:
        self.session = request.session
        self.key = f"pending_upload:{purpose}"

    @staticmethod
    def _folder() -> Path:
        folder = Path(settings.VAR_DIR) / "pending"
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    @property
    def name(self) -> str | None:
        entry = self.session.get(self.key)
        return entry["name"] if entry else None

    def keep(self, name: str, content: bytes) -> None:
        self.discard()
        token = secrets.token_urlsafe(16)
        (self._folder() / token).write_bytes(content)
        self.session[self.key] = {"token": token, "name": name}

    def read(self) -> tuple[str, bytes] | None:
        entry = self.session.get(self.key)
        if not entry:
            return None
        path = self._folder() / entry["token"]
        return (entry["name"], path.read_bytes()) if path.exists() else None

    def discard(self) -> None:
        entry = self.session.pop(self.key, None)
        if entry:
            (self._folder() / entry["token"]).unlink(missing_ok=True)
