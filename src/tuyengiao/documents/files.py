"""Files attached to documents: checked on upload, stored, their text read in the background
(with OCR for scans when available), and the form pre-filled from a file's header."""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import replace
from functools import partial
from pathlib import Path

from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from tuyengiao.core.actors import Actor
from tuyengiao.core.audit import audit
from tuyengiao.documents.extraction import (
    NO_OCR_NOTE,
    SCAN_SKIPPED_NOTE,
    ExtractionError,
    ocr_available,
    read_text,
)
from tuyengiao.documents.header import HeaderGuess, guess_header
from tuyengiao.documents.models import Document, DocumentFile
from tuyengiao.documents.services import document_body_set, require_editor
from tuyengiao.documents.uploads import (
    HEAD_BYTES,
    check_content,
    check_upload,
    display_name,
    max_upload_bytes,
    stored_type,
)

# The form reads this many PDF pages to guess the header: it is on the first one.
_PREFILL_PAGES = 2
_STORED_STEM_LENGTH = 80
# Wagtail refuses unregistered log actions; files change the document, so its "edit" action
# is used, with ``file_added`` / ``file_removed`` in the data.
FILE_AUDIT_ACTION = "wagtail.edit"


def read_upload(uploaded: UploadedFile) -> tuple[str, str, bytes]:
    """Check ``uploaded`` and return its display name, kind and content.

    The declared size and the first bytes are checked before the rest is read, so a file
    over the limit is refused having read :data:`HEAD_BYTES` of it; at most one byte over the
    limit is ever read, in case the declared size lies.
    """
    name = display_name(uploaded.name or "")
    if hasattr(uploaded, "seek"):
        uploaded.seek(0)
    head = uploaded.read(HEAD_BYTES)
    declared = uploaded.size if uploaded.size is not None else len(head)
    kind = check_upload(name, uploaded.content_type or "", declared, head)
    content = head + uploaded.read(max_upload_bytes() + 1 - len(head))
    if len(content) != declared:
        kind = check_upload(name, uploaded.content_type or "", len(content), head)
    check_content(kind, content, name=name)
    return name, kind, content


def stored_name(name: str, extension: str) -> str:
    """A safe file name for storage: the original stem, cleaned and shortened, with the
    extension of what the content is."""
    try:
        stem = get_valid_filename(Path(name).stem)[:_STORED_STEM_LENGTH].strip("._")
    except SuspiciousFileOperation:
        stem = ""
    return f"{stem or 'tep'}.{extension}"


@transaction.atomic
def document_body_refresh(*, document: Document) -> Document:
    """Set the document's body to the texts of its files that have been read, in the order
    they were attached, and suggest the relations they reveal."""
    locked = Document.objects.select_for_update().get(pk=document.pk)
    texts = (
        DocumentFile.objects.filter(document=locked, text_status=DocumentFile.TextStatus.DONE)
        .order_by("pk")
        .values_list("text", flat=True)
    )
    return document_body_set(
        document=locked, text="\n\n".join(text for text in texts if text.strip())
    )


def document_file_attach(
    *, document: Document, uploaded: UploadedFile, actor: Actor
) -> DocumentFile:
    """Attach an uploaded file to ``document`` and have its text read in the background.

    The file must be a PDF, DOCX or image (PNG, JPEG, TIFF) by its content, not empty, within
    ``DOCUMENTS_MAX_UPLOAD_MB`` and readable; the same file (same SHA-256) is attached to a
    document once. A refusal raises ``ValidationError({"file": …})`` (or ``PermissionDenied``)
    and leaves nothing behind: no row, no stored file. ``read_document_file`` is enqueued
    when the transaction commits.
    """
    from tuyengiao.documents.tasks import read_document_file

    require_editor(actor, document.owner)
    name, kind, content = read_upload(uploaded)
    digest = hashlib.sha256(content).hexdigest()
    content_type, extension = stored_type(kind, content)
    with transaction.atomic():
        # Locking the document serialises two uploads of the same file.
        locked = Document.objects.select_for_update().get(pk=document.pk)
        twin = locked.files.filter(sha256=digest).first()
        if twin is not None:
            raise ValidationError(
                {
                    "file": ValidationError(
                        _("File “%(name)s” is already attached to this document (“%(twin)s”)."),
                        code="duplicate",
                        params={"name": name, "twin": twin.original_name},
                    )
                }
            )
        record = DocumentFile(
            document=locked,
            original_name=name[:255],
            content_type=content_type,
            size=len(content),
            sha256=digest,
        )
        record.file.save(stored_name(name, extension), ContentFile(content), save=False)
        try:
            record.save()
            audit(
                instance=locked,
                action=FILE_AUDIT_ACTION,
                actor=actor,
                data={
                    "file_added": record.original_name,
                    "size": record.size,
                    "sha256": digest,
                },
            )
        except BaseException:
            # The row is rolled back with the transaction; the written file is not.
            record.file.storage.delete(record.file.name)
            raise
        # robust: the upload is saved even if the queue is down; the file stays "waiting".
        transaction.on_commit(partial(read_document_file.enqueue, record.pk), robust=True)
    return record


@transaction.atomic
def document_file_remove(*, file: DocumentFile, actor: Actor) -> Document:
    """Remove a file from its document: the row, the stored file (once the transaction has
    committed, so a rollback keeps it) and its text from the document's body."""
    require_editor(actor, file.document.owner)
    document = Document.objects.select_for_update().get(pk=file.document_id)
    storage, stored = file.file.storage, file.file.name
    data = {"file_removed": file.original_name, "sha256": file.sha256}
    file.delete()
    audit(instance=document, action=FILE_AUDIT_ACTION, actor=actor, data=data)
    if stored:
        transaction.on_commit(partial(storage.delete, stored), robust=True)
    return document_body_refresh(document=document)


def prefill_from_file(uploaded: UploadedFile) -> HeaderGuess:
    """Guess the registration form's fields from an uploaded file, before it is saved.

    The upload is checked as for :func:`document_file_attach` (``ValidationError`` when
    refused). A DOCX and the text layer of a PDF's first pages are read here, at once; OCR
    would keep the form waiting, so an image or a scanned first page gives an empty guess
    whose ``note`` says the text is read after saving.
    """
    name, kind, content = read_upload(uploaded)
    scan_note = SCAN_SKIPPED_NOTE if ocr_available() else NO_OCR_NOTE
    if kind == "image":
        return HeaderGuess(note=scan_note)
    _content_type, extension = stored_type(kind, content)
    with tempfile.TemporaryDirectory(prefix="tg-prefill-") as workdir:
        path = Path(workdir) / f"upload.{extension}"
        path.write_bytes(content)
        try:
            result = read_text(path, kind, ocr=False, max_pages=_PREFILL_PAGES)
        except ExtractionError as error:
            return HeaderGuess(note=str(error))
    if 1 in result.unread_pages:
        return HeaderGuess(note=scan_note)
    guess = guess_header(result.text)
    if guess.is_empty:
        note = _("The document's header was not recognised in file “%(name)s”.")
        return replace(guess, note=note % {"name": name})
    return guess
