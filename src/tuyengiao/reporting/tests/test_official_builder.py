"""The Word report as a file: its properties name the issuing body, the report and the moment
it was written (not python-docx's 2013); every run, style and default is Vietnamese, so
Word checks the spelling in Vietnamese; the appendices have no blank row or cell. Opened
with python-docx and as the XML inside the .docx. Built on the small test city."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from docx import Document
from docx.oxml.ns import qn
from lxml import etree

from tuyengiao.core.actors import SYSTEM
from tuyengiao.reporting.official.drafts import draft_for, draft_update
from tuyengiao.reporting.official.render import render_report
from tuyengiao.reporting.official.templates import starter_template, template_upload
from tuyengiao.reporting.periods import period_containing
from tuyengiao.reporting.tests import builders
from tuyengiao.reporting.tests.test_official_drafts import SmallReport, small_report  # noqa: F401

pytestmark = pytest.mark.django_db

VIETNAMESE = {qn("w:val"): "vi-VN", qn("w:eastAsia"): "vi-VN", qn("w:bidi"): "vi-VN"}


def _city_report(small: SmallReport) -> bytes:
    return render_report(SYSTEM, form=small.tf.form, unit=small.city.city, period=small.period)


def _parts(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _xml_parts(content: bytes) -> dict[str, etree._Element]:
    return {
        name: etree.fromstring(data)
        for name, data in _parts(content).items()
        if name.endswith(".xml") or name.endswith(".rels")
    }


def _rows(table) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_properties_name_the_issuing_body_the_report_and_the_clock(small_report):  # noqa: F811
    content = _city_report(small_report)
    properties = Document(io.BytesIO(content)).core_properties
    now = timezone.now()
    assert properties.created.year == now.year
    assert abs(properties.created - now) < timedelta(minutes=1)
    assert properties.modified == properties.created
    # The body's name in running text: the header prints it in capitals on two lines.
    assert properties.author == "Ban Tuyên giáo Thành ủy Thành phố"
    assert properties.last_modified_by == properties.author
    assert properties.title == f"Báo cáo kết quả công tác {small_report.period.label}"
    assert properties.language == "vi-VN"
    assert properties.comments == ""
    core = _parts(content)["docProps/core.xml"].decode()
    assert "python-docx" not in core
    assert "2013" not in core
    # python-docx's preview picture of an empty page is not kept.
    assert "docProps/thumbnail.jpeg" not in _parts(content)


def test_the_file_is_dated_by_the_clock_not_the_computer(small_report, time_machine):  # noqa: F811
    hanoi = ZoneInfo("Asia/Ho_Chi_Minh")
    time_machine.move_to(datetime(2027, 3, 5, 8, 30, tzinfo=hanoi), tick=False)
    properties = Document(io.BytesIO(_city_report(small_report))).core_properties
    assert properties.created == datetime(2027, 3, 5, 1, 30, tzinfo=UTC)
    assert properties.modified == properties.created


def test_every_run_style_and_default_is_vietnamese(small_report):  # noqa: F811
    content = _city_report(small_report)
    parts = _xml_parts(content)
    assert "word/stylesWithEffects.xml" not in parts  # Word 2010's en-US copy of the styles
    languages = [lang for root in parts.values() for lang in root.iter(qn("w:lang"))]
    assert len(languages) > 100
    assert all(dict(lang.attrib) == VIETNAMESE for lang in languages)
    path = "/".join(qn(tag) for tag in ("w:docDefaults", "w:rPrDefault", "w:rPr", "w:lang"))
    defaults = parts["word/styles.xml"].find(path)
    assert defaults is not None
    assert dict(defaults.attrib) == VIETNAMESE
    normal = next(
        style
        for style in parts["word/styles.xml"].iter(qn("w:style"))
        if style.get(qn("w:styleId")) == "Normal"
    )
    assert dict(normal.find(f"{qn('w:rPr')}/{qn('w:lang')}").attrib) == VIETNAMESE
    # Every run of the body, the page-number header and the comments on the figures.
    for name in ("word/document.xml", "word/header1.xml", "word/comments.xml"):
        runs = list(parts[name].iter(qn("w:r")))
        assert runs, name
        assert all(run.find(f"{qn('w:rPr')}/{qn('w:lang')}") is not None for run in runs), name
    assert not any(b"en-US" in data for data in _parts(content).values())
    settings = parts["word/settings.xml"]
    # Word is not told that the spelling was already checked.
    assert settings.find(qn("w:proofState")) is None
    assert settings.find(qn("w:themeFontLang")).get(qn("w:val")) == "vi-VN"


def test_a_unit_below_without_figures_is_not_listed(small_report):  # noqa: F811
    """The city's Ban Tuyên giáo sits beside the district but does not report on the form:
    no row of empty cells for it; the district's row has every figure."""
    document = Document(io.BytesIO(_city_report(small_report)))
    by_unit = _rows(document.tables[4])
    assert [row[0] for row in by_unit] == ["Đơn vị", "Quận ủy Quận Một", "Tổng cộng"]
    assert by_unit[1][1:] == by_unit[2][1:] == ["6", "7", "135"]
    figures, sources = _rows(document.tables[2])[1:], _rows(document.tables[3])[1:]
    assert all(row[3].strip() for row in figures)  # each indicator's and option's figure
    assert all(row[2].strip() for row in sources)


def test_a_figure_a_listed_unit_has_not_got_is_a_dash_explained_below(city):
    tf = builders.build_form(city.ward_a, city.ward_b)
    period = period_containing("month", timezone.localdate())
    builders.report(
        tf, city.ward_a, period, documents=3, classes={"party": 2}, learners={"party": 40}
    )
    builders.report(tf, city.ward_b, period, classes={"party": 5}, learners={"party": 95})
    content = render_report(SYSTEM, form=tf.form, unit=city.district, period=period)
    document = Document(io.BytesIO(content))
    assert _rows(document.tables[4])[1:] == [
        ["Đảng ủy phường Ánh Dương", "3", "2", "40"],
        ["Đảng ủy phường Bình Minh", "-", "5", "95"],
        ["Tổng cộng", "3", "7", "135"],
    ]
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert "Ghi chú: Dấu “-”: đơn vị không có số liệu của chỉ tiêu trong kỳ." in texts
    # A committee without a board issues its report itself.
    assert Document(io.BytesIO(content)).core_properties.author == "Quận ủy Quận Một"


def test_an_issuing_body_written_by_hand_is_the_author(small_report):  # noqa: F811
    draft, _editable = draft_for(
        SYSTEM, form=small_report.tf.form, unit=small_report.city.city, period=small_report.period
    )
    draft_update(draft, actor=SYSTEM, family="state", issuing_body="Phòng Văn hóa và Thông tin")
    properties = Document(io.BytesIO(_city_report(small_report))).core_properties
    assert properties.author == "Phòng Văn hóa và Thông tin"


def test_a_report_written_from_a_template_has_the_reports_properties(small_report):  # noqa: F811
    starter = starter_template(small_report.tf.form)
    assert all(
        dict(lang.attrib) == VIETNAMESE
        for root in _xml_parts(starter).values()
        for lang in root.iter(qn("w:lang"))
    )
    assert Document(io.BytesIO(starter)).core_properties.author == "Tuyên giáo số"
    template_upload(
        form=small_report.tf.form, unit=None, name="Mẫu chung", upload=starter, actor=SYSTEM
    )
    properties = Document(io.BytesIO(_city_report(small_report))).core_properties
    assert properties.author == "Ban Tuyên giáo Thành ủy Thành phố"
    assert properties.title == f"Báo cáo kết quả công tác {small_report.period.label}"
    assert properties.created.year == timezone.now().year
