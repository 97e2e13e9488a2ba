"""Write a unit's official report for a form and period, as Word or Excel bytes.

The figures are read afresh (as ``user`` sees them; ``SYSTEM`` for commands and tasks), the
draft is the unit's saved one or, without one, the prefilled default (not saved). Word
reports go into the unit's own template, else the form's default template, else the built-in
official layout, and carry the report's title, issuing body and date as their properties;
Excel reports are the figures workbook of ``reporting.exports.xlsx``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone

from tuyengiao.orgs.access import AnyUser
from tuyengiao.orgs.models import Unit
from tuyengiao.reporting.exports.xlsx import report_xlsx
from tuyengiao.reporting.models import ReportForm, ReportRender
from tuyengiao.reporting.official.builder import build_docx, with_properties
from tuyengiao.reporting.official.drafts import draft_default, existing_draft
from tuyengiao.reporting.official.report import resolve_report, template_context
from tuyengiao.reporting.official.templates import fill_template, template_for
from tuyengiao.reporting.periods import Period
from tuyengiao.reporting.selectors import report_figures, report_figures_by_unit

FORMATS = tuple(ReportRender.Format.values)
Progress = Callable[[int], None]


def render_report(
    user: AnyUser,
    *,
    form: ReportForm,
    unit: Unit,
    period: Period,
    fmt: str = "docx",
    progress: Progress | None = None,
) -> bytes:
    """The report as bytes in ``fmt`` (``docx`` or ``xlsx``); ``progress`` is told the
    percentage done. Http404 where ``user`` cannot see the unit."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")

    def tell(percent: int) -> None:
        if progress is not None:
            progress(percent)

    tell(0)
    found = report_figures(user, form=form, unit=unit, period=period)
    tell(30)
    children = report_figures_by_unit(user, form=form, unit=unit, period=period)
    tell(50)
    if fmt == "xlsx":
        content = report_xlsx(found, children)
        tell(100)
        return content
    draft = existing_draft(form, unit, period) or draft_default(form=form, unit=unit, period=period)
    report = resolve_report(found, children, draft)
    tell(70)
    template = template_for(form, unit)
    if template is not None:
        with template.file.open("rb") as file:
            content = fill_template(file.read(), template_context(report, found))
        content = with_properties(
            content, title=report.document_title, author=report.author, now=timezone.now()
        )
    else:
        content = build_docx(report, progress=tell)
    tell(100)
    return content
