"""Stored files that are never a public address.

Document files, activity photos and files, report templates and written reports are internal
records: they are kept in their own folder (``PRIVATE_FILES_ROOT``, outside ``MEDIA_ROOT``,
which the web server may publish for the portal's pictures) by :class:`PrivateStorage`, whose
``url()`` refuses to answer, so no template or API can hand out a direct link by mistake.
Each file is fetched through a view that first asks the same selector as the page that links
it, then calls :func:`serve_file`:

- in production (``FILES_ACCEL_REDIRECT_PREFIX`` set, e.g. ``/protected/``), the answer is an
  empty response whose ``X-Accel-Redirect`` header tells nginx which file to send from an
  ``internal`` location: Python never streams the bytes, and a slow download holds no worker;
- in development (the prefix empty), Django streams the file itself.

nginx, beside its ``proxy_pass`` to the application (the alias is ``PRIVATE_FILES_ROOT``)::

    location /protected/ {
        internal;
        alias /srv/tuyengiao/var/private/;
    }

and ``/media/`` published for the portal's pictures only (``/media/images/`` and
``/media/original_images/``), never for the private folder.

Stored names carry a random folder (:func:`unguessable_path`), so even a leaked folder listing
or a misconfigured server does not let anyone guess the next file's address.
"""

from __future__ import annotations

import secrets
import shutil
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.signals import setting_changed
from django.db.models import Model
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header

PRIVATE_STORAGE = "private"


class PrivateStorage(FileSystemStorage):
    """Files on disk under ``PRIVATE_FILES_ROOT`` with no public address."""

    def __init__(self, location: str | None = None, **kwargs: Any) -> None:
        super().__init__(location=location, **kwargs)
        self._private_location = location
        # Tests point the folder elsewhere with the ``settings`` fixture.
        setting_changed.connect(self._forget_location)

    @cached_property
    def base_location(self) -> str:
        return str(self._value_or_setting(self._private_location, settings.PRIVATE_FILES_ROOT))

    def _forget_location(self, setting: str, **kwargs: Any) -> None:
        if setting == "PRIVATE_FILES_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name: str | None) -> str:
        raise ValueError(
            "Private files have no public URL; link to the view that serves them instead."
        )


def private_storage() -> Storage:
    """The storage of internal files (a callable, so that tests and settings can change it)."""
    return storages[PRIVATE_STORAGE]


def unguessable_path(folder: str, filename: str) -> str:
    """``folder/<random token>/filename``: a stored name nobody can guess from the record."""
    return f"{folder}/{secrets.token_urlsafe(12)}/{filename}"


def serve_file(
    request: HttpRequest,
    field_file: FieldFile,
    *,
    filename: str,
    as_attachment: bool,
    content_type: str | None = None,
) -> HttpResponseBase:
    """The stored ``field_file`` as a response, once the caller has checked who may see it.

    ``filename`` is what the browser saves (Vietnamese names encoded per RFC 6266/5987);
    ``as_attachment=False`` lets a photo show in the page. ``Cache-Control: private`` keeps
    shared caches from handing an internal file to someone else.
    """
    if not field_file:
        raise Http404("No file.")
    prefix = settings.FILES_ACCEL_REDIRECT_PREFIX
    response: HttpResponseBase
    if prefix:
        response = HttpResponse(content_type=content_type or "application/octet-stream")
        # nginx decodes the URI before looking the file up, so the name is percent-encoded.
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(field_file.name or "")
        disposition = content_disposition_header(as_attachment, filename)
        if disposition:
            response["Content-Disposition"] = disposition
    else:
        try:
            handle = field_file.open("rb")
        except FileNotFoundError:
            raise Http404("File missing from storage.") from None
        extra = {"content_type": content_type} if content_type else {}
        response = FileResponse(handle, as_attachment=as_attachment, filename=filename, **extra)
    response["Cache-Control"] = "private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def move_into_private_storage(model: type[Model], field: str, *, back: bool = False) -> None:
    """Move the files ``model.field`` names from ``MEDIA_ROOT`` into the private folder (or
    ``back``), for the migrations that made them private. Names stay as they are, so existing
    rows keep working; a file already moved, or missing, is left alone (the step can re-run).
    """
    public, private = Path(settings.MEDIA_ROOT), Path(private_storage().path(""))
    source, target = (private, public) if back else (public, private)
    names = model._default_manager.exclude(**{field: ""}).values_list(field, flat=True)
    for name in names.iterator(chunk_size=500):
        old, new = source / name, target / name
        if old.is_file() and not new.exists():
            new.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(old, new)
