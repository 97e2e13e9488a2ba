"""A report resolved for writing: every text rendered, every figure formatted, every line of
the header, signature and recipients in its final form. The built-in writer (``builder``)
and uploaded Word templates (``templates``) both write from this, so the two cannot say
different things; ``template_context`` is what a template sees.

Sections follow the periodic report (DOMAIN §4): an opening, "I. Kết quả đạt được" with
one numbered part per figures section of the form, the highlights of the period, then the
form's narrative sections (Đánh giá, Phương hướng…) numbered on, and "Đề xuất, kiến nghị"
when the draft has one. Numbers the form's titles carry are replaced, so sections stay in
sequence whatever the form calls them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q

from tuyengiao.core.formatting import format_number, format_place_date
from tuyengiao.core.text import vietnamese_sorted
from tuyengiao.orgs.access import version_in_force
from tuyengiao.orgs.models import Placement
from tuyengiao.reporting.completeness import form_periods, named_units
from tuyengiao.reporting.models import DataValue, FormSection, Indicator, ReportDraft, Submission
from tuyengiao.reporting.official.context import figure_context, render_text
from tuyengiao.reporting.official.drafts import (
    HIGHLIGHTS,
    INTRO,
    PROPOSALS,
    SPECIAL_TEXTS,
    issuing_body_name,
)
from tuyengiao.reporting.official.layout import Ruleset, ruleset_for
from tuyengiao.reporting.selectors import ChildFigures, ReportFigures

DOC_TYPE = "BÁO CÁO"
RESULTS_HEADING = "Kết quả đạt được"
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
LEADING_NUMBER = re.compile(r"^\s*(?:[IVXLC]+|\d+)\s*[.)]\s*")
BLANK = "\u00a0" * 5  # room for a handwritten number or day on a draft
# A figure nobody reported: a dash, as statistical tables write it, never an empty cell.
NO_FIGURE = "-"
NO_FIGURE_NOTE = "Dấu “-”: đơn vị không có số liệu của chỉ tiêu trong kỳ."
SOURCE_TEXT = {
    Indicator.Source.ACTIVITIES: "tính từ nhật ký hoạt động",
    Indicator.Source.PLANS: "tính từ kế hoạch công tác",
}


@dataclass
class ResolvedSection:
    """A heading (None: paragraphs only) and its paragraphs, as they print."""

    heading: str | None
    level: int = 1  # 1: I., II. …; 2: 1., 2. …
    paragraphs: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


@dataclass
class FigureRow:
    """A row of the figures appendix: an indicator (numbered) or one of its options."""

    number: str
    name: str
    unit: str
    value: str
    is_option: bool = False
    source: str = ""


@dataclass
class SourceRow:
    number: str
    name: str
    text: str


@dataclass
class ResolvedReport:
    ruleset: Ruleset
    superior_body: str
    issuing_body: str
    number_line: str
    place_date: str
    summary: str
    sections: list[ResolvedSection]
    signing_authority: str
    signer_title: str
    signer_name: str
    recipients: list[str]
    figure_rows: list[FigureRow]
    unit_columns: list[str]
    unit_rows: list[list[str]]
    source_rows: list[SourceRow]
    notes: list[str]
    appendix_title: str  # the heading of the figures appendix
    doc_type: str = DOC_TYPE
    author: str = ""  # the issuing body named in running text, for the file's properties
    unit_notes: list[str] = field(default_factory=list)  # under the figures by unit

    @property
    def motto(self) -> tuple[str, ...]:
        return self.ruleset.header.motto

    @property
    def document_title(self) -> str:
        """``Báo cáo kết quả công tác …``: the title the file's properties carry."""
        return f"{self.doc_type.capitalize()} {self.summary}"


def _strip_number(title: str) -> str:
    return LEADING_NUMBER.sub("", title).strip()


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _text_of(draft: ReportDraft, key: str, fallback: str = "") -> str:
    return draft.texts.get(key, fallback) if isinstance(draft.texts, dict) else fallback


def resolve_sections(
    draft: ReportDraft, sections: list[FormSection], context: dict[str, Any]
) -> list[ResolvedSection]:
    """The report's sections with their texts rendered (see the module docstring)."""

    def rendered(key: str, name: str, fallback: str = "") -> list[str]:
        return _paragraphs(render_text(_text_of(draft, key, fallback), context, section=name))

    result = []
    intro = rendered(INTRO, SPECIAL_TEXTS[INTRO])
    if intro:
        result.append(ResolvedSection(None, paragraphs=intro))
    roman = iter(ROMAN)
    figures = [section for section in sections if not section.is_narrative]
    if figures:
        result.append(ResolvedSection(f"{next(roman)}. {RESULTS_HEADING.upper()}"))
        for n, section in enumerate(figures, start=1):
            result.append(
                ResolvedSection(
                    f"{n}. {_strip_number(section.title)}",
                    level=2,
                    paragraphs=rendered(str(section.pk), section.title, section.prose),
                )
            )
        highlights = rendered(HIGHLIGHTS, SPECIAL_TEXTS[HIGHLIGHTS])
        if highlights:
            result.append(ResolvedSection(None, paragraphs=highlights))
    for section in sections:
        if section.is_narrative:
            result.append(
                ResolvedSection(
                    f"{next(roman)}. {_strip_number(section.title).upper()}",
                    paragraphs=rendered(str(section.pk), section.title, section.prose),
                )
            )
    proposals = rendered(PROPOSALS, SPECIAL_TEXTS[PROPOSALS])
    if proposals:
        heading = f"{next(roman)}. {SPECIAL_TEXTS[PROPOSALS].upper()}"
        result.append(ResolvedSection(heading, paragraphs=proposals))
    return result


def recipient_lines(text: str) -> list[str]:
    """``- Ban Tuyên giáo Trung ương (để báo cáo),`` … ``- Lưu Văn phòng.``: one a line,
    each closed by a comma and the last by a full stop."""
    items = [line.strip().lstrip("-–+•").strip().rstrip(",.;") for line in text.splitlines()]
    items = [item for item in items if item]
    return [f"- {item}{'.' if n == len(items) - 1 else ','}" for n, item in enumerate(items)]


def _amount(value: Decimal | None) -> str:
    if value is None:
        return NO_FIGURE
    if value == value.to_integral():
        return format_number(int(value))
    return format_number(value, 2)


def _subtree_ids(found: ReportFigures) -> list[int]:
    version = version_in_force(found.period.end)
    top = Placement.objects.filter(version=version, unit=found.unit).first()
    if top is None:
        return [found.unit.pk]
    return list(Placement.objects.subtree_of(top).values_list("unit_id", flat=True))


def source_texts(found: ReportFigures) -> dict[int, str]:
    """Where each figure comes from, by indicator id: how many units' reports it adds up
    (how many of them approved) and which figures were derived from the activity log or
    the plans."""
    codes = [part.code for part in form_periods(found.form, found.period)]
    counts = (
        DataValue.objects.filter(
            indicator__in=[item.indicator for item in found.figures],
            period_code__in=codes,
            unit_id__in=_subtree_ids(found),
            submission__status__in=(Submission.Status.SUBMITTED, Submission.Status.APPROVED),
        )
        .values("indicator_id")
        .annotate(
            units=Count("unit", distinct=True),
            approved=Count(
                "unit", distinct=True, filter=Q(submission__status=Submission.Status.APPROVED)
            ),
            derived=Count("unit", distinct=True, filter=Q(is_derived=True)),
        )
    )
    by_indicator = {row["indicator_id"]: row for row in counts}
    texts = {}
    for item in found.figures:
        row = by_indicator.get(item.indicator.pk)
        if row is None:
            text = "Chưa có đơn vị nào báo cáo"
        else:
            text = f"Tổng hợp từ báo cáo của {format_number(row['units'])} đơn vị"
            text += f" ({format_number(row['approved'])} báo cáo đã duyệt)"
            if row["derived"]:
                derived = SOURCE_TEXT.get(item.indicator.source, "tính tự động")
                text += f"; {format_number(row['derived'])} đơn vị có số liệu {derived}"
        if item.indicator.is_derived and (row is None or not row["derived"]):
            text += f"; chỉ tiêu {SOURCE_TEXT.get(item.indicator.source, 'tính tự động')}"
        if found.carried:
            text += "; có số liệu chuyển từ đơn vị đã sắp xếp (xem ghi chú)"
        texts[item.indicator.pk] = text + "."
    return texts


def figure_rows(found: ReportFigures, sources: dict[int, str]) -> list[FigureRow]:
    rows = []
    for n, item in enumerate(found.figures, start=1):
        indicator = item.indicator
        rows.append(
            FigureRow(
                str(n),
                indicator.name,
                indicator.unit_label,
                _amount(item.total),
                source=sources.get(indicator.pk, ""),
            )
        )
        for code, name in item.option_names.items():
            if code in item.by_option:
                rows.append(
                    FigureRow("", f"- {name}", indicator.unit_label, _amount(item.by_option[code]))
                )
    return rows


def unit_table(
    found: ReportFigures, children: list[ChildFigures]
) -> tuple[list[str], list[list[str]]]:
    """Columns (unit, then each indicator) and rows (each unit below that has figures for
    the period, in Vietnamese order of its name at the period's end; then the total).

    A unit below with no figure at all is left out: it does not report on the form (a Ban
    Dân vận beside the Ban Tuyên giáo) or has not reported yet, which the completeness
    figures say; a row of empty cells would read as a printing error. A figure a listed
    unit has not got is a dash (:data:`NO_FIGURE`)."""
    columns = ["Đơn vị"] + [
        f"{item.indicator.short_name or item.indicator.name} ({item.indicator.unit_label})"
        if item.indicator.unit_label
        else item.indicator.short_name or item.indicator.name
        for item in found.figures
    ]
    reporting = [child for child in children if child.has_figures]
    names = {
        named.unit.pk: named.name
        for named in named_units({child.unit.pk for child in reporting}, found.period.end)
    }
    rows = []
    for child in vietnamese_sorted(reporting, key=lambda child: names[child.unit.pk]):
        by_code = {item.indicator.code: item.total for item in child.figures}
        rows.append(
            [names[child.unit.pk]]
            + [_amount(by_code.get(item.indicator.code)) for item in found.figures]
        )
    rows.append(["Tổng cộng"] + [_amount(item.total) for item in found.figures])
    return columns, rows


def place_date(draft: ReportDraft, found: ReportFigures) -> str:
    """``Hà Nội, ngày 05 tháng 10 năm 2022``; blanks for the day and month until it is
    dated (a report is issued shortly after its period)."""
    if draft.issued_on is not None:
        return format_place_date(draft.place, draft.issued_on)
    year = (found.period.end + timedelta(days=found.form.due_days)).year
    return f"{' '.join(draft.place.split())}, ngày{BLANK}tháng{BLANK}năm {year}"


def resolve_report(
    found: ReportFigures, children: list[ChildFigures], draft: ReportDraft
) -> ResolvedReport:
    """Everything the report prints, from its figures and its draft."""
    on = draft.issued_on or found.period.end
    ruleset = ruleset_for(draft.family, on)
    context = figure_context(found)
    sources = source_texts(found)
    columns, rows = unit_table(found, children)
    has_dash = any(NO_FIGURE in row[1:] for row in rows)
    summary = re.sub(r"^báo cáo\s+", "", draft.title.strip(), flags=re.IGNORECASE)
    return ResolvedReport(
        ruleset=ruleset,
        superior_body=draft.superior_body.strip().upper(),
        issuing_body=draft.issuing_body.strip().upper(),
        number_line=f"{ruleset.header.number_prefix}{draft.number.strip() or BLANK}",
        place_date=place_date(draft, found),
        summary=summary,
        sections=resolve_sections(draft, list(found.form.sections.all()), context),
        signing_authority=draft.signing_authority.strip().upper(),
        signer_title=draft.signer_title.strip().upper(),
        signer_name=draft.signer_name.strip(),
        recipients=recipient_lines(draft.recipients),
        figure_rows=figure_rows(found, sources),
        unit_columns=columns,
        unit_rows=rows,
        source_rows=[
            SourceRow(str(n), item.indicator.name, sources[item.indicator.pk])
            for n, item in enumerate(found.figures, start=1)
        ],
        notes=[note.text for note in found.carried],
        appendix_title=f"SỐ LIỆU KẾT QUẢ CÔNG TÁC {found.period.label.upper()}",
        author=issuing_body_name(draft, found.period),
        unit_notes=[NO_FIGURE_NOTE] if has_dash else [],
    )


def template_context(report: ResolvedReport, found: ReportFigures) -> dict[str, Any]:
    """What an uploaded Word template sees: the figure functions and the resolved report
    (names listed in ``context.FIGURE_NAMES`` and ``context.REPORT_NAMES``)."""
    return {
        **figure_context(found),
        "superior_body": report.superior_body,
        "issuing_body": report.issuing_body,
        "issuer_mark": report.ruleset.header.issuer_mark,
        "motto": list(report.motto),
        "number": report.number_line.removeprefix(report.ruleset.header.number_prefix),
        "number_line": report.number_line,
        "place_date": report.place_date,
        "doc_type": report.doc_type,
        "title": report.summary,
        "intro": next((s.text for s in report.sections if s.heading is None), ""),
        "sections": [
            {"heading": section.heading or "", "level": section.level, "text": section.text}
            for section in report.sections
        ],
        "signing_authority": report.signing_authority,
        "signer_title": report.signer_title,
        "signer_name": report.signer_name,
        "recipients": report.recipients,
        "recipients_label": report.ruleset.recipients.label,
        "figure_rows": [row.__dict__ for row in report.figure_rows],
        "unit_rows": report.unit_rows,
        "sources": [row.__dict__ for row in report.source_rows],
        "notes": report.notes,
    }
