"""Guessing the registry fields from the official header, and prefilling the form from an
uploaded file."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from tuyengiao.documents.extraction import (
    NO_OCR_NOTE,
    SCAN_SKIPPED_NOTE,
    ocr_available,
    read_text,
)
from tuyengiao.documents.files import prefill_from_file
from tuyengiao.documents.header import HeaderGuess, guess_header
from tuyengiao.documents.tests import samples

STATE_PLAN = """ỦY BAN NHÂN DÂN
QUẬN THANH XUÂN
-------
Số: 147/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Thanh Xuân, ngày 05 tháng 02 năm 2026
KẾ HOẠCH
Triển khai công tác chuyển đổi số năm 2026
trên địa bàn quận
Căn cứ Kế hoạch số 15-KH/TU ngày 05/01/2026 của Thành ủy Hà Nội;
"""

# A PDF text layer puts the two header columns on the same lines.
PDF_GUIDE = """THÀNH ỦY HÀ NỘI ĐẢNG CỘNG SẢN VIỆT NAM
BAN TUYÊN GIÁO
*
Số 15-HD/BTGTU Hà Nội, ngày 05 tháng 02 năm 2026
HƯỚNG DẪN
tuyên truyền kỷ niệm 96 năm Ngày thành lập
Đảng Cộng sản Việt Nam
-----
Thực hiện Kế hoạch số 229-KH/QU của Quận ủy Ba Đình, Ban Tuyên giáo hướng dẫn như sau:
"""

# Tesseract separates lines with blank lines when they are far apart.
OCR_DIRECTIVE = """BỘ CHÍNH TRỊ

Số 35-CT/TW

Hà Nội, ngày 14 tháng 6 năm 2024

CHỈ THỊ

CỦA BỘ CHÍNH TRỊ

về tổ chức đại hội đảng bộ các cấp
"""

LETTER = """ỦY BAN NHÂN DÂN
QUẬN BA ĐÌNH
Số: 838/UBND-VHTT
V/v tổ chức các hoạt động
kỷ niệm ngày thành lập Đảng
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Ba Đình, ngày 20 tháng 01 năm 2025
Kính gửi: Các phòng, ban, ngành thuộc quận
"""


def test_guess_from_the_docx_header(tmp_path):
    """The Party plan's DOCX: its own number, not the Chỉ thị it cites; the issuing body, not
    its superior or the motto; place and date; type word and summary."""
    path = tmp_path / "a.docx"
    path.write_bytes(samples.official_docx())
    assert guess_header(read_text(path, "docx").text) == HeaderGuess(
        symbol="229-KH/QU",
        type_word="KẾ HOẠCH",
        issuer_phrase="QUẬN ỦY BA ĐÌNH",
        issue_date=date(2024, 6, 10),
        place="Ba Đình",
        summary=samples.SUMMARY,
    )


def test_guess_from_a_state_header():
    """State layout: a body named on two lines, ``Số:`` with a colon, a wrapped summary
    ending before ``Căn cứ``."""
    assert guess_header(STATE_PLAN) == HeaderGuess(
        symbol="147/KH-UBND",
        type_word="KẾ HOẠCH",
        issuer_phrase="ỦY BAN NHÂN DÂN QUẬN THANH XUÂN",
        issue_date=date(2026, 2, 5),
        place="Thanh Xuân",
        summary="Triển khai công tác chuyển đổi số năm 2026 trên địa bàn quận",
    )


def test_guess_from_pdf_lines_that_merge_the_columns():
    """Motto cut out of the issuer's line, number and date on one line, a board named under
    its committee, and a summary wrapped before a capitalised word."""
    guess = guess_header(PDF_GUIDE)
    assert guess.symbol == "15-HD/BTGTU"
    assert guess.issuer_phrase == "BAN TUYÊN GIÁO THÀNH ỦY HÀ NỘI"
    assert (guess.place, guess.issue_date) == ("Hà Nội", date(2026, 2, 5))
    assert guess.type_word == "HƯỚNG DẪN"
    assert guess.summary == "tuyên truyền kỷ niệm 96 năm Ngày thành lập Đảng Cộng sản Việt Nam"


def test_guess_from_ocr_text_with_blank_lines():
    """OCR output: blank lines between header lines; ``CỦA BỘ CHÍNH TRỊ`` belongs to the
    title, not the summary."""
    guess = guess_header(OCR_DIRECTIVE)
    assert guess.symbol == "35-CT/TW"
    assert guess.issuer_phrase == "BỘ CHÍNH TRỊ"
    assert guess.issue_date == date(2024, 6, 14)
    assert guess.type_word == "CHỈ THỊ"
    assert guess.summary == "về tổ chức đại hội đảng bộ các cấp"


def test_official_letter_takes_its_subject_as_summary():
    """A công văn has no title: the summary is its ``V/v`` line, wrapped."""
    guess = guess_header(LETTER)
    assert guess.symbol == "838/UBND-VHTT"
    assert guess.type_word is None
    assert guess.issuer_phrase == "ỦY BAN NHÂN DÂN QUẬN BA ĐÌNH"
    assert guess.issue_date == date(2025, 1, 20)
    assert guess.summary == "tổ chức các hoạt động kỷ niệm ngày thành lập Đảng"


def test_a_citation_below_the_title_is_not_the_documents_number():
    """Without a ``Số`` line, a symbol after the title is a citation: no own number."""
    guess = guess_header("QUẬN ỦY BA ĐÌNH\nKẾ HOẠCH\nthực hiện Chỉ thị 30-CT/TW của Ban Bí thư\n")
    assert guess.symbol is None
    assert guess.issuer_phrase == "QUẬN ỦY BA ĐÌNH"
    assert guess.summary == "thực hiện Chỉ thị 30-CT/TW của Ban Bí thư"


def test_draft_number_and_impossible_date_are_left_out():
    """A draft's blank number and 31 February are not guesses."""
    guess = guess_header("ĐẢNG ỦY PHƯỜNG\nSố    -NQ/ĐU\nHà Nội, ngày 31 tháng 02 năm 2024\n")
    assert guess.symbol is None
    assert guess.issue_date is None
    assert guess.issuer_phrase == "ĐẢNG ỦY PHƯỜNG"


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n", "xin chào", "Số", "KẾ HOẠCH", "ngày 99 tháng 99 năm 9999", "\x00" * 50, None],
)
def test_unreadable_text_gives_an_empty_guess(text):
    """Nothing recognisable, or not even text: Nones, never an exception."""
    guess = guess_header(text)
    assert guess.symbol is None
    assert guess.issue_date is None
    assert guess.issuer_phrase is None


def test_very_long_text_is_read_only_at_the_top():
    """Only the header lines are looked at, so a long body is cheap and ignored."""
    body = "Thực hiện Chỉ thị số 30-CT/TW của Ban Bí thư.\n" * 20_000
    guess = guess_header(STATE_PLAN + body)
    assert guess.symbol == "147/KH-UBND"


# --- prefill_from_file ---------------------------------------------------------------------------


def test_prefill_from_a_docx():
    """The registration form gets the header of an uploaded DOCX at once."""
    guess = prefill_from_file(samples.upload("ke-hoach.docx", samples.official_docx()))
    assert guess.symbol == "229-KH/QU"
    assert guess.issue_date == date(2024, 6, 10)
    assert guess.note is None


@pytest.mark.parametrize(
    ("name", "build"), [("scan.png", samples.scan_png), ("scan.pdf", samples.scan_pdf)]
)
def test_prefill_from_a_scan_waits_for_ocr_after_saving(name, build):
    """Images and scanned PDFs are not OCRed while the form waits: an empty guess and a note
    saying the text is read after saving (or that OCR is missing, where it is)."""
    guess = prefill_from_file(samples.upload(name, build()))
    assert guess.is_empty
    assert guess.note == (SCAN_SKIPPED_NOTE if ocr_available() else NO_OCR_NOTE)


def test_prefill_refuses_a_bad_upload():
    """The same checks as attaching: a text file named .pdf is refused."""
    with pytest.raises(ValidationError) as error:
        prefill_from_file(samples.upload("x.pdf", b"khong phai pdf" * 10))
    assert "không phải PDF, DOCX hay ảnh" in error.value.message_dict["file"][0]
