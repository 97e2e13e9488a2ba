"""Checks on a file uploaded to a document: size, real type, and that it opens.

The type is read from the content (magic bytes), never from the name or the browser's content
type: a text file named ``.pdf`` or a PDF named ``.docx`` is refused. Checks run in two steps
so that a huge upload is refused before it is read:

1. :func:`check_upload` needs only the declared size and the first :data:`HEAD_BYTES` bytes:
   empty file, over the limit, not a PDF, DOCX, PNG, JPEG or TIFF, or a name whose extension
   says another kind than the content.
2. :func:`check_content` (with :func:`check_pdf`, :func:`check_docx`, :func:`check_image`)
   needs the whole content and opens it: a truncated PDF, a PDF without pages or with a
   password, a zip that is not a Word document, a broken image.

Every refusal is a ``ValidationError`` on the ``file`` field naming the file, in the
language of the request (Vietnamese for the site).
"""

from __future__ import annotations

import io
import warnings
import zipfile
from pathlib import PurePosixPath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image

# filetype reads at most this many bytes; the DOCX matcher looks for ``word/`` within them.
HEAD_BYTES = 8192
DEFAULT_MAX_UPLOAD_MB = 50
MB = 1024 * 1024

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# What the content may be, by filetype's MIME, and the kind it makes.
_ACCEPTED_MIMES = {
    "application/pdf": "pdf",
    DOCX_MIME: "docx",
    "image/png": "image",
    "image/jpeg": "image",
    "image/tiff": "image",
}
# The extensions a name may carry for each kind. Image subtypes may be mixed up (a PNG named
# .jpg is common and harmless): only the document kind must agree with the content.
_EXTENSIONS = {
    "pdf": frozenset({"pdf"}),
    "docx": frozenset({"docx"}),
    "image": frozenset({"png", "jpg", "jpeg", "jpe", "jfif", "tif", "tiff"}),
}
_KIND_LABELS = {"pdf": "PDF", "docx": "DOCX", "image": gettext_lazy("an image")}
# The MIME type and extension a stored file gets, from its content.
_IMAGE_FORMATS = {"PNG": ("image/png", "png"), "JPEG": ("image/jpeg", "jpg")}
_ZIP_MAGIC = b"PK\x03\x04"


def display_name(name: str) -> str:
    """The file's own name, without any folder a browser may have sent (``C:\\fakepath\\``)."""
    return PurePosixPath(name.replace("\\", "/")).name or _("unnamed file")


def max_upload_mb() -> float:
    """The largest upload accepted, in MB (``settings.DOCUMENTS_MAX_UPLOAD_MB``, default 50)."""
    return getattr(settings, "DOCUMENTS_MAX_UPLOAD_MB", DEFAULT_MAX_UPLOAD_MB)


def max_upload_bytes() -> int:
    """The largest upload accepted, in bytes."""
    return int(max_upload_mb() * MB)


def format_mb(size_bytes: float) -> str:
    """A size in MB the Vietnamese way: ``50 MB``, ``1,5 MB``, ``1.024 MB``."""
    value = round(size_bytes / MB, 1)
    whole, _, decimals = f"{value:,.1f}".partition(".")
    whole = whole.replace(",", ".")  # Vietnamese groups thousands with a dot
    return f"{whole} MB" if decimals == "0" else f"{whole},{decimals} MB"


def _refuse(message: str, **params: object) -> ValidationError:
    """A refusal on the ``file`` field; ``message`` is translated, with ``%(name)s``-style
    ``params``."""
    return ValidationError({"file": ValidationError(message, code="invalid", params=params)})


def _not_accepted(name: str) -> ValidationError:
    return _refuse(_("File “%(name)s” is not a PDF, DOCX or image (PNG, JPEG, TIFF)."), name=name)


def _detect(head: bytes) -> str | None:
    """The kind the first bytes say, or None. A zip that filetype cannot place is a DOCX
    candidate: python-docx writes ``word/`` after the first four entries, so only the full
    check (:func:`check_docx`) can tell."""
    guess = filetype.guess(head)
    if guess is not None and guess.mime in _ACCEPTED_MIMES:
        return _ACCEPTED_MIMES[guess.mime]
    if (guess is None or guess.mime == "application/zip") and head.startswith(_ZIP_MAGIC):
        return "docx"
    return None


def check_upload(name: str, content_type: str, size: int, head: bytes) -> str:
    """Check an upload from its declared ``size`` and first bytes; return its kind.

    The kind is ``"pdf"``, ``"docx"`` or ``"image"``. ``head`` is the start of the content
    (:data:`HEAD_BYTES` is enough); ``content_type`` is what the browser said and is ignored,
    since only the content is trusted. Raises ``ValidationError({"file": …})`` for an empty
    file, one over ``DOCUMENTS_MAX_UPLOAD_MB``, another type, or an extension that names
    another kind than the content. The size is checked first, so the caller can refuse a huge
    upload having read only its head. Call :func:`check_content` on the whole content next.
    """
    del content_type  # browsers guess it from the extension: it proves nothing
    shown = display_name(name)
    if size <= 0 or not head:
        raise _refuse(_("File “%(name)s” is empty (0 bytes): nothing to store."), name=shown)
    if size > max_upload_bytes():
        raise _refuse(
            _("File “%(name)s” is %(size)s, over the limit of %(limit)s per file."),
            name=shown,
            size=format_mb(size),
            limit=format_mb(max_upload_bytes()),
        )
    kind = _detect(head)
    if kind is None:
        raise _not_accepted(shown)
    suffix = PurePosixPath(shown).suffix.lower().lstrip(".")
    if suffix and suffix not in _EXTENSIONS[kind]:
        if not any(suffix in extensions for extensions in _EXTENSIONS.values()):
            raise _not_accepted(shown)
        raise _refuse(
            _(
                "File “%(name)s” ends in .%(suffix)s but its content is %(kind)s; please check "
                "the file before uploading it."
            ),
            name=shown,
            suffix=suffix,
            kind=str(_KIND_LABELS[kind]),
        )
    return kind


def check_pdf(content: bytes, *, name: str = "") -> int:
    """Check that ``content`` is a PDF pypdf can open, with pages and no password; return the
    number of pages."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    shown = display_name(name)
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise _refuse(
                _(
                    "File “%(name)s” is a PDF with a password; remove the password and upload "
                    "it again."
                ),
                name=shown,
            )
        pages = len(reader.pages)
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as error:
        # pypdf raises many types on damaged files; any of them means "cannot be read".
        raise _refuse(
            _(
                "File “%(name)s” is a damaged PDF (perhaps not fully uploaded) and cannot be "
                "opened."
            ),
            name=shown,
        ) from error
    if pages == 0:
        raise _refuse(_("File “%(name)s” is a PDF without any page."), name=shown)
    return pages


def check_docx(content: bytes, *, name: str = "") -> None:
    """Check that ``content`` is a Word document: a zip holding ``word/document.xml``."""
    shown = display_name(name)
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise _refuse(
            _("File “%(name)s” is a damaged DOCX and cannot be opened."), name=shown
        ) from error
    if "word/document.xml" not in names:
        raise _not_accepted(shown)


def check_image(content: bytes, *, name: str = "") -> str:
    """Check that ``content`` is a PNG, JPEG or TIFF Pillow can open; return its format."""
    shown = display_name(name)
    try:
        with warnings.catch_warnings():
            # A huge image is an error here, not a warning: OCR would choke on it.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                image_format = image.format or ""
                image.verify()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombWarning) as error:
        raise _refuse(
            _("File “%(name)s” is a damaged or too large image and cannot be opened."), name=shown
        ) from error
    except Image.DecompressionBombError as error:
        raise _refuse(
            _("File “%(name)s” is too large an image and cannot be opened."), name=shown
        ) from error
    if image_format not in {"PNG", "JPEG", "TIFF"}:
        raise _not_accepted(shown)
    return image_format


def check_content(kind: str, content: bytes, *, name: str) -> None:
    """Open the whole ``content`` of an upload of ``kind`` (from :func:`check_upload`) and
    refuse it when it is damaged."""
    if kind == "pdf":
        check_pdf(content, name=name)
    elif kind == "docx":
        check_docx(content, name=name)
    else:
        check_image(content, name=name)


def stored_type(kind: str, content: bytes) -> tuple[str, str]:
    """The MIME type and file extension to store an accepted upload under, from its content."""
    if kind == "pdf":
        return "application/pdf", "pdf"
    if kind == "docx":
        return DOCX_MIME, "docx"
    guess = filetype.guess(content[:HEAD_BYTES])
    if guess is not None and guess.mime == "image/png":
        return _IMAGE_FORMATS["PNG"]
    if guess is not None and guess.mime == "image/jpeg":
        return _IMAGE_FORMATS["JPEG"]
    return "image/tiff", "tif"
