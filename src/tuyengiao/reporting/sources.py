"""Derived indicators: figures the platform already knows, so nobody types them again.

An indicator with a ``source`` names where its figure comes from, and ``source_params``
say which figure, as plain data:

==============  =====================================================  ===================
source          parameters                                             figure
==============  =====================================================  ===================
``activities``  ``{"types": ["training_class"], "figure": "classes"}``  sum of a figure of
                                                                       the activity log
                                                                       (by option when the
                                                                       indicator has a
                                                                       category)
``activities``  ``{"types": ["conference"], "measure": "count"}``      number of activities
``plans``       ``{"measure": "done"}`` (or ``total``, ``overdue``,    work items of the
                ``on_time``)                                           plans the unit owns
==============  =====================================================  ===================

The figures cover the reporting unit's subtree for the period (the activity log's rule),
so a form with derived indicators should be assigned to units of one level. Each source is
read through the selector its app offers for reports: ``activity_figures`` and
``plan_summary``.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from tuyengiao.activities.models import CategoryOption
from tuyengiao.core.actors import SYSTEM
from tuyengiao.orgs.models import Unit
from tuyengiao.reporting.models import Indicator
from tuyengiao.reporting.periods import Period

# (indicator, unit, period) → {option code or None (total): value}
Resolver = Callable[[Indicator, Unit, Period], dict[str | None, Decimal]]


def _from_activities(indicator: Indicator, unit: Unit, period: Period) -> dict[str | None, Decimal]:
    from tuyengiao.activities.selectors import activity_figures

    params = indicator.source_params
    figures = activity_figures(
        unit=unit, start=period.start, end=period.end, types=params.get("types")
    )
    if params.get("measure") == "count":
        return {None: Decimal(figures.count(params.get("types")))}
    figure = params["figure"]
    values: dict[str | None, Decimal] = {
        code: Decimal(value) for code, value in figures.by_option(figure).items()
    }
    values[None] = Decimal(figures.total(figure))
    return values


def _from_plans(indicator: Indicator, unit: Unit, period: Period) -> dict[str | None, Decimal]:
    from tuyengiao.plans.models import Plan
    from tuyengiao.plans.selectors import plan_summary

    measure = indicator.source_params.get("measure", "done")
    plans = Plan.objects.filter(owner=unit, starts_on__lte=period.end, ends_on__gte=period.start)
    total = sum(getattr(plan_summary(SYSTEM, plan, as_of=period.end), measure) for plan in plans)
    return {None: Decimal(total)}


PLAN_MEASURES = ("done", "total", "overdue", "on_time")


def _check_activities(params: dict, category_id: int | None) -> list[str]:
    from tuyengiao.activities.models import ActivityType, Figure

    errors = []
    types = params.get("types")
    if types is not None:
        if not isinstance(types, list) or not all(isinstance(code, str) for code in types):
            return ['“types” phải là danh sách mã loại hoạt động, ví dụ ["training_class"].']
        known = set(ActivityType.objects.filter(code__in=types).values_list("code", flat=True))
        unknown = [code for code in types if code not in known]
        if unknown:
            errors.append(f"không có loại hoạt động mã {', '.join(unknown)}.")
    if params.get("measure") == "count":
        if category_id is not None:
            errors.append("số hoạt động không chia theo phân tổ: bỏ trống phân tổ.")
    elif "measure" in params:
        errors.append("“measure” của nguồn sổ hoạt động chỉ nhận “count”.")
    elif not isinstance(params.get("figure"), str):
        errors.append("cần “figure” (mã số liệu của hoạt động) hoặc “measure”: “count”.")
    elif not Figure.objects.filter(code=params["figure"]).exists():
        errors.append(f"không có số liệu hoạt động mã {params['figure']}.")
    return errors


def _check_plans(params: dict, category_id: int | None) -> list[str]:
    errors = []
    if params.get("measure", "done") not in PLAN_MEASURES:
        errors.append(f"“measure” của nguồn kế hoạch nhận một trong {', '.join(PLAN_MEASURES)}.")
    if category_id is not None:
        errors.append("số đầu việc không chia theo phân tổ: bỏ trống phân tổ.")
    return errors


# Each source: how its figure is read, and how its parameters are checked.
SOURCES: dict[str, Resolver] = {
    Indicator.Source.ACTIVITIES: _from_activities,
    Indicator.Source.PLANS: _from_plans,
}
CHECKS: dict[str, Callable[[dict, int | None], list[str]]] = {
    Indicator.Source.ACTIVITIES: _check_activities,
    Indicator.Source.PLANS: _check_plans,
}


def source_errors(source: str, params: object, category_id: int | None) -> list[str]:
    """What is wrong with a derived indicator's parameters, in Vietnamese (empty: fine)."""
    if not source:
        return ["một chỉ tiêu nhập tay không có tham số nguồn."] if params else []
    if source not in CHECKS:
        return [f"không có nguồn “{source}”."]
    if not isinstance(params, dict):
        return ['phải là một đối tượng JSON, ví dụ {"measure": "done"}.']
    return CHECKS[source](params, category_id)


def derived_values(
    indicator: Indicator, unit: Unit, period: Period, options: list[CategoryOption]
) -> dict[int | None, Decimal]:
    """The derived figure of ``indicator`` for ``unit`` and ``period``: by option id for an
    indicator with a category (options without data are 0), else under None."""
    resolver = SOURCES.get(indicator.source)
    if resolver is None:
        return {}
    values = resolver(indicator, unit, period)
    if indicator.category_id is None:
        return {None: values.get(None, Decimal(0))}
    return {option.pk: values.get(option.code, Decimal(0)) for option in options}
