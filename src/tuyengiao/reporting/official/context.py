"""The names a report's texts may use, and the sandbox they are rendered in.

Section prose (``FormSection.prose``), the edited texts of a draft (``ReportDraft.texts``)
and uploaded Word templates are all Jinja2 text rendered with the same context: functions
that write a figure the way Vietnamese reports do, and the report's own particulars. The
texts keep their placeholders, so a report written again after a late correction reads the
figures afresh.

=====================================  =====================================================
``figure('documents_issued')``         ``1.420 văn bản`` (small counts zero-padded: ``05 hội
                                       nghị``)
``count('conferences')``               ``05`` (no unit); ``number(…)`` without the padding
``ratio('work_items_done', 'work_items_total')``  ``84/87``
``share('attended', 'expected')``      ``114.518/120.522 người, đạt 95,02%``
``percent('attended', 'expected')``    ``95,02%``
``pair('classes', 'learners')``        ``1.418 lớp/230.516 lượt học viên, trong đó khối Đảng
                                       614 lớp/102.068 lượt học viên, …``
``breakdown('classes')``               ``khối Đảng 614 lớp, khối Đoàn thể 288 lớp, …``
``value('classes', 'party')``          the number itself (for ``{% if %}``)
=====================================  =====================================================

Every function takes an optional category option code (``figure('classes', 'party')``). A
figure no unit has reported yet prints as ``…``. Rendering runs in Jinja's sandbox: a text
typed by a unit cannot reach Python objects.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from tuyengiao.core.formatting import format_count, format_number, format_share
from tuyengiao.reporting.selectors import IndicatorFigure, ReportFigures

MISSING = "…"
# Names every report context holds (the template check refuses any other).
FUNCTION_NAMES = (
    "figure",
    "count",
    "number",
    "value",
    "ratio",
    "share",
    "percent",
    "pair",
    "breakdown",
)
FIGURE_NAMES = (
    "unit_name",
    "period_label",
    "period_code",
    "period_start",
    "period_end",
    "year",
    "reported",
)
# Particulars of the report itself, for Word templates (see ``report.template_context``).
REPORT_NAMES = (
    "superior_body",
    "issuing_body",
    "issuer_mark",
    "motto",
    "number",
    "number_line",
    "place_date",
    "doc_type",
    "title",
    "intro",
    "sections",
    "signing_authority",
    "signer_title",
    "signer_name",
    "recipients",
    "recipients_label",
    "figure_rows",
    "unit_rows",
    "sources",
    "notes",
)
PLACEHOLDER = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
UNCLOSED = re.compile(r"\{[{%](?:(?![}%]\}).)*$", re.DOTALL)


class ReportTextError(ValidationError):
    """A text of the report cannot be rendered: the message says where and why."""


def _amount(value: Decimal | None, *, pad: bool) -> str:
    if value is None:
        return MISSING
    if value == value.to_integral():
        whole = int(value)
        return format_count(whole) if pad and whole >= 0 else format_number(whole)
    text = format_number(value, 2)
    return text.rstrip("0").rstrip(",")


def _lower_first(text: str) -> str:
    """``Khối Đảng`` → ``khối Đảng``: an option's name inside a sentence."""
    return text[:1].lower() + text[1:]


def _with_unit(amount: str, unit_label: str) -> str:
    return f"{amount} {unit_label}".rstrip()


class FigureFunctions:
    """The figure functions of one report, bound to its figures."""

    def __init__(self, found: ReportFigures) -> None:
        self.found = found
        self.by_code = {item.indicator.code: item for item in found.figures}

    def _item(self, code: str) -> IndicatorFigure:
        item = self.by_code.get(code)
        if item is None:
            raise ReportTextError(_("the form has no indicator “%(code)s”") % {"code": code})
        return item

    def value(self, code: str, option: str | None = None) -> Decimal | None:
        item = self._item(code)
        if option is None:
            return item.total
        if option not in item.option_names:
            raise ReportTextError(
                _("the indicator “%(code)s” is not broken down by “%(option)s”")
                % {"code": code, "option": option}
            )
        return item.by_option.get(option)

    def figure(self, code: str, option: str | None = None) -> str:
        label = self._item(code).indicator.unit_label
        return _with_unit(_amount(self.value(code, option), pad=True), label)

    def count(self, code: str, option: str | None = None) -> str:
        return _amount(self.value(code, option), pad=True)

    def number(self, code: str, option: str | None = None) -> str:
        return _amount(self.value(code, option), pad=False)

    def ratio(self, part: str, whole: str, option: str | None = None) -> str:
        return (
            f"{_amount(self.value(part, option), pad=False)}/"
            f"{_amount(self.value(whole, option), pad=False)}"
        )

    def percent(self, part: str, whole: str, option: str | None = None) -> str:
        top, bottom = self.value(part, option), self.value(whole, option)
        if top is None or bottom is None or bottom <= 0:
            return MISSING
        return format_share(int(top), int(bottom))

    def share(self, part: str, whole: str, option: str | None = None) -> str:
        label = self._item(whole).indicator.unit_label
        text = _with_unit(self.ratio(part, whole, option), label)
        percent = self.percent(part, whole, option)
        return text if percent == MISSING else f"{text}, đạt {percent}"

    def _pair_of(self, first: str, second: str, option: str | None) -> str:
        labels = self._item(first).indicator.unit_label, self._item(second).indicator.unit_label
        return (
            f"{_with_unit(_amount(self.value(first, option), pad=True), labels[0])}/"
            f"{_with_unit(_amount(self.value(second, option), pad=True), labels[1])}"
        )

    def pair(self, first: str, second: str) -> str:
        text = self._pair_of(first, second, None)
        item = self._item(first)
        parts = [
            f"{_lower_first(name)} {self._pair_of(first, second, code)}"
            for code, name in item.option_names.items()
            if code in item.by_option or code in self._item(second).by_option
        ]
        return f"{text}, trong đó {', '.join(parts)}" if parts else text

    def breakdown(self, code: str) -> str:
        item = self._item(code)
        return ", ".join(
            f"{_lower_first(name)} {self.figure(code, option)}"
            for option, name in item.option_names.items()
            if option in item.by_option
        )

    def as_dict(self) -> dict[str, Callable[..., Any]]:
        return {name: getattr(self, name) for name in FUNCTION_NAMES}


def figure_context(found: ReportFigures) -> dict[str, Any]:
    """The functions and the particulars of the figures (unit, period, reports received)."""
    done = found.completeness
    return {
        **FigureFunctions(found).as_dict(),
        "unit_name": _unit_name(found),
        "period_label": found.period.label,
        "period_code": found.period.code,
        "period_start": f"{found.period.start:%d/%m/%Y}",
        "period_end": f"{found.period.end:%d/%m/%Y}",
        "year": found.period.end.year,
        "reported": f"{done.submitted}/{done.expected}",
    }


def _unit_name(found: ReportFigures) -> str:
    profile = found.unit.profile_on(found.period.end) or found.unit.last_profile()
    return profile.name if profile else found.unit.code


def environment(*, autoescape: bool = False) -> SandboxedEnvironment:
    """The sandbox texts are rendered in: unknown names are errors, not blanks. Word
    templates render with ``autoescape`` (their text is XML)."""
    return SandboxedEnvironment(
        undefined=StrictUndefined, autoescape=autoescape, keep_trailing_newline=True
    )


def bad_placeholder(source: str, env: SandboxedEnvironment | None = None) -> str | None:
    """The first placeholder of ``source`` that does not parse on its own, or the start of
    one left open; None if each parses (the error is then in how they nest)."""
    env = env or environment()
    for match in PLACEHOLDER.finditer(source):
        fragment = match.group()
        try:
            env.parse(fragment)
        except TemplateSyntaxError as error:
            # A block tag alone ends early ({% if %} waits for {% endif %}): not its fault.
            if fragment.startswith("{%") and "end of template" in error.message.lower():
                continue
            return fragment
    rest = PLACEHOLDER.sub("", source)
    unclosed = UNCLOSED.search(rest)
    if unclosed:
        return unclosed.group()[:60]
    stray = re.search(r"[}%]\}", rest)
    if stray:
        start = max(0, stray.start() - 40)
        return rest[start : stray.end()]
    return None


def syntax_message(error: TemplateSyntaxError, source: str) -> str:
    """An account of a syntax error, quoting the placeholder at fault."""
    fragment = bad_placeholder(source)
    if fragment:
        return _("the placeholder “%(placeholder)s” is badly written") % {
            "placeholder": fragment.strip()
        }
    return _("the {%% … %%} tags do not match (line %(line)s)") % {"line": error.lineno}


def render_text(text: str, context: Mapping[str, Any], *, section: str) -> str:
    """``text`` with its placeholders filled from ``context``; a ``ReportTextError`` naming
    ``section`` and the placeholder if one is wrong."""
    if "{" not in text:
        return text
    env = environment()
    try:
        return env.from_string(text).render(dict(context))
    except TemplateSyntaxError as error:
        raise _in_section(section, syntax_message(error, text)) from error
    except UndefinedError as error:
        name = _undefined_name(error)
        problem = _("the report's figures have no name “%(name)s”") % {"name": name}
        raise _in_section(section, problem) from error
    except SecurityError as error:
        raise _in_section(section, _("a statement that is not allowed")) from error
    except ReportTextError as error:
        raise _in_section(section, str(error.message)) from error
    except (TypeError, ValueError, ArithmeticError) as error:
        problem = _("a placeholder cannot be worked out (%(error)s)") % {"error": error}
        raise _in_section(section, problem) from error


def _in_section(section: str, problem: str) -> ReportTextError:
    """``Mục “<section>”: <problem>.``"""
    return ReportTextError(
        _("Section “%(section)s”: %(problem)s.") % {"section": section, "problem": problem}
    )


def _undefined_name(error: UndefinedError) -> str:
    match = re.search(r"'([^']+)' is undefined", str(error.message))
    return match.group(1) if match else str(error.message)


def literal(text: str) -> str:
    """``text`` protected from rendering (a unit's narrative may contain braces)."""
    if "{" not in text and "}" not in text:
        return text
    return "{% raw %}" + text.replace("{% endraw %}", "") + "{% endraw %}"
