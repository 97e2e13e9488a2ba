"""Sample files for the documents tests, built on the spot (nothing binary is checked in).

* :func:`official_docx`: a Word document with a real Party header (a borderless two-column
  table), title, summary, rule, body citing Chỉ thị 30-CT/TW and a table in the body.
* :func:`text_pdf`: a minimal PDF written by hand, one Helvetica text stream per page (ASCII:
  the standard fonts have no Vietnamese letters).
* :func:`scan_png`, :func:`scan_pdf`: the header of the DOCX drawn as pixels with Pillow, as a
  PNG and as an image-only PDF (what a scanner makes), in a TrueType font with Vietnamese
  letters when the machine has one, else ASCII in Pillow's own font.
* :func:`mixed_pdf`: a text page followed by a scanned page.

:func:`requires_ocr` marks tests that need ``ocrmypdf`` and ``tesseract-ocr-vie``.
"""

from __future__ import annotations

import functools
import io
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile

from tuyengiao.documents.extraction import ocr_available

OCR_MISSING = "ocrmypdf and tesseract-ocr-vie are not installed"

SYMBOL = "229-KH/QU"
SUMMARY = "tuyên truyền kỷ niệm 94 năm Ngày thành lập Đảng Cộng sản Việt Nam"
CITATION = "Chỉ thị số 30-CT/TW ngày 05/02/2024 của Ban Bí thư"

# Fonts with Vietnamese letters, as Debian installs them (fonts-dejavu-core, fonts-noto-core).
_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
)
SCAN_LINES_VI = (
    "QUẬN ỦY BA ĐÌNH",
    f"Số {SYMBOL}",
    "Ba Đình, ngày 10 tháng 6 năm 2024",
    "KẾ HOẠCH",
    "tuyên truyền kỷ niệm ngày thành lập Đảng",
)
SCAN_LINES_ASCII = (
    "QUAN UY BA DINH",
    f"So {SYMBOL}",
    "KE HOACH",
    "tuyen truyen ky niem ngay thanh lap Dang",
)

T = TypeVar("T", bound=Callable[..., Any])


def requires_ocr(test: T) -> T:
    """Skip ``test`` where the OCR tools are missing, except under CI (``CI`` set), whose
    machine installs them: there a missing tool fails the test instead of hiding it."""
    if not os.environ.get("CI"):
        return pytest.mark.skipif(not ocr_available(), reason=OCR_MISSING)(test)

    @functools.wraps(test)
    def checked(*args: Any, **kwargs: Any) -> Any:
        if not ocr_available():
            pytest.fail(f"{OCR_MISSING} (CI must have them)")
        return test(*args, **kwargs)

    return checked  # type: ignore[return-value]


# --- DOCX ----------------------------------------------------------------------------------------


def official_docx() -> bytes:
    """A Party plan (Kế hoạch 229-KH/QU of Quận ủy Ba Đình) laid out as DOMAIN.md §3 says."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    header = document.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    left.paragraphs[0].text = "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI"
    left.add_paragraph().add_run("QUẬN ỦY BA ĐÌNH").bold = True
    left.add_paragraph("*")
    left.add_paragraph(f"Số {SYMBOL}")
    right.paragraphs[0].add_run("ĐẢNG CỘNG SẢN VIỆT NAM").bold = True
    right.add_paragraph("")
    right.add_paragraph().add_run("Ba Đình, ngày 10 tháng 6 năm 2024").italic = True
    for cell in (left, right):
        for paragraph in cell.paragraphs:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("KẾ HOẠCH").bold = True
    summary = document.add_paragraph()
    summary.alignment = WD_ALIGN_PARAGRAPH.CENTER
    summary.add_run(SUMMARY).bold = True
    document.add_paragraph("-----").alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(
        f"Thực hiện {CITATION} về tiếp tục đổi mới công tác tuyên truyền, Ban Thường vụ "
        "Quận ủy ban hành Kế hoạch như sau:"
    )
    document.add_paragraph("I. MỤC ĐÍCH, YÊU CẦU")
    schedule = document.add_table(rows=2, cols=2)
    schedule.cell(0, 0).text = "Thời gian"
    schedule.cell(0, 1).text = "Nội dung"
    schedule.cell(1, 0).text = "Tháng 6/2024"
    schedule.cell(1, 1).text = "Tọa đàm khoa học cấp quận"
    document.add_paragraph("Nơi nhận:")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- PDF with a text layer -----------------------------------------------------------------------


def _pdf_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return f"({escaped})"


def text_pdf(pages: Sequence[Sequence[str]]) -> bytes:
    """A valid PDF written by hand: one A4 page per item of ``pages``, its ASCII lines set in
    Helvetica 12 pt. Objects: catalog, page tree, font, then a page and its content stream
    for each page; the cross-reference table gives each object's byte offset."""
    count = len(pages)
    font_id = 3
    page_ids = [4 + 2 * index for index in range(count)]
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: (
            f"<< /Type /Pages /Kids [{' '.join(f'{pid} 0 R' for pid in page_ids)}] "
            f"/Count {count} >>"
        ).encode(),
        font_id: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
        b"/Encoding /WinAnsiEncoding >>",
    }
    for page_id, lines in zip(page_ids, pages, strict=True):
        shown = " T* ".join(f"{_pdf_string(line)} Tj" for line in lines)
        stream = f"BT /F1 12 Tf 16 TL 72 770 Td {shown} ET".encode("ascii")
        objects[page_id] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Resources << /Font << /F1 {font_id} 0 R >> >> /Contents {page_id + 1} 0 R >>"
        ).encode()
        objects[page_id + 1] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref = len(out)
    size = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets[number]
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


TEXT_PDF_PAGES = (
    (
        "THANH UY HA NOI",
        "So 15-KH/TU",
        "Ha Noi, ngay 05 thang 02 nam 2026",
        "KE HOACH",
        "trien khai cong tac tuyen truyen nam 2026",
    ),
    ("Thuc hien Chi thi 30-CT/TW cua Ban Bi thu.", "Trang hai cua ke hoach."),
)


# --- Scans ---------------------------------------------------------------------------------------


def _scan_font() -> tuple[Any, bool]:
    """A large font and whether it has Vietnamese letters."""
    from PIL import ImageFont

    for font in _FONTS:
        if Path(font).exists():
            return ImageFont.truetype(font, 44), True
    return ImageFont.load_default(size=48), False


def scan_lines() -> tuple[str, ...]:
    """The lines drawn on the scans: Vietnamese when a font has the letters, else ASCII."""
    return SCAN_LINES_VI if _scan_font()[1] else SCAN_LINES_ASCII


def scan_image() -> Any:
    """A white A4 page at 150 dpi with the header in black, as a scanner would give it."""
    from PIL import Image, ImageDraw

    font, _ = _scan_font()
    image = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(image)
    top = 140
    for line in scan_lines():
        draw.text((110, top), line, font=font, fill=0)
        top += 90
    return image


def scan_png() -> bytes:
    """The scan as a PNG."""
    buffer = io.BytesIO()
    scan_image().save(buffer, format="PNG", dpi=(150, 150))
    return buffer.getvalue()


def scan_pdf() -> bytes:
    """The scan as an image-only PDF (no text layer), as Pillow writes it."""
    buffer = io.BytesIO()
    scan_image().convert("RGB").save(buffer, format="PDF", resolution=150)
    return buffer.getvalue()


def mixed_pdf() -> bytes:
    """A text page (the first page of :data:`TEXT_PDF_PAGES`) followed by a scanned page."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.add_page(PdfReader(io.BytesIO(text_pdf(TEXT_PDF_PAGES[:1]))).pages[0])
    writer.add_page(PdfReader(io.BytesIO(scan_pdf())).pages[0])
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# --- Uploads -------------------------------------------------------------------------------------


def upload(name: str, content: bytes, content_type: str = "") -> SimpleUploadedFile:
    """An uploaded file as Django's form handling gives it to a view."""
    return SimpleUploadedFile(name, content, content_type=content_type)


class _CountingStream(io.BytesIO):
    """A stream that remembers how many bytes were read from it."""

    bytes_read = 0

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        self.bytes_read += len(data)
        return data


def declared_upload(name: str, head: bytes, declared_size: int) -> UploadedFile:
    """An upload whose declared size is ``declared_size`` but whose stream holds only
    ``head``: the size a browser sent for a huge file, without the memory. ``.file`` keeps
    the count of bytes read (``.file.bytes_read``)."""
    return UploadedFile(
        file=_CountingStream(head),
        name=name,
        content_type="application/pdf",
        size=declared_size,
    )
