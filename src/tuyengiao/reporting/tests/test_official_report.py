"""The city's nine-month 2022 report in the official layout: opened with python-docx and
checked for the page, fonts, header, number, date line, title, the seed's figures, the page
number field, the signature and the recipients; the command end to end."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from openpyxl import load_workbook
from pypdf import PdfReader

from tuyengiao.core.actors import SYSTEM
from tuyengiao.core.text import vietnamese_sorted
from tuyengiao.demo.accounts import ensure_demo_accounts
from tuyengiao.demo.activities import ensure_demo_activities
from tuyengiao.demo.documents import ensure_demo_documents
from tuyengiao.demo.orgs import ensure_demo_orgs
from tuyengiao.demo.plans import ensure_demo_plans
from tuyengiao.demo.reporting import FORM_CODE, ensure_demo_reporting
from tuyengiao.orgs.models import Unit
from tuyengiao.reporting.models import ReportDraft, ReportForm
from tuyengiao.reporting.official.layout import ruleset_for
from tuyengiao.reporting.official.render import render_report
from tuyengiao.reporting.periods import parse_period

# Database tests all: run with the other database tests, before the transactional ones
# empty the tables that the migrations filled (unit kinds, roles), which the demo needs.
pytestmark = pytest.mark.django_db

SEED_CLASSES = (
    "Tính đến 8/9, toàn Thành phố đã mở được 1.418 lớp/230.516 lượt học viên, trong đó khối "
    "Đảng 614 lớp/102.068 lượt học viên, khối Đoàn thể 288 lớp/52.467 lượt học viên, khối Nhà "
    "nước 490 lớp/71.215 lượt học viên, khác 26 lớp/4.766 lượt học viên."
)


@dataclass
class Rendered:
    """What the demo city's report came out as (built once for the module)."""

    city: bytes
    command: bytes
    command_output: str
    district: bytes
    progress: list[int]
    draft_texts: str
    district_draft_saved: bool
    xlsx: bytes

    def document(self, name: str = "city") -> Document:
        return Document(io.BytesIO(getattr(self, name)))


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker, tmp_path_factory) -> Rendered:
    """The demo loaded and its reports written once, in a transaction rolled back after:
    loading the demo takes a while. Content types are cached per process: the cache is
    emptied on the way in and out, as Django's own test cases do, so that ids cached by an
    earlier test (or by this rolled-back transaction) are never trusted."""
    ContentType.objects.clear_cache()
    with django_db_blocker.unblock(), transaction.atomic():
        ensure_demo_orgs()
        ensure_demo_accounts()
        ensure_demo_documents()
        ensure_demo_plans()
        ensure_demo_activities()
        ensure_demo_reporting()
        form, city = ReportForm.objects.get(code=FORM_CODE), Unit.objects.get(code="HN")
        period = parse_period("2022N9")
        progress: list[int] = []
        content = render_report(
            SYSTEM, form=form, unit=city, period=period, progress=progress.append
        )
        target = tmp_path_factory.mktemp("report") / "bao-cao.docx"
        out = io.StringIO()
        call_command(
            "report_render",
            form=FORM_CODE,
            unit="HN",
            period="2022N9",
            format="docx",
            output=str(target),
            stdout=out,
        )
        district = Unit.objects.get(code="HN.BADINH")
        result = Rendered(
            city=content,
            command=target.read_bytes(),
            command_output=out.getvalue(),
            district=render_report(SYSTEM, form=form, unit=district, period=period),
            progress=progress,
            draft_texts="".join(
                ReportDraft.objects.get(form=form, unit=city, period_code="2022N9").texts.values()
            ),
            district_draft_saved=ReportDraft.objects.filter(unit=district).exists(),
            xlsx=render_report(SYSTEM, form=form, unit=city, period=period, fmt="xlsx"),
        )
        transaction.set_rollback(True)
    ContentType.objects.clear_cache()
    return result


def _body_text(document) -> str:
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def _all_paragraphs(document):
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def test_the_page_fonts_and_margins_follow_the_party_ruleset(rendered):
    document = rendered.document()
    rules = ruleset_for("party", parse_period("2022N9").end)

    def mm(length) -> float:
        return round(length.mm, 1)

    section = document.sections[0]
    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert mm(section.top_margin) == rules.page.top_mm == 20
    assert mm(section.bottom_margin) == rules.page.bottom_mm == 20
    assert mm(section.left_margin) == rules.page.left_mm == 30
    assert mm(section.right_margin) == rules.page.right_mm == 15
    runs = [run for paragraph in _all_paragraphs(document) for run in paragraph.runs]
    assert len(runs) > 100
    assert {run.font.name for run in runs} == {"Times New Roman"}
    assert document.styles["Normal"].font.name == "Times New Roman"
    body = next(p for p in document.paragraphs if SEED_CLASSES in p.text)
    assert body.runs[0].font.size.pt == rules.size("body") == 14
    # The appendix by unit is landscape A4.
    last = document.sections[-1]
    assert (mm(last.page_width), mm(last.page_height)) == (297, 210)


def test_the_header_block_number_and_date_line(rendered):
    header = rendered.document().tables[0]
    left = [p for p in header.cell(0, 0).paragraphs if p.text]
    right = [p for p in header.cell(0, 1).paragraphs if p.text]
    assert [p.text for p in left] == ["THÀNH ỦY HÀ NỘI", "BAN TUYÊN GIÁO", "*"]
    assert not left[0].runs[0].bold
    assert left[1].runs[0].bold
    assert right[0].text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert right[0].runs[0].bold
    # The rule under the Party's name: a paragraph with a bottom border.
    assert header.cell(0, 1).paragraphs[-1]._p.xpath("./w:pPr/w:pBdr/w:bottom")
    # A borderless table.
    assert header.style is None or "Grid" not in header.style.name
    assert header.cell(1, 0).text == "Số 125-BC/BTGTU"
    date_line = header.cell(1, 1).paragraphs[0]
    assert date_line.text == "Hà Nội, ngày 05 tháng 10 năm 2022"
    assert all(run.italic for run in date_line.runs)


def test_the_title_block(rendered):
    document = rendered.document()
    texts = [p.text for p in document.paragraphs]
    at = texts.index("BÁO CÁO")
    title = document.paragraphs[at]
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.runs[0].bold
    assert title.runs[0].font.size.pt == 16
    assert texts[at + 1] == (
        "kết quả công tác tuyên giáo 9 tháng đầu năm 2022; phương hướng, nhiệm vụ 3 tháng cuối năm"
    )
    assert document.paragraphs[at + 1].runs[0].bold
    assert texts[at + 2] == "-----"


def test_the_text_has_the_seed_figures_in_sections_one_to_four(rendered):
    document = rendered.document()
    text = _body_text(document)
    assert SEED_CLASSES in text
    assert "ban hành 1.420 văn bản lãnh đạo, chỉ đạo" in text
    assert "đã hoàn thành 84/87 đầu việc đề ra trong 9 tháng đầu năm 2022" in text
    for heading in (
        "I. KẾT QUẢ ĐẠT ĐƯỢC",
        "1. Công tác tham mưu, chỉ đạo",
        "4. Lý luận chính trị",
        "II. ĐÁNH GIÁ CHUNG",
        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ 3 THÁNG CUỐI NĂM",
        "IV. ĐỀ XUẤT, KIẾN NGHỊ",
    ):
        assert heading in text.splitlines()
    # The city board's submitted narrative is compiled into its section.
    assert "Ban Tuyên giáo Thành ủy tham mưu ban hành nhiều văn bản" in text
    # Highlighted activities of the period in the subtree.
    assert "Một số hoạt động nổi bật trong kỳ:" in text
    assert "(Quận ủy Ba Đình, 29/09/2022)." in text
    # Conferences: attended of expected with the percentage.
    assert re.search(r"số người tham dự [\d.]+/[\d.]+ người, đạt \d+,\d+%", text)
    body = next(p for p in document.paragraphs if SEED_CLASSES in p.text)
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert body.paragraph_format.first_line_indent is not None


def test_page_numbers_from_page_two(rendered):
    section = rendered.document().sections[0]
    assert section.different_first_page_header_footer
    header_xml = section.header._element.xml
    assert "PAGE" in "".join(section.header._element.itertext())
    assert 'w:fldCharType="begin"' in header_xml
    assert section.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert "PAGE" not in section.first_page_header._element.xml


def test_signature_and_recipients(rendered):
    signature = rendered.document().tables[1]
    recipients = [p for p in signature.cell(0, 0).paragraphs if p.text]
    assert recipients[0].text == "Nơi nhận:"
    assert recipients[0].runs[0].underline
    assert recipients[1].text == "- Ban Tuyên giáo Trung ương (để báo cáo),"
    assert recipients[-1].text == "- Lưu Văn phòng Ban."
    signer = [p.text for p in signature.cell(0, 1).paragraphs if p.text]
    assert signer == ["TRƯỞNG BAN", "Bùi Huyền Mai"]


def test_appendices_list_figures_units_and_sources_with_comments(rendered):
    document = rendered.document()
    text = _body_text(document)
    assert "Phụ lục 1" in text
    assert "NGUỒN SỐ LIỆU" in text
    assert "(Kèm theo Báo cáo số 125-BC/BTGTU)" in text
    figures = document.tables[2]
    rows = [[cell.text for cell in row.cells] for row in figures.rows]
    assert ["9", "Số lớp bồi dưỡng lý luận chính trị", "lớp", "1.418"] in rows
    assert ["", "- Khối Đảng", "lớp", "614"] in rows
    sources = document.tables[3]
    source_text = "\n".join(cell.text for row in sources.rows for cell in row.cells)
    assert "Tổng hợp từ báo cáo của 31 đơn vị (31 báo cáo đã duyệt)" in source_text
    assert "tính từ kế hoạch công tác" in source_text
    by_unit = document.tables[4]
    assert by_unit.rows[-1].cells[0].text == "Tổng cộng"
    assert by_unit.rows[-1].cells[-1].text == "230.516"
    comments = list(document.comments)
    assert len(comments) == 10  # one on each indicator's figure
    assert all("Tổng hợp từ báo cáo" in comment.text for comment in comments)


def test_the_figures_by_unit_list_only_units_with_figures(rendered):
    """The Ban Dân vận Thành ủy sits under the Thành ủy but does not report on the form: it
    is not listed (it was a row of empty cells). Every other cell has a figure or a dash,
    explained under the table."""
    document = rendered.document()
    rows = [[cell.text for cell in row.cells] for row in document.tables[4].rows]
    names = [row[0] for row in rows[1:-1]]
    assert "Ban Dân vận Thành ủy" not in names
    assert len(names) == 31  # the city's Ban Tuyên giáo and the 30 district committees
    assert names == vietnamese_sorted(names)
    assert all(text.strip() for row in rows for text in row)
    ba_dinh = next(row for row in rows if row[0] == "Quận ủy Ba Đình")
    assert ba_dinh[1] == "-"  # a district does not report the city's documents issued
    assert "Ghi chú: Dấu “-”: đơn vị không có số liệu của chỉ tiêu trong kỳ." in _body_text(
        document
    )


def test_the_file_names_its_issuing_body_and_is_dated_by_the_clock(rendered):
    properties = rendered.document().core_properties
    assert properties.author == properties.last_modified_by == "Ban Tuyên giáo Thành ủy Hà Nội"
    assert properties.created.year == timezone.now().year
    assert properties.title == (
        "Báo cáo kết quả công tác tuyên giáo 9 tháng đầu năm 2022; phương hướng, nhiệm vụ 3 "
        "tháng cuối năm"
    )
    assert properties.language == "vi-VN"
    with zipfile.ZipFile(io.BytesIO(rendered.city)) as archive:
        xml = {name: archive.read(name) for name in archive.namelist() if name.endswith(".xml")}
    assert b"python-docx" not in xml["docProps/core.xml"]
    languages = re.findall(rb"<w:lang [^>]*>", b"".join(xml.values()))
    assert languages
    assert set(languages) == {b'<w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="vi-VN"/>'}


def test_figures_are_read_fresh_not_stored_in_the_draft(rendered):
    assert "1.418" not in rendered.draft_texts
    assert "{{ pair('classes', 'learners') }}" in rendered.draft_texts


def test_the_command_writes_the_docx(rendered):
    text = _body_text(rendered.document("command"))
    assert SEED_CLASSES in text
    assert "84/87" in text
    assert "Đã ghi" in rendered.command_output


def test_progress_is_reported(rendered):
    assert rendered.progress[0] == 0
    assert rendered.progress[-1] == 100
    assert rendered.progress == sorted(rendered.progress)


def test_a_district_report_without_a_draft_uses_the_prefilled_default(rendered):
    """Ba Đình's committee has a Ban Tuyên giáo: the Ban issues, its deputy head signs."""
    document = rendered.document("district")
    header = document.tables[0]
    assert [p.text for p in header.cell(0, 0).paragraphs if p.text] == [
        "QUẬN ỦY BA ĐÌNH",
        "BAN TUYÊN GIÁO",
        "*",
    ]
    assert header.cell(1, 0).text.startswith("Số ")
    assert header.cell(1, 0).text.endswith("-BC/BTGQU")
    assert header.cell(1, 1).text.startswith("Ba Đình, ngày")
    assert header.cell(1, 1).text.endswith("năm 2022")
    signature = [p.text for p in document.tables[1].cell(0, 1).paragraphs if p.text]
    assert signature == ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]
    assert not rendered.district_draft_saved


def test_the_excel_report_is_a_workbook(rendered):
    workbook = load_workbook(io.BytesIO(rendered.xlsx))
    assert workbook.sheetnames
    values = [
        cell for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row
    ]
    assert 1418 in values or "1.418" in values


@pytest.mark.django_db
def test_the_command_explains_bad_arguments_in_vietnamese(city, tmp_path):
    target = str(tmp_path / "x.docx")
    with pytest.raises(CommandError, match="Không có biểu mẫu mã “khong-co”"):
        call_command("report_render", form="khong-co", unit="TP", period="2022N9", output=target)
    ReportForm.objects.create(code="thang", name="Báo cáo tháng", period_type="month")
    with pytest.raises(CommandError, match="Không có đơn vị mã “XX”"):
        call_command("report_render", form="thang", unit="XX", period="2022M09", output=target)
    with pytest.raises(CommandError, match="Kỳ"):
        call_command("report_render", form="thang", unit="TP", period="2022Z", output=target)


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOPPM = shutil.which("pdftoppm")
ARTEFACTS = Path(settings.VAR_DIR) / "artefacts"


@pytest.mark.skipif(
    not (SOFFICE and PDFTOPPM),
    reason="LibreOffice (soffice) and poppler (pdftoppm) are not installed: "
    "apt-get install libreoffice-writer poppler-utils",
)
def test_libreoffice_lays_the_report_out_on_a4_pages(rendered, tmp_path):
    """Word's layout as another program reads it: A4 pages (the appendix by unit landscape),
    the first page kept as a picture under var/artefacts for people to look at."""
    source = tmp_path / "bao-cao-9-thang-2022.docx"
    source.write_bytes(rendered.city)
    # A profile of its own, so that conversions running side by side do not clash.
    profile = (tmp_path / "libreoffice-profile").as_uri()
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pdf = tmp_path / "bao-cao-9-thang-2022.pdf"
    pages = PdfReader(pdf).pages
    assert len(pages) >= 1
    sizes = [
        (
            round(float(page.mediabox.width) * 25.4 / 72),
            round(float(page.mediabox.height) * 25.4 / 72),
        )
        for page in pages
    ]
    assert sizes[0] == (210, 297)
    assert (297, 210) in sizes  # the appendix by unit
    texts = [page.extract_text() for page in pages]
    assert all(len(text.strip()) > 20 for text in texts)  # no page left blank
    first = texts[0]
    assert "BÁO CÁO" in first
    assert "125-BC/BTGTU" in first
    subprocess.run(
        [PDFTOPPM, "-png", "-r", "80", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "trang")],
        check=True,
        capture_output=True,
        timeout=60,
    )
    png = next(tmp_path.glob("trang*.png"))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 20_000  # a page of text, not a blank one
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(png, ARTEFACTS / "bao-cao-9-thang-2022-trang-1.png")
    shutil.copyfile(pdf, ARTEFACTS / "bao-cao-9-thang-2022.pdf")
