"""Uploads: the real type from the content, the size limit, damaged files, and attaching and
removing files on a document without leaving anything behind when refused."""

from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError
from django.db.models.signals import pre_save
from django.test import override_settings
from wagtail.models import ModelLogEntry

from tuyengiao.documents.files import document_file_attach, document_file_remove
from tuyengiao.documents.models import Document, DocumentFile
from tuyengiao.documents.services import document_register
from tuyengiao.documents.tests import samples
from tuyengiao.documents.uploads import (
    DOCX_MIME,
    HEAD_BYTES,
    MB,
    check_content,
    check_pdf,
    check_upload,
    format_mb,
)

pytestmark = pytest.mark.django_db

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


@pytest.fixture(autouse=True)
def media(settings, tmp_path: Path) -> Path:
    """Stored files go to a fresh folder, so a test can see exactly what was written."""
    root = tmp_path / "media"
    settings.MEDIA_ROOT = str(root)
    settings.PRIVATE_FILES_ROOT = str(root)  # internal files (core/files.py)
    return root


def stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.fixture
def plan(city, city_specialist) -> Document:
    """Kế hoạch 229-KH/QU, registered by the city specialist."""
    return document_register(
        symbol=samples.SYMBOL,
        issue_date=date(2024, 6, 10),
        summary="Kế hoạch tuyên truyền kỷ niệm ngày thành lập Đảng",
        owner=city.city,
        actor=city_specialist,
    )


def _check(name: str, content: bytes) -> str:
    kind = check_upload(name, "application/octet-stream", len(content), content[:HEAD_BYTES])
    check_content(kind, content, name=name)
    return kind


def _png_bytes(image_format: str) -> bytes:
    import io

    buffer = io.BytesIO()
    samples.scan_image().resize((200, 280)).save(buffer, format=image_format)
    return buffer.getvalue()


# --- check_upload and check_content ------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "build", "kind"),
    [
        ("ke-hoach.pdf", lambda: samples.text_pdf(samples.TEXT_PDF_PAGES), "pdf"),
        ("ke-hoach.docx", samples.official_docx, "docx"),
        ("scan.png", lambda: _png_bytes("PNG"), "image"),
        ("scan.jpg", lambda: _png_bytes("JPEG"), "image"),
        ("scan.tif", lambda: _png_bytes("TIFF"), "image"),
        ("ảnh chụp.jpg", lambda: _png_bytes("PNG"), "image"),
        ("khong-duoi", lambda: samples.text_pdf(samples.TEXT_PDF_PAGES), "pdf"),
    ],
)
def test_accepted_kinds_come_from_the_content(name, build, kind):
    """PDF, DOCX, PNG, JPEG and TIFF are accepted by their bytes; a PNG named .jpg is still
    an image, and a name without extension is judged by its content."""
    assert _check(name, build()) == kind


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("setup.exe", EXE),
        ("ke-hoach.pdf", "Kế hoạch số 229-KH/QU\n".encode() * 20),
        ("bao-cao.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600),
        ("virus.pdf", EXE),
    ],
)
def test_other_types_are_refused_whatever_the_name(name, content):
    """An .exe, or a text file or program named .pdf, is refused by its content."""
    with pytest.raises(ValidationError) as error:
        _check(name, content)
    assert error.value.message_dict == {
        "file": [f"Tệp “{name}” không phải PDF, DOCX hay ảnh (PNG, JPEG, TIFF)."]
    }


def test_extension_naming_another_kind_is_refused():
    """A real PDF named .docx is refused: the name lies about what the file is."""
    with pytest.raises(ValidationError) as error:
        _check("ke-hoach.docx", samples.text_pdf(samples.TEXT_PDF_PAGES))
    assert "có đuôi .docx nhưng nội dung là PDF" in error.value.message_dict["file"][0]


def test_zip_that_is_not_a_word_document_is_refused():
    """A zip without word/document.xml passes the first bytes but not the full check."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    with pytest.raises(ValidationError) as error:
        _check("tai-lieu.docx", buffer.getvalue())
    assert "không phải PDF, DOCX hay ảnh" in error.value.message_dict["file"][0]


def test_empty_file_is_refused():
    """A file of 0 bytes is refused before anything else."""
    with pytest.raises(ValidationError) as error:
        check_upload("rong.pdf", "application/pdf", 0, b"")
    assert error.value.message_dict["file"] == [
        "Tệp “rong.pdf” rỗng (0 byte), không có nội dung để lưu."
    ]


@override_settings(DOCUMENTS_MAX_UPLOAD_MB=1)
def test_file_over_the_limit_is_refused_with_the_limit():
    """With a 1 MB limit, a 2 MB file is refused and the message gives both sizes."""
    content = samples.text_pdf(samples.TEXT_PDF_PAGES) + b"\n" * (2 * MB)
    with pytest.raises(ValidationError) as error:
        _check("lon.pdf", content)
    assert error.value.message_dict["file"] == [
        "Tệp “lon.pdf” nặng 2 MB, vượt quá giới hạn 1 MB cho mỗi tệp."
    ]


def test_sizes_are_written_the_vietnamese_way():
    """Decimal comma, dot between thousands."""
    assert format_mb(50 * MB) == "50 MB"
    assert format_mb(1.5 * MB) == "1,5 MB"
    assert format_mb(1024 * MB) == "1.024 MB"


@pytest.mark.parametrize("cut", [20, 300, -10])
def test_truncated_pdf_is_refused(cut):
    """A PDF cut short (an interrupted upload) does not open."""
    content = samples.text_pdf(samples.TEXT_PDF_PAGES)
    with pytest.raises(ValidationError) as error:
        _check("cut.pdf", content[:cut])
    assert error.value.message_dict["file"] == [
        "Tệp “cut.pdf” là PDF bị hỏng (có thể tải lên chưa hết), không mở được."
    ]


def test_pdf_without_pages_is_refused():
    """A well-formed PDF with an empty page tree has nothing to read."""
    with pytest.raises(ValidationError) as error:
        check_pdf(samples.text_pdf([]), name="trong.pdf")
    assert error.value.message_dict["file"] == ["Tệp “trong.pdf” là PDF không có trang nào."]


def test_broken_image_is_refused():
    """A PNG cut short is refused when opened."""
    with pytest.raises(ValidationError) as error:
        _check("scan.png", _png_bytes("PNG")[:100])
    assert "là ảnh bị hỏng" in error.value.message_dict["file"][0]


# --- document_file_attach ----------------------------------------------------------------------


def test_attach_stores_the_file_and_audits(plan, city_specialist, media):
    """The file is saved under the document's folder with its detected type and hash."""
    record = document_file_attach(
        document=plan,
        uploaded=samples.upload("Kế hoạch 229.docx", samples.official_docx(), "text/plain"),
        actor=city_specialist,
    )
    assert record.original_name == "Kế hoạch 229.docx"
    assert record.content_type == DOCX_MIME  # not what the browser said
    assert record.size == len(samples.official_docx())
    assert len(record.sha256) == 64
    assert record.text_status == DocumentFile.TextStatus.PENDING
    stored = stored_files(media)
    assert [path.relative_to(media).parts[:2] for path in stored] == [("documents", str(plan.pk))]
    assert stored[0].suffix == ".docx"
    entry = ModelLogEntry.objects.for_instance(plan).get(data__file_added="Kế hoạch 229.docx")
    assert entry.user == city_specialist


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("setup.exe", EXE, "không phải PDF, DOCX hay ảnh"),
        ("ghi-chu.pdf", b"Ghi chu, khong phai PDF\n" * 10, "không phải PDF, DOCX hay ảnh"),
        ("rong.pdf", b"", "rỗng (0 byte)"),
        ("cut.pdf", samples.text_pdf(samples.TEXT_PDF_PAGES)[:400], "PDF bị hỏng"),
    ],
)
def test_refused_upload_leaves_nothing(plan, city_specialist, media, name, content, message):
    """Each refusal names the file in Vietnamese and leaves no row and no stored file."""
    with pytest.raises(ValidationError) as error:
        document_file_attach(
            document=plan, uploaded=samples.upload(name, content), actor=city_specialist
        )
    assert message in error.value.message_dict["file"][0]
    assert f"“{name}”" in error.value.message_dict["file"][0]
    assert not DocumentFile.objects.exists()
    assert stored_files(media) == []


@override_settings(DOCUMENTS_MAX_UPLOAD_MB=1)
def test_upload_over_the_limit_leaves_nothing(plan, city_specialist, media):
    """A 2 MB upload against a 1 MB limit is refused with the limit in the message."""
    content = samples.text_pdf(samples.TEXT_PDF_PAGES) + b"\n" * (2 * MB)
    with pytest.raises(ValidationError) as error:
        document_file_attach(
            document=plan, uploaded=samples.upload("lon.pdf", content), actor=city_specialist
        )
    assert "vượt quá giới hạn 1 MB" in error.value.message_dict["file"][0]
    assert not DocumentFile.objects.exists()
    assert stored_files(media) == []


def test_huge_upload_is_refused_before_it_is_read(plan, city_specialist, media):
    """A file declared at 200 MB is refused on its size: only its head is read."""
    uploaded = samples.declared_upload(
        "ban-scan-200MB.pdf", samples.text_pdf(samples.TEXT_PDF_PAGES), 200 * MB
    )
    with pytest.raises(ValidationError) as error:
        document_file_attach(document=plan, uploaded=uploaded, actor=city_specialist)
    assert error.value.message_dict["file"] == [
        "Tệp “ban-scan-200MB.pdf” nặng 200 MB, vượt quá giới hạn 50 MB cho mỗi tệp."
    ]
    assert uploaded.file.bytes_read <= HEAD_BYTES
    assert not DocumentFile.objects.exists()
    assert stored_files(media) == []


def test_same_file_twice_on_one_document_is_refused(plan, city_specialist, media):
    """The second copy (same bytes, another name) is refused and the first one kept."""
    content = samples.official_docx()
    document_file_attach(
        document=plan, uploaded=samples.upload("a.docx", content), actor=city_specialist
    )
    with pytest.raises(ValidationError) as error:
        document_file_attach(
            document=plan, uploaded=samples.upload("b.docx", content), actor=city_specialist
        )
    assert error.value.message_dict["file"] == [
        "Tệp “b.docx” đã được đính kèm văn bản này (“a.docx”)."
    ]
    assert DocumentFile.objects.count() == 1
    assert len(stored_files(media)) == 1


def test_attach_needs_the_right_to_edit_the_owner(plan, ward_officer_a, media):
    """A ward officer cannot attach files to a city document; nothing is stored."""
    with pytest.raises(PermissionDenied):
        document_file_attach(
            document=plan,
            uploaded=samples.upload("a.docx", samples.official_docx()),
            actor=ward_officer_a,
        )
    assert not DocumentFile.objects.exists()
    assert stored_files(media) == []


def test_file_written_is_deleted_when_the_row_cannot_be_saved(plan, city_specialist, media):
    """If saving the row fails after the file was written, the file is removed again."""

    def refuse(sender, instance, **kwargs):
        raise DatabaseError("disk full")

    pre_save.connect(refuse, sender=DocumentFile)
    try:
        with pytest.raises(DatabaseError):
            document_file_attach(
                document=plan,
                uploaded=samples.upload("a.docx", samples.official_docx()),
                actor=city_specialist,
            )
    finally:
        pre_save.disconnect(refuse, sender=DocumentFile)
    assert not DocumentFile.objects.exists()
    assert stored_files(media) == []


# --- document_file_remove ----------------------------------------------------------------------


def test_remove_deletes_row_file_and_its_text(
    plan, city_specialist, media, django_capture_on_commit_callbacks
):
    """Removing the only file removes it from disk and empties the document's text."""
    with django_capture_on_commit_callbacks(execute=True):
        record = document_file_attach(
            document=plan,
            uploaded=samples.upload("a.docx", samples.official_docx()),
            actor=city_specialist,
        )
    plan.refresh_from_db()
    assert samples.CITATION in plan.body
    with django_capture_on_commit_callbacks(execute=True):
        document_file_remove(file=record, actor=city_specialist)
    plan.refresh_from_db()
    assert not DocumentFile.objects.exists()
    assert stored_files(media) == []
    assert plan.body == ""
    assert ModelLogEntry.objects.for_instance(plan).filter(data__file_removed="a.docx").exists()


def test_remove_needs_the_right_to_edit(plan, city_specialist, ward_officer_a, media):
    """A ward officer cannot remove a city document's file; it stays on disk."""
    record = document_file_attach(
        document=plan,
        uploaded=samples.upload("a.docx", samples.official_docx()),
        actor=city_specialist,
    )
    with pytest.raises(PermissionDenied):
        document_file_remove(file=record, actor=ward_officer_a)
    assert DocumentFile.objects.count() == 1
    assert len(stored_files(media)) == 1
