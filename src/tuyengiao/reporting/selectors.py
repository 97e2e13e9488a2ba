"""Reads of periodic reporting for a given person.

:func:`report_figures` is the contract with the report generator (the Word report and the
``report_figures`` command): the aggregated figures of a form for a unit and a period, by
indicator and category option, with completeness and the notes on figures carried over from
units changed by a reorganisation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from tuyengiao.activities.models import CategoryOption
from tuyengiao.orgs.access import (
    READ_INTERNAL,
    AnyUser,
    can,
    placements_in_scope,
    version_in_force,
)
from tuyengiao.orgs.models import Unit
from tuyengiao.reporting.aggregation import Carried, UnitFigures, figures_by_child, unit_figures
from tuyengiao.reporting.completeness import Completeness, completeness
from tuyengiao.reporting.models import (
    DataValue,
    DataValueChange,
    FormIndicator,
    FormSection,
    Indicator,
    ReportForm,
    Submission,
)
from tuyengiao.reporting.periods import Period, parse_period
from tuyengiao.reporting.sources import derived_values

# --- Forms and their layout ------------------------------------------------------------------


def forms_visible_to(user: AnyUser) -> QuerySet[ReportForm]:
    """Report forms are shared by every unit: anyone signed in sees the active ones."""
    if not user.is_authenticated:
        return ReportForm.objects.none()
    return ReportForm.objects.filter(is_active=True).order_by("code")


def form_by_code(user: AnyUser, code: str) -> ReportForm:
    form = forms_visible_to(user).filter(code=code).first()
    if form is None:
        raise Http404(_("Report form not found."))
    return form


@dataclass
class FormRow:
    """An indicator in a form section, with the options it is broken down by."""

    indicator: Indicator
    options: list[CategoryOption]


@dataclass
class Section:
    section: FormSection
    rows: list[FormRow] = field(default_factory=list)


def form_layout(form: ReportForm) -> list[Section]:
    """The form's sections in order, each with its indicators and their options."""
    sections = form.sections.prefetch_related(
        Prefetch(
            "rows",
            FormIndicator.objects.select_related("indicator__category").prefetch_related(
                "indicator__category__options"
            ),
        )
    )
    layout = []
    for section in sections:
        rows = [
            FormRow(
                row.indicator,
                list(row.indicator.category.options.all()) if row.indicator.category else [],
            )
            for row in section.rows.all()
        ]
        layout.append(Section(section, rows))
    return layout


def form_indicators(form: ReportForm) -> list[FormRow]:
    return [row for section in form_layout(form) for row in section.rows]


# --- Submissions -----------------------------------------------------------------------------


def submissions_visible_to(user: AnyUser) -> QuerySet[Submission]:
    """Reports of units within the person's reach, with a role that reads internal records
    (``READ_INTERNAL``), in the tree in force at each period's end (administrators: all)."""
    submissions = Submission.objects.select_related("form", "unit")
    if not user.is_authenticated:
        return submissions.none()
    if user.is_superuser:
        return submissions
    ends = submissions.values_list("period_end", flat=True).distinct()
    versions = {version_in_force(end) for end in ends}
    condition = Q(pk__in=[])
    for version in versions:
        if version is None:
            continue
        units = placements_in_scope(user, version, READ_INTERNAL).values("unit_id")
        condition |= Q(unit__in=units)
    return submissions.filter(condition)


def submission_for_user(user: AnyUser, pk: int) -> Submission:
    submission = submissions_visible_to(user).filter(pk=pk).first()
    if submission is None or not can(
        user, READ_INTERNAL, submission.unit, version=version_in_force(submission.period_end)
    ):
        raise Http404(_("Report not found."))
    return submission


@dataclass
class Cell:
    """One input of the entry grid."""

    indicator: Indicator
    option: CategoryOption | None
    value: Decimal | None
    comment: str = ""
    derived: Decimal | None = None
    is_outlier: bool = False

    @property
    def key(self) -> str:
        """The suffix of the cell's form fields: ``v-<key>`` value, ``c-<key>`` comment,
        ``d-<key>`` the derived value shown (see ``forms.cells_from_post``)."""
        return f"{self.indicator.pk}-{self.option.pk if self.option else 0}"


@dataclass
class GridRow:
    indicator: Indicator
    cells: list[Cell]
    total: Decimal | None


@dataclass
class GridSection:
    section: FormSection
    rows: list[GridRow] = field(default_factory=list)
    narrative: str = ""


def entry_grid(submission: Submission) -> list[GridSection]:
    """The form laid out for entry: each indicator's cells (one per option, or one) with the
    saved value and comment, and the derived value where the indicator has a source."""
    period = parse_period(submission.period_code)
    saved = {
        (value.indicator_id, value.option_id): value
        for value in DataValue.objects.filter(submission=submission)
    }
    grid = []
    for section in form_layout(submission.form):
        grid_section = GridSection(
            section.section, narrative=submission.narratives.get(str(section.section.pk), "")
        )
        for row in section.rows:
            derived = (
                derived_values(row.indicator, submission.unit, period, row.options)
                if row.indicator.is_derived
                else {}
            )
            cells = []
            options: list[CategoryOption | None] = [*row.options] or [None]
            for option in options:
                key = (row.indicator.pk, option.pk if option else None)
                value = saved.get(key)
                cells.append(
                    Cell(
                        row.indicator,
                        option,
                        value.value if value else None,
                        value.comment if value else "",
                        derived.get(key[1]),
                        value.is_outlier if value else False,
                    )
                )
            known = [cell.value for cell in cells if cell.value is not None]
            total = sum(known, Decimal(0)) if known and row.options else None
            grid_section.rows.append(GridRow(row.indicator, cells, total))
        grid.append(grid_section)
    return grid


def value_history(submission: Submission) -> QuerySet[DataValueChange]:
    """Every change of the report's figures, newest first."""
    return DataValueChange.objects.filter(
        unit=submission.unit, period_code=submission.period_code
    ).select_related("indicator", "option", "changed_by")


def submissions_to_review(user: AnyUser) -> QuerySet[Submission]:
    """Reports waiting for approval among those the person may see."""
    return submissions_visible_to(user).filter(status=Submission.Status.SUBMITTED)


# --- Figures ---------------------------------------------------------------------------------


@dataclass
class IndicatorFigure:
    """An indicator's aggregated figure: its total and its parts by option code."""

    indicator: Indicator
    total: Decimal | None
    by_option: dict[str, Decimal] = field(default_factory=dict)
    option_names: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {
            "indicator": self.indicator.code,
            "name": self.indicator.name,
            "unit": self.indicator.unit_label,
            "total": _number(self.total),
            "by_option": {code: _number(value) for code, value in self.by_option.items()},
        }


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral() else float(value)


@dataclass
class ReportFigures:
    """What a periodic report says in figures (see the module docstring)."""

    form: ReportForm
    unit: Unit
    period: Period
    figures: list[IndicatorFigure]
    completeness: Completeness
    carried: list[Carried]

    def figure(self, code: str) -> IndicatorFigure:
        return next(item for item in self.figures if item.indicator.code == code)

    def as_dict(self) -> dict[str, object]:
        return {
            "form": self.form.code,
            "unit": self.unit.code,
            "period": self.period.code,
            "period_label": self.period.label,
            "start": self.period.start.isoformat(),
            "end": self.period.end.isoformat(),
            "figures": [item.as_dict() for item in self.figures],
            "completeness": {
                "expected": self.completeness.expected,
                "submitted": self.completeness.submitted,
                "on_time": self.completeness.on_time,
                "missing": [item.unit.code for item in self.completeness.missing_units],
            },
            "notes": [note.text for note in self.carried],
        }


def _indicator_figures(rows: list[FormRow], found: UnitFigures) -> list[IndicatorFigure]:
    result = []
    for row in rows:
        by_option = {
            option.code: found.values[(row.indicator.pk, option.pk)]
            for option in row.options
            if (row.indicator.pk, option.pk) in found.values
        }
        result.append(
            IndicatorFigure(
                row.indicator,
                found.values.get((row.indicator.pk, None)),
                by_option,
                {option.code: option.name for option in row.options},
            )
        )
    return result


def require_view(user: AnyUser, unit: Unit, period: Period) -> None:
    """``user`` may see ``unit``'s figures for the period, with a role that reads internal
    records (``SYSTEM``: always)."""
    if not can(user, READ_INTERNAL, unit, version=version_in_force(period.end)):
        raise Http404(_("Unit not found."))


def report_figures(user: AnyUser, *, form: ReportForm, unit: Unit, period: Period) -> ReportFigures:
    """The aggregated figures of ``form`` for ``unit``'s subtree over ``period``, in the tree
    in force for the period, with completeness and notes on carried figures. Commands and
    generated reports read as ``SYSTEM``."""
    require_view(user, unit, period)
    found = unit_figures(form, unit, period)
    return ReportFigures(
        form,
        unit,
        period,
        _indicator_figures(form_indicators(form), found),
        completeness(form, unit, period),
        found.carried,
    )


@dataclass
class ChildFigures:
    unit: Unit
    figures: list[IndicatorFigure]
    carried: list[Carried]

    @property
    def has_figures(self) -> bool:
        """Whether the unit has any figure for the period (units below that do not report
        on the form, or have not yet, have none)."""
        return any(item.total is not None or item.by_option for item in self.figures)


def report_figures_by_unit(
    user: AnyUser, *, form: ReportForm, unit: Unit, period: Period
) -> list[ChildFigures]:
    """The figures of each unit directly below ``unit`` (tree in force at the period's end)."""
    require_view(user, unit, period)
    rows = form_indicators(form)
    return [
        ChildFigures(found.unit, _indicator_figures(rows, found), found.carried)
        for found in figures_by_child(form, unit, period)
    ]
