"""Background tasks of the document registry (django-tasks).

Reading a file's text can take minutes (OCR of a scan), so it runs in the task worker
(``manage.py db_worker``), never in the request. Progress and the outcome are written on the
``DocumentFile`` row as they happen, with single-row updates outside any transaction, so the
page that shows the file can poll them.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from tuyengiao.core.progress import RowProgress
from tuyengiao.documents.extraction import ExtractionError, read_text
from tuyengiao.documents.models import DocumentFile
from tuyengiao.documents.uploads import DOCX_MIME

logger = logging.getLogger(__name__)

_ERROR_LENGTH = 500


def kind_of(record: DocumentFile) -> str | None:
    """The kind (``pdf``, ``docx``, ``image``) of a stored file, from the content type the
    upload checks detected."""
    if record.content_type == "application/pdf":
        return "pdf"
    if record.content_type == DOCX_MIME:
        return "docx"
    if record.content_type.startswith("image/"):
        return "image"
    return None


def _update(file_id: int, **fields: object) -> None:
    DocumentFile.objects.filter(pk=file_id).update(updated_at=timezone.now(), **fields)


@contextmanager
def _local_path(field: FieldFile) -> Iterator[Path]:
    """A path on this machine holding the stored file: the file itself on a file-system
    storage, else a temporary copy (object storage has no path)."""
    try:
        local = field.path
    except NotImplementedError:
        local = None
    if local is not None:
        yield Path(local)
        return
    suffix = Path(field.name or "").suffix
    with tempfile.NamedTemporaryFile(suffix=suffix, prefix="tg-file-") as copy:
        with field.open("rb") as source:
            shutil.copyfileobj(source, copy)
        copy.flush()
        yield Path(copy.name)


def _fail(file_id: int, message: str) -> str:
    _update(file_id, text_status=DocumentFile.TextStatus.FAILED, error=message[:_ERROR_LENGTH])
    return DocumentFile.TextStatus.FAILED


@task()
def read_document_file(file_id: int) -> str:
    """Read the text of the ``DocumentFile`` ``file_id`` and refresh its document's body.

    Sets the status to running, saves progress (0–100) while reading, then stores the text,
    whether OCR was used and status done (with a note in ``error`` when part of the file
    could not be read, e.g. a scan without OCR), or status failed with a short ``error`` in
    the site's language (the worker runs in ``LANGUAGE_CODE``, Vietnamese). Then the
    document's body becomes the texts of all its files that are done, and relations cited
    there are suggested. Returns the final status.
    """
    from tuyengiao.documents.files import document_body_refresh

    record = DocumentFile.objects.select_related("document").filter(pk=file_id).first()
    if record is None:
        # Removed before the worker reached it: nothing to read.
        return "missing"
    _update(
        file_id,
        text_status=DocumentFile.TextStatus.RUNNING,
        text_progress=0,
        used_ocr=False,
        error="",
    )
    kind = kind_of(record)
    if kind is None:
        return _fail(file_id, _("This kind of file cannot be read."))
    if not record.file or not record.file.storage.exists(record.file.name):
        return _fail(file_id, _("The stored file was not found on the server."))
    try:
        with _local_path(record.file) as path:
            result = read_text(
                path, kind, progress=RowProgress(DocumentFile, file_id, "text_progress")
            )
    except ExtractionError as error:
        return _fail(file_id, str(error))
    except Exception:
        logger.exception("reading DocumentFile %s failed", file_id)
        _fail(file_id, _("Unexpected error while reading the file; please tell the administrator."))
        raise  # the task backend records the traceback too
    _update(
        file_id,
        text=result.text,
        used_ocr=result.used_ocr,
        text_status=DocumentFile.TextStatus.DONE,
        text_progress=100,
        error=result.note[:_ERROR_LENGTH],
    )
    try:
        document_body_refresh(document=record.document)
    except ValidationError:
        # The document itself no longer validates (edited meanwhile); the text is kept on
        # the file and goes into the body at the next refresh.
        logger.exception("could not set the body of document %s", record.document_id)
    return DocumentFile.TextStatus.DONE
