"""Read the text of a document's file: DOCX, PDF (text layer, then OCR) and images (OCR).

* DOCX: python-docx, body paragraphs and table cells in document order (the official header
  is a two-column table, so its cells matter); page headers and footers are left out (page
  numbers, not content).
* PDF: pypdf reads the text layer page by page. Pages with (almost) no text (fewer than
  :data:`MIN_PAGE_CHARS` letters or digits) but an image or a heavy drawing are scans (a
  blank page is not): they are copied into a small PDF of their own, a batch at a time, and
  OCRed with
  ``ocrmypdf -l vie --force-ocr --output-type none --sidecar …``. ``--force-ocr`` rather than
  ``--skip-text`` because only near-empty pages are sent, and a scan often carries a stray
  text object (a stamped page number) that would make ``--skip-text`` skip the whole page;
  ``--output-type none`` with ``--sidecar`` gives Tesseract's text without writing a new PDF
  (several times faster). Batches let progress move during a long scan while ocrmypdf still
  uses every core within a batch. A page keeps its text layer when OCR finds less.
* Images (PNG, JPEG, TIFF, multi-page TIFF included): ``tesseract <image> stdout -l vie``,
  the simplest path (no PDF round trip). A JPEG's EXIF rotation is applied first, since
  phones store photos sideways and Tesseract ignores EXIF.

OCR needs ``ocrmypdf`` and ``tesseract`` with Vietnamese data (Debian: ``ocrmypdf``,
``tesseract-ocr-vie``); :func:`ocr_available` tells. Without it, scanned pages give no text and
:attr:`ExtractedText.note` says why; it is not an error. ``settings.DOCUMENTS_OCR = False``
turns OCR off (a server too weak for it). Subprocesses run without a shell, in their own
process group, killed with their children on timeout.

The text is NFC, with pages separated by a blank line, no NUL or other control characters
(PostgreSQL refuses NUL in text) and no trailing spaces.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import signal
import subprocess
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import NoReturn

from django.conf import settings

logger = logging.getLogger(__name__)

# A page with fewer letters and digits than this in its text layer is treated as a scan.
MIN_PAGE_CHARS = 16
# Seconds of OCR allowed per page (ocrmypdf batch or tesseract image), plus a fixed start-up.
OCR_PAGE_TIMEOUT = 120
OCR_STARTUP_TIMEOUT = 60
# A page without text whose drawing instructions are longer than this may be text turned into
# curves: worth OCR. Rules, frames and a logo take far less.
_DRAWING_BYTES = 4096
# OCR of one page costs about this many text-layer page reads, for the progress estimate.
_OCR_WEIGHT = 20

NO_OCR_NOTE = (
    "Tệp là bản quét (ảnh), nhưng máy chủ chưa cài công cụ nhận dạng chữ (OCR: ocrmypdf, "
    "tesseract-ocr-vie) hoặc OCR đang tắt, nên chưa đọc được chữ."
)
NO_OCR_PAGES_NOTE = (
    "Có {count} trang là bản quét nhưng máy chủ chưa cài công cụ nhận dạng chữ (OCR) hoặc "
    "OCR đang tắt, nên chưa đọc được chữ của các trang đó."
)
SCAN_SKIPPED_NOTE = "Tệp là bản quét (ảnh); chữ sẽ được nhận dạng (OCR) sau khi lưu."

Progress = Callable[[int], None]


class ExtractionError(Exception):
    """The file could not be read; ``str(error)`` is a short Vietnamese message."""


@dataclass(frozen=True, slots=True)
class ExtractedText:
    """The text read from a file, whether OCR produced (part of) it, and a note for the
    person when some of it could not be read (``""`` otherwise), with those pages."""

    text: str
    used_ocr: bool
    note: str = ""
    # Pages (1-based) that are scans left without text because OCR was not used.
    unread_pages: tuple[int, ...] = ()


def _no_progress(percent: int) -> None:
    """The default progress callback: ignore it."""


# --- OCR tools ---------------------------------------------------------------------------------


@cache
def ocr_tools_installed() -> bool:
    """Whether ``ocrmypdf`` and ``tesseract`` with Vietnamese data are on this machine.

    Cached for the process: tools are not installed while a worker runs. Clear with
    ``ocr_tools_installed.cache_clear()``.
    """
    tesseract = shutil.which("tesseract")
    if shutil.which("ocrmypdf") is None or tesseract is None:
        return False
    try:
        result = subprocess.run(
            [tesseract, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return False
    # Tesseract 4 lists languages on stderr, 5 on stdout.
    languages = {line.strip() for line in (result.stdout + result.stderr).splitlines()}
    return "vie" in languages


def ocr_available() -> bool:
    """Whether scanned pages and images can be OCRed here: the tools are installed and
    ``settings.DOCUMENTS_OCR`` (default True) does not turn OCR off."""
    return bool(getattr(settings, "DOCUMENTS_OCR", True)) and ocr_tools_installed()


def _run(command: Sequence[str], *, timeout: float) -> subprocess.CompletedProcess[bytes]:
    """Run ``command`` (no shell) and wait at most ``timeout`` seconds.

    The command gets its own process group so that a timeout also kills the workers it
    started (ocrmypdf runs one tesseract per page); ``subprocess.run`` would kill only the
    parent and leave them running.
    """
    # One OpenMP thread per tesseract: ocrmypdf already runs a tesseract per page on every
    # core, and on a busy machine OpenMP threads spin-waiting for a core made one page take
    # 7–30 s instead of 0.5 s (measured here).
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    process = subprocess.Popen(
        list(command),
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):  # it ended on its own meanwhile
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def _ocr_failed(tool: str, error: BaseException | subprocess.CompletedProcess[bytes]) -> NoReturn:
    if isinstance(error, subprocess.CompletedProcess):
        detail = error.stderr.decode("utf-8", "replace")[-2000:]
        logger.warning("%s failed with exit code %s: %s", tool, error.returncode, detail)
        raise ExtractionError("Không nhận dạng được chữ (OCR) trong tệp.")
    if isinstance(error, subprocess.TimeoutExpired):
        raise ExtractionError("Nhận dạng chữ (OCR) quá lâu nên đã dừng.") from error
    logger.warning("%s could not run: %s", tool, error)
    raise ExtractionError("Không chạy được công cụ nhận dạng chữ (OCR).") from error


# --- Text clean-up -------------------------------------------------------------------------------

# C0/C1 controls except tab and newline: NUL breaks PostgreSQL, the rest is noise.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_TRAILING_SPACE_RE = re.compile(r"[ \t\u00a0]+$", re.MULTILINE)
_MANY_BLANK_LINES_RE = re.compile(r"\n{3,}")


def clean_text(text: str) -> str:
    """NFC, one kind of newline, page breaks as blank lines, no control characters, no
    trailing spaces, at most one blank line in a row."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _CONTROL_RE.sub("", text)
    text = _TRAILING_SPACE_RE.sub("", text)
    return _MANY_BLANK_LINES_RE.sub("\n\n", text).strip()


def _content_chars(text: str) -> int:
    return sum(char.isalnum() for char in text)


class _Monotonic:
    """Report progress as whole percents that never go down or repeat."""

    def __init__(self, callback: Progress) -> None:
        self._callback = callback
        self._last = -1

    def __call__(self, fraction: float) -> None:
        percent = max(0, min(100, int(fraction * 100)))
        if percent > self._last:
            self._last = percent
            self._callback(percent)


# --- DOCX ----------------------------------------------------------------------------------------


def _docx_blocks(container: object) -> list[str]:
    """The paragraphs of ``container`` (the body or a cell), table cells included, in order.

    A merged cell appears once per grid column in python-docx; it is read once.
    """
    from docx.table import Table

    lines: list[str] = []
    for block in container.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(block, Table):
            # The set holds the cell elements themselves: lxml makes a new proxy object on
            # each access, so an id() could be reused by another cell once one is freed.
            seen: set[object] = set()
            for row in block.rows:
                for cell in row.cells:
                    if cell._tc in seen:
                        continue
                    seen.add(cell._tc)
                    lines.extend(_docx_blocks(cell))
        else:
            lines.append(block.text)
    return lines


def _read_docx(path: Path, progress: _Monotonic) -> ExtractedText:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
        lines = _docx_blocks(document)
    # A damaged package: not a zip, a part missing, or broken XML (lxml's XMLSyntaxError is a
    # SyntaxError).
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, SyntaxError) as error:
        raise ExtractionError("Tệp DOCX bị hỏng, không đọc được.") from error
    progress(1.0)
    return ExtractedText(clean_text("\n".join(lines)), used_ocr=False)


# --- PDF -----------------------------------------------------------------------------------------


def _ocr_batch_size() -> int:
    # Enough pages to keep every core busy, few enough for progress to move.
    return max(4, os.cpu_count() or 1)


def _ocr_pdf_pages(reader: object, pages: list[int], workdir: Path) -> dict[int, str]:
    """OCR the pages ``pages`` (0-based) of ``reader`` with ocrmypdf; text by page index."""
    from pypdf import PdfWriter

    subset = workdir / "scan.pdf"
    sidecar = workdir / "scan.txt"
    writer = PdfWriter()
    for index in pages:
        writer.add_page(reader.pages[index])  # type: ignore[attr-defined]
    with subset.open("wb") as handle:
        writer.write(handle)
    command = [
        shutil.which("ocrmypdf") or "ocrmypdf",
        "--quiet",
        "-l",
        "vie",
        "--force-ocr",
        "--output-type",
        "none",
        "--sidecar",
        str(sidecar),
        "--tesseract-timeout",
        str(OCR_PAGE_TIMEOUT),
        str(subset),
        "-",
    ]
    try:
        result = _run(command, timeout=OCR_STARTUP_TIMEOUT + OCR_PAGE_TIMEOUT * len(pages))
    except (OSError, subprocess.SubprocessError) as error:
        _ocr_failed("ocrmypdf", error)
    if result.returncode != 0:
        _ocr_failed("ocrmypdf", result)
    # The sidecar holds one text per page, separated by form feeds.
    texts = sidecar.read_text(encoding="utf-8", errors="replace").split("\f")
    return {
        index: texts[position] if position < len(texts) else ""
        for position, index in enumerate(pages)
    }


def _looks_scanned(page: object, text: str) -> bool:
    """Whether a page needs OCR: (almost) no text, but an image or a heavy drawing on it
    (a scan, or text turned into curves). A blank page needs nothing."""
    if _content_chars(text) >= MIN_PAGE_CHARS:
        return False
    try:
        if len(page.images) > 0:  # type: ignore[attr-defined]
            return True
        contents = page.get_contents()  # type: ignore[attr-defined]
        return contents is not None and len(contents.get_data()) > _DRAWING_BYTES
    except Exception:  # pypdf fails in many ways on odd pages: when in doubt, OCR
        return True


def _read_pdf(
    path: Path, progress: _Monotonic, *, ocr: bool, max_pages: int | None
) -> ExtractedText:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(str(path), strict=False)
        if reader.is_encrypted:
            reader.decrypt("")
        count = len(reader.pages)
        if max_pages is not None:
            count = min(count, max_pages)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as error:
        raise ExtractionError("Tệp PDF bị hỏng, không đọc được.") from error

    texts: list[str] = []
    scanned: list[int] = []
    for index in range(count):
        try:
            text = reader.pages[index].extract_text() or ""
        except Exception:  # one bad page must not lose the others
            logger.warning("pypdf could not read page %s of %s", index + 1, path, exc_info=True)
            text = ""
        texts.append(text)
        if _looks_scanned(reader.pages[index], text):
            scanned.append(index)
        # Estimate the total work from the share of scans so far; _Monotonic keeps the bar
        # from going back when the estimate grows.
        read = index + 1
        expected_scans = len(scanned) / read * count if ocr else 0
        progress(read / (count + _OCR_WEIGHT * expected_scans))

    used_ocr = False
    note = ""
    unread: tuple[int, ...] = ()
    if scanned and not ocr:
        note = (
            NO_OCR_NOTE if len(scanned) == count else NO_OCR_PAGES_NOTE.format(count=len(scanned))
        )
        unread = tuple(index + 1 for index in scanned)
    elif scanned:
        total = count + _OCR_WEIGHT * len(scanned)
        batch_size = _ocr_batch_size()
        for start in range(0, len(scanned), batch_size):
            batch = scanned[start : start + batch_size]
            with tempfile.TemporaryDirectory(prefix="tg-ocr-") as workdir:
                found = _ocr_pdf_pages(reader, batch, Path(workdir))
            for index, text in found.items():
                if _content_chars(text) > _content_chars(texts[index]):
                    texts[index] = text
                    used_ocr = True
            progress((count + _OCR_WEIGHT * (start + len(batch))) / total)
    progress(1.0)
    return ExtractedText(
        clean_text("\n\n".join(texts)), used_ocr=used_ocr, note=note, unread_pages=unread
    )


# --- Images --------------------------------------------------------------------------------------


def _upright_copy(path: Path, workdir: Path) -> Path:
    """``path``, or a copy turned upright when its EXIF says the camera was rotated."""
    from PIL import Image, ImageOps

    with Image.open(path) as image:
        if image.format == "TIFF" or image.getexif().get(0x0112, 1) == 1:
            return path
        upright = ImageOps.exif_transpose(image)
        target = workdir / "upright.png"
        upright.save(target)
        return target


def _frame_count(path: Path) -> int:
    from PIL import Image

    with Image.open(path) as image:
        return getattr(image, "n_frames", 1)


def _read_image(path: Path, progress: _Monotonic, *, ocr: bool) -> ExtractedText:
    if not ocr:
        progress(1.0)
        return ExtractedText("", used_ocr=False, note=NO_OCR_NOTE, unread_pages=(1,))
    try:
        frames = _frame_count(path)
    except OSError as error:
        raise ExtractionError("Tệp ảnh bị hỏng, không đọc được.") from error
    with tempfile.TemporaryDirectory(prefix="tg-ocr-") as workdir:
        source = _upright_copy(path, Path(workdir))
        command = [shutil.which("tesseract") or "tesseract", str(source), "stdout", "-l", "vie"]
        try:
            result = _run(command, timeout=OCR_STARTUP_TIMEOUT + OCR_PAGE_TIMEOUT * frames)
        except (OSError, subprocess.SubprocessError) as error:
            _ocr_failed("tesseract", error)
    if result.returncode != 0:
        _ocr_failed("tesseract", result)
    progress(1.0)
    text = clean_text(result.stdout.decode("utf-8", "replace"))
    return ExtractedText(text, used_ocr=True)


# --- Entry point ---------------------------------------------------------------------------------


def read_text(
    path: Path,
    kind: str,
    *,
    progress: Progress = _no_progress,
    ocr: bool | None = None,
    max_pages: int | None = None,
) -> ExtractedText:
    """Read the text of the file at ``path`` of ``kind`` (``"pdf"``, ``"docx"``, ``"image"``).

    ``progress`` receives whole percents, rising, ending with 100. ``ocr`` (default: whether
    :func:`ocr_available`) says whether scanned pages and images are OCRed; without it they
    give no text and :attr:`ExtractedText.note` says so. ``max_pages`` reads only the first
    pages of a PDF (the header, for a form). Raises :class:`ExtractionError` (Vietnamese
    message) when the file cannot be read or OCR fails.
    """
    use_ocr = ocr_available() if ocr is None else ocr and ocr_available()
    monotonic = _Monotonic(progress)
    monotonic(0.0)
    if kind == "docx":
        return _read_docx(Path(path), monotonic)
    if kind == "pdf":
        return _read_pdf(Path(path), monotonic, ocr=use_ocr, max_pages=max_pages)
    if kind == "image":
        return _read_image(Path(path), monotonic, ocr=use_ocr)
    raise ValueError(f"unknown kind of file: {kind!r}")
