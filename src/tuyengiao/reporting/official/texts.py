"""Previews of a draft's section texts: what each will say with today's figures.

The draft screen shows, under each text being edited, the text with its placeholders
filled, or the error that keeps it from being written, so a mistyped code shows before the
report is exported.
"""

from __future__ import annotations

from dataclasses import dataclass

from tuyengiao.core.actors import SYSTEM
from tuyengiao.reporting.models import ReportDraft
from tuyengiao.reporting.official.context import ReportTextError, figure_context, render_text
from tuyengiao.reporting.official.drafts import text_keys
from tuyengiao.reporting.periods import parse_period
from tuyengiao.reporting.selectors import report_figures


@dataclass(frozen=True)
class Preview:
    """A section's text as the report will print it, or why it cannot."""

    text: str = ""
    error: str = ""


def text_previews(draft: ReportDraft) -> dict[str, Preview]:
    """Each text's preview by its key (see ``drafts.text_keys``). Reads the figures as the
    system: the caller has checked the person sees the draft's unit."""
    found = report_figures(
        SYSTEM, form=draft.form, unit=draft.unit, period=parse_period(draft.period_code)
    )
    context = figure_context(found)
    texts = draft.texts if isinstance(draft.texts, dict) else {}
    previews = {}
    for key, name in text_keys(draft.form).items():
        try:
            previews[key] = Preview(text=render_text(texts.get(key, ""), context, section=name))
        except ReportTextError as error:
            previews[key] = Preview(error=error.message)
    return previews
