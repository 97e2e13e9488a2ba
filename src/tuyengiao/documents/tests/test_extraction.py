"""Reading text from real files (DOCX, text PDF, scans through OCR) and the background task
that stores it on the file and the document."""

import time
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from tuyengiao.core.actors import SYSTEM
from tuyengiao.core.text import fold
from tuyengiao.documents.extraction import (
    NO_OCR_NOTE,
    ExtractionError,
    clean_text,
    ocr_available,
    read_text,
)
from tuyengiao.documents.files import document_file_attach
from tuyengiao.documents.models import Document, DocumentFile, DocumentRelation
from tuyengiao.documents.services import document_register
from tuyengiao.documents.tasks import read_document_file
from tuyengiao.documents.tests import samples
from tuyengiao.documents.tests.samples import requires_ocr


@pytest.fixture
def write(tmp_path: Path):
    """Write sample bytes to a file and return its path."""

    def _write(name: str, content: bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(content)
        return path

    return _write


@pytest.fixture
def no_ocr(settings) -> None:
    """OCR turned off by the setting, as on a server too weak for it."""
    settings.DOCUMENTS_OCR = False


# --- read_text -----------------------------------------------------------------------------------


def test_docx_paragraphs_and_table_cells_in_order(write):
    """The header table, the title, the body and a table in the body, in reading order."""
    result = read_text(write("a.docx", samples.official_docx()), "docx")
    lines = result.text.splitlines()
    assert lines[:4] == ["ĐẢNG BỘ THÀNH PHỐ HÀ NỘI", "QUẬN ỦY BA ĐÌNH", "*", "Số 229-KH/QU"]
    assert "Ba Đình, ngày 10 tháng 6 năm 2024" in lines
    assert lines.index("KẾ HOẠCH") + 1 == lines.index(samples.SUMMARY)
    cells = ["Thời gian", "Nội dung", "Tháng 6/2024", "Tọa đàm khoa học cấp quận"]
    assert [lines.index(cell) for cell in cells] == sorted(lines.index(cell) for cell in cells)
    assert samples.CITATION in result.text
    assert not result.used_ocr
    assert unicodedata.is_normalized("NFC", result.text)


def test_text_pdf_page_by_page_with_progress(write):
    """Both pages of the text layer, a blank line between pages, progress rising to 100."""
    progress: list[int] = []
    result = read_text(
        write("t.pdf", samples.text_pdf(samples.TEXT_PDF_PAGES)), "pdf", progress=progress.append
    )
    assert result.text.startswith("THANH UY HA NOI\nSo 15-KH/TU")
    assert "nam 2026\n\nThuc hien Chi thi 30-CT/TW" in result.text
    assert not result.used_ocr
    assert result.note == ""
    assert progress == sorted(set(progress))
    assert progress[0] == 0
    assert progress[-1] == 100
    assert 50 in progress


def test_blank_page_is_not_a_scan(write, no_ocr):
    """A page with no text and no image is blank, not a scan: no note about OCR."""
    result = read_text(write("b.pdf", samples.text_pdf([["Trang mot"], []])), "pdf")
    assert result.text == "Trang mot"
    assert result.note == ""
    assert result.unread_pages == ()


def test_without_ocr_a_scan_gives_no_text_and_a_note(write, no_ocr):
    """With OCR off or missing, a scanned PDF or an image is not an error: empty text and a
    note saying why."""
    assert not ocr_available()
    scan = read_text(write("s.pdf", samples.scan_pdf()), "pdf")
    image = read_text(write("s.png", samples.scan_png()), "image")
    for result in (scan, image):
        assert (result.text, result.used_ocr, result.note) == ("", False, NO_OCR_NOTE)
        assert result.unread_pages == (1,)


def test_without_ocr_the_text_pages_of_a_mixed_pdf_are_read(write, no_ocr):
    """The text page is read; the note counts the scanned page left unread."""
    result = read_text(write("m.pdf", samples.mixed_pdf()), "pdf")
    assert result.text.startswith("THANH UY HA NOI")
    assert result.unread_pages == (2,)
    assert "Có 1 trang là bản quét" in result.note


def test_damaged_docx_raises_a_vietnamese_error(write):
    """A file that is not really a DOCX any more (overwritten on disk) fails clearly."""
    with pytest.raises(ExtractionError, match="DOCX bị hỏng"):
        read_text(write("a.docx", b"PK\x03\x04 not a zip"), "docx")


def test_clean_text_removes_nul_and_joins_pages():
    """NUL (refused by PostgreSQL) goes, pages become paragraphs, text becomes NFC."""
    decomposed = unicodedata.normalize("NFD", "Kế hoạch")
    assert clean_text(f"{decomposed}\x00  \r\nA\fB\n\n\n\nC") == "Kế hoạch\nA\n\nB\n\nC"


@requires_ocr
def test_scanned_pdf_becomes_text_through_ocr(write):
    """An image-only PDF is OCRed in Vietnamese: the symbol and the title come out."""
    progress: list[int] = []
    started = time.monotonic()
    result = read_text(write("s.pdf", samples.scan_pdf()), "pdf", progress=progress.append)
    elapsed = time.monotonic() - started
    assert result.used_ocr
    assert samples.SYMBOL in result.text
    expected_title = "KẾ HOẠCH" if samples.scan_lines() == samples.SCAN_LINES_VI else "KE HOACH"
    assert expected_title in result.text
    assert progress[-1] == 100
    assert elapsed < 60, f"OCR of one page took {elapsed:.1f} s"


@requires_ocr
def test_image_becomes_text_through_ocr(write):
    """A PNG photo of the header is OCRed with tesseract."""
    result = read_text(write("s.png", samples.scan_png()), "image")
    assert result.used_ocr
    assert samples.SYMBOL in result.text
    if samples.scan_lines() == samples.SCAN_LINES_VI:
        assert "Ba Đình, ngày 10 tháng 6 năm 2024" in result.text


@requires_ocr
def test_mixed_pdf_keeps_the_text_layer_and_ocrs_the_scan(write):
    """Only the scanned page is OCRed; the text page keeps its own text."""
    result = read_text(write("m.pdf", samples.mixed_pdf()), "pdf")
    first, _, _second = result.text.partition("\n\n")
    assert first.startswith("THANH UY HA NOI")
    assert samples.SYMBOL in result.text.split("nam 2026", 1)[1]
    assert result.used_ocr


# --- the task ------------------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:
    root = tmp_path / "media"
    settings.MEDIA_ROOT = str(root)
    settings.PRIVATE_FILES_ROOT = str(root)  # internal files (core/files.py)
    return root


@pytest.fixture
def directive(city) -> Document:
    """Chỉ thị 30-CT/TW of the Secretariat, already in the registry."""
    return document_register(
        symbol="30-CT/TW",
        issue_date=date(2024, 2, 5),
        summary="về tiếp tục đổi mới công tác tuyên truyền",
        owner=city.city,
        actor=SYSTEM,
        term="XIII",
    )


@pytest.fixture
def plan(city) -> Document:
    """Kế hoạch 229-KH/QU, registered without its text."""
    return document_register(
        symbol=samples.SYMBOL,
        issue_date=date(2024, 6, 10),
        summary="Kế hoạch tuyên truyền kỷ niệm ngày thành lập Đảng",
        owner=city.city,
        actor=SYSTEM,
    )


def _attach(plan, name, content, actor, capture, *, run=True) -> DocumentFile:
    with capture(execute=run):
        record = document_file_attach(
            document=plan, uploaded=samples.upload(name, content), actor=actor
        )
    record.refresh_from_db()
    plan.refresh_from_db()
    return record


@pytest.mark.django_db
def test_task_reads_the_docx_into_the_document_and_suggests_relations(
    media, directive, plan, city_specialist, django_capture_on_commit_callbacks
):
    """After the upload commits, the text is read (progress 100, done), becomes the
    document's body and search text, and the cited Chỉ thị is suggested as implemented."""
    record = _attach(
        plan,
        "ke-hoach.docx",
        samples.official_docx(),
        city_specialist,
        django_capture_on_commit_callbacks,
    )
    assert record.text_status == DocumentFile.TextStatus.DONE
    assert record.text_progress == 100
    assert not record.used_ocr
    assert record.error == ""
    assert samples.CITATION in record.text
    assert plan.body == record.text
    assert fold("tuyên truyền kỷ niệm 94 năm") in plan.search_text
    relation = DocumentRelation.objects.get(source=plan)
    assert relation.target == directive
    assert relation.kind == DocumentRelation.Kind.IMPLEMENTS
    assert relation.state == DocumentRelation.State.SUGGESTED


@pytest.mark.django_db
def test_body_joins_the_texts_of_all_read_files(
    media, plan, city_specialist, django_capture_on_commit_callbacks
):
    """Two files: the body is both texts, in the order they were attached."""
    _attach(
        plan, "a.docx", samples.official_docx(), city_specialist, django_capture_on_commit_callbacks
    )
    _attach(
        plan,
        "t.pdf",
        samples.text_pdf(samples.TEXT_PDF_PAGES),
        city_specialist,
        django_capture_on_commit_callbacks,
    )
    first, second = DocumentFile.objects.order_by("pk")
    assert plan.body == f"{first.text}\n\n{second.text}"


@pytest.mark.django_db
@requires_ocr
def test_task_ocrs_a_scanned_pdf(media, plan, city_specialist, django_capture_on_commit_callbacks):
    """A scanned PDF comes out as searchable text, marked as read by OCR."""
    record = _attach(
        plan, "scan.pdf", samples.scan_pdf(), city_specialist, django_capture_on_commit_callbacks
    )
    assert record.text_status == DocumentFile.TextStatus.DONE
    assert record.used_ocr
    assert record.text_progress == 100
    assert samples.SYMBOL in plan.body
    assert fold(samples.scan_lines()[0]) in plan.search_text  # only the scan has it


@pytest.mark.django_db
def test_task_without_ocr_is_done_with_a_note(
    media, plan, city_specialist, no_ocr, django_capture_on_commit_callbacks
):
    """Without OCR a scan is done (not failed), with no text and the note as its message."""
    record = _attach(
        plan, "scan.png", samples.scan_png(), city_specialist, django_capture_on_commit_callbacks
    )
    assert record.text_status == DocumentFile.TextStatus.DONE
    assert (record.text, record.used_ocr, record.error) == ("", False, NO_OCR_NOTE)


@pytest.mark.django_db
def test_task_fails_with_a_short_vietnamese_error(
    media, plan, city_specialist, django_capture_on_commit_callbacks
):
    """A stored file damaged after upload fails the reading, with the reason on the row;
    the document keeps its (empty) body."""
    record = _attach(
        plan,
        "a.docx",
        samples.official_docx(),
        city_specialist,
        django_capture_on_commit_callbacks,
        run=False,
    )
    assert record.text_status == DocumentFile.TextStatus.PENDING
    Path(record.file.path).write_bytes(b"PK\x03\x04 damaged")
    read_document_file.enqueue(record.pk)
    record.refresh_from_db()
    assert record.text_status == DocumentFile.TextStatus.FAILED
    assert record.error == "Tệp DOCX bị hỏng, không đọc được."
    plan.refresh_from_db()
    assert plan.body == ""


@pytest.mark.django_db
def test_task_for_a_removed_file_does_nothing():
    """A file removed before the worker reached it is skipped."""
    assert read_document_file.call(987654) == "missing"


@pytest.mark.django_db
def test_task_fails_when_the_stored_file_is_gone(
    media, plan, city_specialist, django_capture_on_commit_callbacks
):
    """A row whose file was deleted from disk fails with a message, not a crash."""
    record = _attach(
        plan,
        "a.docx",
        samples.official_docx(),
        city_specialist,
        django_capture_on_commit_callbacks,
        run=False,
    )
    Path(record.file.path).unlink()
    read_document_file.enqueue(record.pk)
    record.refresh_from_db()
    assert record.text_status == DocumentFile.TextStatus.FAILED
    assert record.error == "Không tìm thấy tệp đã lưu trên máy chủ."
