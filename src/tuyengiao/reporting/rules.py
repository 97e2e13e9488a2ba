"""Checks on a report's figures: value types, validation rules, expected ranges."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils.translation import gettext as _

from tuyengiao.activities.models import CategoryOption
from tuyengiao.core.formatting import format_number
from tuyengiao.reporting.models import Indicator, ValidationRule

# (indicator id, option id or None) → value
Figures = dict[tuple[int, int | None], Decimal]
_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")


def parse_value(indicator: Indicator, raw: object) -> Decimal | None:
    """The value typed for ``indicator``; None for an empty cell. ``ValueError`` with a
    Vietnamese message naming the indicator when it is not a number of the right kind."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    text = str(raw).strip().replace(" ", "")
    # Vietnamese writing: "." groups thousands, "," marks decimals ("230.516", "95,56").
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif _GROUPED.match(text):
        text = text.replace(".", "")
    try:
        value = Decimal(text)
    except InvalidOperation as error:
        raise ValueError(f"{indicator.name}: “{raw}” không phải là số.") from error
    if not value.is_finite():
        raise ValueError(f"{indicator.name}: “{raw}” không phải là số.")
    if problem := value_out_of_bounds(indicator, value):
        raise ValueError(problem)
    if indicator.value_type == Indicator.ValueType.INTEGER and value != value.to_integral():
        raise ValueError(f"{indicator.name}: phải là số nguyên (nhận được “{raw}”).")
    if value < 0:
        raise ValueError(f"{indicator.name}: không được âm (nhận được “{raw}”).")
    if indicator.value_type == Indicator.ValueType.PERCENT and value > 100:
        raise ValueError(f"{indicator.name}: tỷ lệ không quá 100% (nhận được “{raw}”).")
    return value


def value_out_of_bounds(
    indicator: Indicator, value: Decimal | int, option: CategoryOption | None = None
) -> str | None:
    """Why ``value`` cannot be stored for ``indicator`` (None when it can): not a finite
    number, or beyond ``REPORTING_VALUE_MAX`` either way, the bound that keeps every sum over
    the country's units within 64 bits (see settings). The indicator's own min–max is an
    expected range that only flags a value (:func:`is_outlier`), never refuses it."""
    name = f"{indicator.name} ({option.name})" if option else indicator.name
    value = Decimal(value)  # services are also given whole numbers
    if not value.is_finite():
        return _("%(indicator)s: not a number.") % {"indicator": name}
    if value.copy_abs() > settings.REPORTING_VALUE_MAX:  # copy_abs: exact, never traps
        return _("%(indicator)s: a value may be at most %(max)s.") % {
            "indicator": name,
            "max": format_number(settings.REPORTING_VALUE_MAX),
        }
    return None


def is_outlier(indicator: Indicator, value: Decimal) -> bool:
    """Whether ``value`` lies outside the indicator's expected (min–max) range."""
    return (indicator.min_value is not None and value < indicator.min_value) or (
        indicator.max_value is not None and value > indicator.max_value
    )


def total(figures: Figures, indicator_id: int, option: CategoryOption | None) -> Decimal | None:
    """One option's figure, or the indicator's total over its options (None: nothing)."""
    if option is not None:
        return figures.get((indicator_id, option.pk))
    found = [value for (ind, _opt), value in figures.items() if ind == indicator_id]
    return sum(found, Decimal(0)) if found else None


def broken_rules(rules: list[ValidationRule], figures: Figures) -> list[str]:
    """Messages of the rules that ``figures`` break; rules over a missing figure are skipped."""
    broken = []
    for rule in rules:
        left = total(figures, rule.left_id, rule.left_option)
        right = total(figures, rule.right_id, rule.right_option)
        if left is None or right is None:
            continue
        holds = {
            ValidationRule.Operator.LESS_EQUAL: left <= right,
            ValidationRule.Operator.GREATER_EQUAL: left >= right,
            ValidationRule.Operator.EQUAL: left == right,
        }[ValidationRule.Operator(rule.operator)]
        if not holds:
            broken.append(f"{rule.message} ({format_number(left)} / {format_number(right)})")
    return broken
