"""The dashboard screen, /admin/reports/dashboard/: a form's figures for a unit and a period
as cards, tables and charts, printable.

The charts are drawn by Chart.js served from the project's own static files (installed from
the npm registry by ``scripts/assets``; committee servers often have no internet access, so
nothing is loaded from a CDN). Without it the page still shows every figure in its tables
and says the charts are unavailable; the system check ``reporting.W001`` says how to fix it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core import checks
from django.utils.translation import gettext_lazy as _

from tuyengiao.reporting.dashboard import dashboard
from tuyengiao.reporting.forms import ChooseForm
from tuyengiao.reporting.selectors import form_indicators, forms_visible_to
from tuyengiao.reporting.views import ReportsPage, _chosen

CHART_JS = "vendor/chartjs/chart.umd.min.js"


def chart_library_available() -> bool:
    """Chart.js is found by the static files finders (development) or was collected
    (deployment)."""
    return bool(finders.find(CHART_JS)) or staticfiles_storage.exists(CHART_JS)


def chart_library_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    if chart_library_available():
        return []
    return [
        checks.Warning(
            "Chart.js is not installed: report dashboards show their tables without charts.",
            hint="Run scripts/assets (npm ci from package-lock.json), then collectstatic "
            "where static files are collected.",
            id="reporting.W001",
        )
    ]


class DashboardForm(ChooseForm):
    """Form, unit and period, and the indicator the chart by unit shows."""

    indicator = forms.ChoiceField(label=_("Indicator by unit"), required=False)

    def __init__(self, *args, user=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, user=user, **kwargs)
        choices: list[tuple[str, str]] = [("", _("Reported by the most units"))]
        seen: set[str] = set()
        for report_form in forms_visible_to(user):
            for row in form_indicators(report_form):
                if row.indicator.code not in seen:
                    seen.add(row.indicator.code)
                    choices.append((row.indicator.code, row.indicator.name))
        self.fields["indicator"].choices = choices


class DashboardView(ReportsPage):
    """Completeness, key figures against the same period last year, work items done, and
    charts by unit and over time, for a form, a unit and a period."""

    template_name = "reporting/dashboard.html"
    page_title = _("Report dashboard")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        choose, chosen = _chosen(self.request, DashboardForm)
        board = None
        if chosen:
            report_form, unit, period = chosen
            board = dashboard(
                self.request.user,
                form=report_form,
                unit=unit,
                period=period,
                indicator=choose.cleaned_data.get("indicator") or "",
            )
        return super().get_context_data(
            choose=choose,
            board=board,
            chart_data=board.chart_data() if board else None,
            charts=chart_library_available(),
            chart_js=CHART_JS,
            **kwargs,
        )
