"""The built-in official layout: a resolved report written to Word with python-docx.

Everything that the rules fix (page, margins, font and sizes, header texts, the number
prefix, the signature and recipients styles) comes from the report's ruleset (``layout``);
this module only knows where each element goes:

* a borderless two-column header table: superior body, issuing body (bold) and ``*`` on the
  left, the Party's name or the national motto with a rule below on the right; the number
  under the issuing body and the italic place-and-date line beside it;
* the document type and its summary, centred and bold;
* the sections, justified with a first-line indent;
* recipients on the left and the signature block on the right;
* appendices: the figures by indicator and option, where each figure comes from (also as
  Word comments on the figures), and the figures of each unit below (landscape);
* page numbers centred in the top margin from page 2 (a different first page).
"""

from __future__ import annotations

import io
from collections.abc import Callable

from docx import Document as WordDocument
from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from tuyengiao.reporting.official.layout import Ruleset
from tuyengiao.reporting.official.report import ResolvedReport, ResolvedSection

COMMENT_AUTHOR = "Nguồn số liệu"
FIGURE_HEADERS = ("STT", "Chỉ tiêu", "Đơn vị tính", "Số liệu")
FIGURE_WIDTHS = (0.09, 0.55, 0.18, 0.18)
SOURCE_HEADERS = ("STT", "Chỉ tiêu", "Nguồn số liệu")
SOURCE_WIDTHS = (0.09, 0.38, 0.53)

Progress = Callable[[int], None]


class Writer:
    """Paragraph and run helpers bound to a document and its ruleset."""

    def __init__(self, ruleset: Ruleset) -> None:
        self.ruleset = ruleset
        self.document: Document = WordDocument()
        self._set_defaults()

    # --- Fonts and paragraphs ------------------------------------------------------------

    def _set_defaults(self) -> None:
        style = self.document.styles["Normal"]
        style.font.name = self.ruleset.font
        style.font.size = Pt(self.ruleset.size("body"))
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attribute), self.ruleset.font)
        style.paragraph_format.space_after = Pt(0)
        style.paragraph_format.space_before = Pt(0)

    def run(
        self,
        paragraph: Paragraph,
        text: str,
        *,
        size: str = "body",
        bold: bool = False,
        italic: bool = False,
        underline: bool = False,
    ) -> Run:
        """A run in the ruleset's font (every script, so Vietnamese text never falls back)."""
        run = paragraph.add_run(text)
        run.font.name = self.ruleset.font
        fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:eastAsia", "w:cs"):
            fonts.set(qn(attribute), self.ruleset.font)
        run.font.size = Pt(self.ruleset.size(size))
        run.font.bold = bold
        run.font.italic = italic
        run.font.underline = underline
        return run

    def line(
        self,
        container: Document | _Cell,
        text: str,
        *,
        align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
        space_before: float = 0,
        space_after: float = 0,
        **font: object,
    ) -> Paragraph:
        """A single-spaced paragraph of one run (header, title, signature, tables)."""
        paragraph = container.add_paragraph()
        paragraph.alignment = align
        paragraph.paragraph_format.space_before = Pt(space_before)
        paragraph.paragraph_format.space_after = Pt(space_after)
        paragraph.paragraph_format.line_spacing = 1.0
        self.mark_size(paragraph, str(font.get("size", "body")))
        if text:
            self.run(paragraph, text, **font)  # type: ignore[arg-type]
        return paragraph

    def body(self, text: str, *, bold: bool = False, indent: bool = True) -> Paragraph:
        """A paragraph of the report's body: justified, first-line indent, spacing."""
        rules = self.ruleset.body
        paragraph = self.document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = (
            Cm(rules.first_line_indent_cm) if indent else None
        )
        paragraph.paragraph_format.space_after = Pt(rules.space_after_pt)
        paragraph.paragraph_format.line_spacing = rules.line_spacing
        self.run(paragraph, text, bold=bold)
        return paragraph

    def mark_size(self, paragraph: Paragraph, size: str) -> None:
        """Size the paragraph mark like the text, so an empty line or cell is no taller."""
        properties = paragraph._p.get_or_add_pPr()
        marks = properties.find(qn("w:rPr"))
        if marks is None:
            marks = OxmlElement("w:rPr")
            properties.append(marks)
        for tag in ("w:sz", "w:szCs"):
            element = OxmlElement(tag)
            element.set(qn("w:val"), str(round(self.ruleset.size(size) * 2)))
            marks.append(element)

    def rule(self, container: _Cell, width_mm: float, rule_mm: float) -> Paragraph:
        """A short horizontal rule centred in a column ``width_mm`` wide: an empty paragraph
        whose bottom border runs between its indents."""
        paragraph = container.add_paragraph()
        side = max(0.0, (width_mm - rule_mm) / 2)
        paragraph.paragraph_format.left_indent = Mm(side)
        paragraph.paragraph_format.right_indent = Mm(side)
        paragraph.paragraph_format.space_after = Pt(2)
        paragraph.paragraph_format.line_spacing = Pt(2)
        borders = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1")):
            bottom.set(qn(key), value)
        bottom.set(qn("w:color"), "000000")
        borders.append(bottom)
        paragraph._p.get_or_add_pPr().append(borders)
        return paragraph

    # --- Tables --------------------------------------------------------------------------

    def table(
        self,
        rows: int,
        widths_mm: list[float],
        *,
        grid: bool = True,
        container: Document | None = None,
    ) -> Table:
        table = (container or self.document).add_table(rows=rows, cols=len(widths_mm))
        if grid:
            table.style = self.document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for row in table.rows:
            for cell, width in zip(row.cells, widths_mm, strict=True):
                cell.width = Mm(width)
        for column, width in zip(table.columns, widths_mm, strict=True):
            column.width = Mm(width)
        return table

    def cell(
        self,
        cell: _Cell,
        text: str,
        *,
        size: str = "table",
        align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.LEFT,
        **font: object,
    ) -> Run | None:
        """Write ``text`` in a table cell (its first, empty paragraph)."""
        paragraph = cell.paragraphs[0]
        paragraph.alignment = align
        paragraph.paragraph_format.space_before = Pt(2)
        paragraph.paragraph_format.space_after = Pt(2)
        paragraph.paragraph_format.line_spacing = 1.0
        self.mark_size(paragraph, size)
        if not text:
            return None
        return self.run(paragraph, text, size=size, **font)  # type: ignore[arg-type]

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


def _page_setup(section: Section, ruleset: Ruleset, *, landscape: bool = False) -> None:
    page = ruleset.page
    width, height = Mm(page.width_mm), Mm(page.height_mm)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    section.top_margin, section.bottom_margin = Mm(page.top_mm), Mm(page.bottom_mm)
    section.left_margin, section.right_margin = Mm(page.left_mm), Mm(page.right_mm)
    section.header_distance = Mm(page.header_mm)


def _page_number_header(writer: Writer, section: Section) -> None:
    """Page numbers centred in the top margin from page 2: the first page has its own
    (empty) header, the others a PAGE field."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    begin = writer.run(paragraph, "", size="page_number")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "begin")
    begin._r.append(char)
    instruction = writer.run(paragraph, "", size="page_number")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = " PAGE "
    instruction._r.append(code)
    separate = writer.run(paragraph, "", size="page_number")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "separate")
    separate._r.append(char)
    writer.run(paragraph, "2", size="page_number")
    end = writer.run(paragraph, "", size="page_number")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "end")
    end._r.append(char)


def write_header(writer: Writer, report: ResolvedReport) -> None:
    """The two-column header table, then the number and the place-and-date line."""
    rules = writer.ruleset
    left = rules.page.header_left_mm
    right = rules.page.text_width_mm - left
    table = writer.table(2, [left, right], grid=False)
    issuer, motto = table.cell(0, 0), table.cell(0, 1)
    issuer.paragraphs[0]._p.getparent().remove(issuer.paragraphs[0]._p)
    if report.superior_body:
        writer.line(issuer, report.superior_body, size="superior_body")
    writer.line(issuer, report.issuing_body, size="issuing_body", bold=True)
    if rules.header.issuer_mark:
        writer.line(issuer, rules.header.issuer_mark, size="issuing_body")
    if rules.header.issuer_rule_mm:
        writer.rule(issuer, left, rules.header.issuer_rule_mm)
    motto.paragraphs[0]._p.getparent().remove(motto.paragraphs[0]._p)
    for n, text in enumerate(rules.header.motto):
        writer.line(motto, text, size="motto" if n == 0 else "motto_sub", bold=True)
    writer.rule(motto, right, rules.header.motto_rule_mm)
    writer.cell(
        table.cell(1, 0), report.number_line, size="number", align=WD_ALIGN_PARAGRAPH.CENTER
    )
    writer.cell(
        table.cell(1, 1),
        report.place_date,
        size="place_date",
        italic=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )


def write_title(writer: Writer, report: ResolvedReport) -> None:
    writer.line(writer.document, report.doc_type, size="doc_type", bold=True, space_before=18)
    writer.line(writer.document, report.summary, size="summary", bold=True)
    if writer.ruleset.header.title_rule:
        writer.line(writer.document, writer.ruleset.header.title_rule, size="summary")
    writer.line(writer.document, "", space_after=6)


def write_sections(writer: Writer, sections: list[ResolvedSection]) -> None:
    for section in sections:
        if section.heading:
            writer.body(section.heading, bold=True)
        for text in section.paragraphs:
            writer.body(text)


def write_signature(writer: Writer, report: ResolvedReport) -> None:
    """Recipients on the left, the signature block on the right."""
    rules = writer.ruleset
    width = rules.page.text_width_mm
    table = writer.table(1, [width * 0.5, width * 0.5], grid=False)
    recipients, signature = table.cell(0, 0), table.cell(0, 1)
    label = rules.recipients.label
    style = rules.recipients.label_style
    writer.cell(
        recipients,
        label,
        size="recipients_label",
        bold=style == "bold_italic",
        italic=style == "bold_italic",
        underline=style == "underline",
    )
    for line in report.recipients:
        writer.line(recipients, line, size="recipients", align=WD_ALIGN_PARAGRAPH.LEFT)
    first = True
    for text in (report.signing_authority, report.signer_title):
        if not text:
            continue
        if first:
            writer.cell(
                signature, text, size="signature", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER
            )
            first = False
        else:
            writer.line(signature, text, size="signature", bold=True)
    for _ in range(rules.signature.blank_lines):
        writer.line(signature, "", size="signature")
    writer.line(signature, report.signer_name, size="signature", bold=True)


def _appendix_title(writer: Writer, label: str, title: str, report: ResolvedReport) -> None:
    writer.line(writer.document, label, size="body", bold=True)
    writer.line(writer.document, title, size="body", bold=True)
    number = report.number_line.removeprefix(writer.ruleset.header.number_prefix).strip()
    writer.line(
        writer.document,
        f"(Kèm theo Báo cáo số {number})" if number else "(Kèm theo Báo cáo)",
        size="body",
        italic=True,
        space_after=8,
    )


def _header_row(writer: Writer, table: Table, headers: tuple[str, ...] | list[str], size: str):
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        writer.cell(cell, text, size=size, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _repeat_header(table)


def _repeat_header(table: Table) -> None:
    properties = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def write_figures_appendix(writer: Writer, report: ResolvedReport, *, comments: bool) -> None:
    """The figures by indicator and option, each total with a comment saying its source."""
    width = writer.ruleset.page.text_width_mm
    _appendix_title(writer, "Phụ lục 1", report.appendix_title, report)
    rows = report.figure_rows
    table = writer.table(len(rows) + 1, [width * share for share in FIGURE_WIDTHS])
    _header_row(writer, table, FIGURE_HEADERS, "table")
    for row, cells in zip(rows, table.rows[1:], strict=True):
        values = (row.number, row.name, row.unit, row.value)
        for n, (cell, text) in enumerate(zip(cells.cells, values, strict=True)):
            align = (WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT)[n == 1]
            if n == 3:
                align = WD_ALIGN_PARAGRAPH.RIGHT
            run = writer.cell(cell, text, align=align, italic=row.is_option)
            if comments and n == 3 and run is not None and row.source:
                writer.document.add_comment(
                    run, text=row.source, author=COMMENT_AUTHOR, initials="NS"
                )
                for mark in cell.paragraphs[0].runs:  # the comment's reference mark
                    if mark.font.name is None:
                        mark.font.name = writer.ruleset.font
                        mark.font.size = Pt(writer.ruleset.size("table"))


def write_sources_appendix(writer: Writer, report: ResolvedReport) -> None:
    """Where each figure comes from, and the notes on figures carried over."""
    width = writer.ruleset.page.text_width_mm
    writer.line(writer.document, "", space_after=12)
    _appendix_title(writer, "Phụ lục 2", "NGUỒN SỐ LIỆU", report)
    rows = report.source_rows
    table = writer.table(len(rows) + 1, [width * share for share in SOURCE_WIDTHS])
    _header_row(writer, table, SOURCE_HEADERS, "table")
    for row, cells in zip(rows, table.rows[1:], strict=True):
        writer.cell(cells.cells[0], row.number, align=WD_ALIGN_PARAGRAPH.CENTER)
        writer.cell(cells.cells[1], row.name)
        writer.cell(cells.cells[2], row.text)
    for note in report.notes:
        writer.line(
            writer.document,
            f"Ghi chú: {note}",
            size="table",
            italic=True,
            align=WD_ALIGN_PARAGRAPH.JUSTIFY,
            space_before=6,
        )


def write_units_appendix(writer: Writer, report: ResolvedReport) -> None:
    """The figures of each unit below, on landscape pages."""
    section = writer.document.add_section(WD_SECTION.NEW_PAGE)
    _page_setup(section, writer.ruleset, landscape=True)
    section.different_first_page_header_footer = False
    page = writer.ruleset.page
    width = page.height_mm - page.left_mm - page.right_mm
    _appendix_title(writer, "Phụ lục 3", "SỐ LIỆU CỦA CÁC ĐƠN VỊ", report)
    columns = report.unit_columns
    first = min(55.0, width * 0.22)
    rest = (width - first) / max(1, len(columns) - 1)
    table = writer.table(len(report.unit_rows) + 1, [first] + [rest] * (len(columns) - 1))
    _header_row(writer, table, columns, "wide_table")
    for values, cells in zip(report.unit_rows, table.rows[1:], strict=True):
        is_total = values is report.unit_rows[-1]
        for n, (cell, text) in enumerate(zip(cells.cells, values, strict=True)):
            align = WD_ALIGN_PARAGRAPH.LEFT if n == 0 else WD_ALIGN_PARAGRAPH.RIGHT
            writer.cell(cell, text, size="wide_table", align=align, bold=is_total)


def build_docx(
    report: ResolvedReport, *, comments: bool = True, progress: Progress | None = None
) -> bytes:
    """The report in the official layout of its ruleset, as .docx bytes."""
    writer = Writer(report.ruleset)
    section = writer.document.sections[0]
    _page_setup(section, report.ruleset)
    _page_number_header(writer, section)
    write_header(writer, report)
    write_title(writer, report)
    write_sections(writer, report.sections)
    writer.line(writer.document, "", space_after=6)
    write_signature(writer, report)
    if progress:
        progress(80)
    if report.figure_rows:
        heading = writer.line(
            writer.document, "PHỤ LỤC", size="doc_type", bold=True, space_after=12
        )
        # Not a page-break paragraph: one falling at the foot of a full page leaves it blank.
        heading.paragraph_format.page_break_before = True
        write_figures_appendix(writer, report, comments=comments)
        write_sources_appendix(writer, report)
        if len(report.unit_rows) > 1:
            write_units_appendix(writer, report)
    properties = writer.document.core_properties
    properties.title = f"{report.doc_type.capitalize()} {report.summary}"[:255]
    properties.author = report.issuing_body.title()
    properties.language = "vi-VN"
    if progress:
        progress(95)
    return writer.bytes()
