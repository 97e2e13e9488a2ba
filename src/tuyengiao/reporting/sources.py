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
    total = sum(getattr(plan_summary(None, plan, as_of=period.end), measure) for plan in plans)
    return {None: Decimal(total)}


SOURCES: dict[str, Resolver] = {
    Indicator.Source.ACTIVITIES: _from_activities,
    Indicator.Source.PLANS: _from_plans,
}


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
