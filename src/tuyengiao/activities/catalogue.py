"""The activity types with the figures each collects, read once for a form, an import or a
check, and the rules every activity's figures obey.

Figures are given by **key**: the figure's code for its total (``learners``) and
``<figure>.<option>`` for one category's part (``learners.party``). The same keys name the
form fields, the spreadsheet columns and the API's ``figures`` object.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from tuyengiao.activities.models import (
    Activity,
    ActivityType,
    CategoryOption,
    Figure,
    TypeFigure,
)
from tuyengiao.core.formatting import format_number

REMOTE_POINTS = "remote_points"
ONLINE_MODES = (Activity.Mode.ONLINE, Activity.Mode.HYBRID)


@dataclass(frozen=True)
class OptionSpec:
    id: int
    code: str
    name: str


@dataclass(frozen=True)
class FigureSpec:
    """A figure as one activity type collects it."""

    id: int
    code: str
    name: str
    unit_label: str
    required: bool
    options: tuple[OptionSpec, ...] = ()

    def key(self, option: OptionSpec | None = None) -> str:
        return f"{self.code}.{option.code}" if option else self.code

    def label(self, option: OptionSpec | None = None) -> str:
        return f"{self.name} — {option.name}" if option else self.name


@dataclass(frozen=True)
class TypeSpec:
    id: int
    code: str
    name: str
    description: str
    is_active: bool
    figures: tuple[FigureSpec, ...]

    def figure(self, code: str) -> FigureSpec | None:
        return next((spec for spec in self.figures if spec.code == code), None)

    def figure_keys(self) -> list[str]:
        """Every figure key of this type, totals before their parts."""
        return [spec.key(option) for spec in self.figures for option in (None, *spec.options)]


@dataclass
class Catalogue:
    """Every activity type, by code and by id, with every figure key in use."""

    types: dict[str, TypeSpec] = field(default_factory=dict)

    @property
    def by_id(self) -> dict[int, TypeSpec]:
        return {spec.id: spec for spec in self.types.values()}

    def figure_labels(self) -> dict[str, str]:
        """Every figure key of any type, with its label, in the order the types list them."""
        labels: dict[str, str] = {}
        for spec in self.types.values():
            for figure in spec.figures:
                for option in (None, *figure.options):
                    labels.setdefault(figure.key(option), figure.label(option))
        return labels


def load_catalogue() -> Catalogue:
    """The activity types and their figures, in four queries."""
    options: dict[int, list[OptionSpec]] = {}
    for option in CategoryOption.objects.order_by("category_id", "sort_order", "code"):
        options.setdefault(option.category_id, []).append(
            OptionSpec(option.pk, option.code, option.name)
        )
    figures = {figure.pk: figure for figure in Figure.objects.all()}
    by_type: dict[int, list[FigureSpec]] = {}
    for link in TypeFigure.objects.order_by("activity_type_id", "sort_order", "pk"):
        figure = figures[link.figure_id]
        by_type.setdefault(link.activity_type_id, []).append(
            FigureSpec(
                id=figure.pk,
                code=figure.code,
                name=figure.name,
                unit_label=figure.unit_label,
                required=link.required,
                options=tuple(options.get(figure.category_id, ())) if figure.category_id else (),
            )
        )
    catalogue = Catalogue()
    for activity_type in ActivityType.objects.all():
        catalogue.types[activity_type.code] = TypeSpec(
            id=activity_type.pk,
            code=activity_type.code,
            name=activity_type.name,
            description=activity_type.description,
            is_active=activity_type.is_active,
            figures=tuple(by_type.get(activity_type.pk, ())),
        )
    return catalogue


FigureRow = tuple[int, int | None, int]  # figure id, option id (None: total), value


def _too_large(key: str) -> str:
    """The refusal of a figure above ``FIGURE_MAX_VALUE`` (see settings: no sum overflows)."""
    return _("“%(key)s”: a figure may be at most %(max)s.") % {
        "key": key,
        "max": format_number(settings.FIGURE_MAX_VALUE),
    }


def check_figures(
    spec: TypeSpec, mode: str, values: Mapping[str, int | None]
) -> tuple[list[FigureRow], dict[str, str]]:
    """The rows to store for ``values`` (figure key → value) of an activity of type ``spec``
    held in ``mode``, and the problems, each under the key it concerns.

    A total left empty is the sum of its parts, so nobody types a figure twice; the parts
    may fall short of the total (people not counted in any category) but never exceed it.
    Points of an online link (``remote_points``) need an online or hybrid mode.
    """
    errors: dict[str, str] = {}
    given: dict[str, int] = {}
    known = set(spec.figure_keys())
    for key, value in values.items():
        if value is None:
            continue
        if key not in known:
            code = key.partition(".")[0]
            if spec.figure(code) is None:
                errors[key] = _("The activity type “%(type)s” has no figure “%(key)s”.") % {
                    "type": spec.name,
                    "key": key,
                }
            else:
                errors[key] = _("“%(key)s”: there is no such category.") % {"key": key}
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            errors[key] = _("A figure must be a whole number, zero or more.")
            continue
        if value > settings.FIGURE_MAX_VALUE:
            errors[key] = _too_large(key)
            continue
        given[key] = value
    rows: list[FigureRow] = []
    for figure in spec.figures:
        parts = [
            (option, given[figure.key(option)])
            for option in figure.options
            if figure.key(option) in given
        ]
        parts_sum = sum(value for _option, value in parts)
        total = given.get(figure.code)
        if total is None and parts:
            total = parts_sum
            if total > settings.FIGURE_MAX_VALUE:
                errors.setdefault(figure.code, _too_large(figure.code))
        if total is None:
            if figure.required:
                errors.setdefault(
                    figure.code, _("Please enter “%(figure)s”.") % {"figure": figure.name}
                )
            continue
        if parts_sum > total:
            errors.setdefault(
                figure.code,
                _("The parts (%(parts)s) add up to more than “%(figure)s” (%(total)s).")
                % {
                    "parts": format_number(parts_sum),
                    "figure": figure.name,
                    "total": format_number(total),
                },
            )
        rows.append((figure.id, None, total))
        rows.extend((figure.id, option.id, value) for option, value in parts)
    if given.get(REMOTE_POINTS) and mode not in ONLINE_MODES:
        errors.setdefault(REMOTE_POINTS, _("With remote points the mode must be online or hybrid."))
    return rows, errors
