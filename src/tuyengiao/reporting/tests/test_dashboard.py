"""The report dashboard: figures against the same period last year, work items done, chart
data by unit and over time, access, a bounded number of queries, and the page without the
chart library."""

import json
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from tuyengiao.core.actors import SYSTEM
from tuyengiao.demo.accounts import ensure_demo_accounts
from tuyengiao.demo.documents import ensure_demo_documents
from tuyengiao.demo.orgs import ensure_demo_orgs
from tuyengiao.demo.plans import ensure_demo_plans
from tuyengiao.demo.reporting import FORM_CODE, ensure_demo_reporting
from tuyengiao.orgs.models import Unit
from tuyengiao.reporting.dashboard import dashboard
from tuyengiao.reporting.dashboard_views import chart_library_check
from tuyengiao.reporting.models import ReportForm
from tuyengiao.reporting.periods import parse_period, period_containing, year_before
from tuyengiao.reporting.selectors import report_figures
from tuyengiao.reporting.tests.builders import build_form, report

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    ensure_demo_orgs()
    ensure_demo_accounts()
    ensure_demo_documents()
    ensure_demo_plans()
    ensure_demo_reporting()
    return ReportForm.objects.get(code=FORM_CODE)


def test_the_city_dashboard_compares_with_nine_months_of_2021(demo):
    leader = get_user_model().objects.get(username="lanhdao")
    board = dashboard(
        leader, form=demo, unit=Unit.objects.get(code="HN"), period=parse_period("2022N9")
    )
    assert board.last_year.code == "2021N9"
    assert (board.completeness.expected, board.completeness.submitted) == (31, 31)
    assert board.completeness.on_time == 31
    assert (board.work_items.done, board.work_items.total) == (84, 87)
    figures = {item.indicator.code: item for item in board.figures}
    # The city board's own figure: 1.420 in 2022 against 88% of it (1.250) in 2021.
    documents = figures["documents_issued"]
    assert (documents.total, documents.last_year) == (1420, 1250)
    assert documents.change == Decimal("13.6")
    classes = figures["classes"]
    assert classes.total == 1418
    last_year = report_figures(
        SYSTEM, form=demo, unit=Unit.objects.get(code="HN"), period=parse_period("2021N9")
    )
    assert classes.last_year == last_year.figure("classes").total
    assert 1200 < classes.last_year < 1418
    assert classes.change == (1418 - classes.last_year) * 100 / classes.last_year
    # No plans in 2021: nothing to compare the work items with.
    assert figures["work_items_done"].last_year is None
    assert figures["work_items_done"].change is None

    # Bars: every district below the city, this year and last year.
    assert board.chart_indicator.code == "conferences"  # the first one every unit reported
    names = [bar.name for bar in board.by_unit]
    assert "Quận ủy Ba Đình" in names
    assert sum(bar.total or 0 for bar in board.by_unit) == figures["conferences"].total
    assert sum(bar.last_year or 0 for bar in board.by_unit) == figures["conferences"].last_year
    assert all(bar.total > bar.last_year for bar in board.by_unit if bar.total)

    # The line: five nine-month periods, oldest first; only 2021 and 2022 have figures.
    assert [period.code for period in board.trend_periods] == [
        "2018N9",
        "2019N9",
        "2020N9",
        "2021N9",
        "2022N9",
    ]
    trend = next(item for item in board.trend if item.indicator.code == "classes")
    assert trend.values == [None, None, None, classes.last_year, 1418]

    data = json.loads(json.dumps(board.chart_data(), cls=DjangoJSONEncoder))
    assert data["bar"]["labels"] == names
    assert [series["label"] for series in data["bar"]["series"]] == [
        "9 tháng đầu năm 2022",
        "9 tháng đầu năm 2021",
    ]
    shown = [series["label"] for series in data["line"]["series"] if not series["hidden"]]
    assert shown == ["Số hội nghị học tập, quán triệt"]


def test_another_indicator_can_be_charted_by_unit(demo):
    board = dashboard(
        SYSTEM,
        form=demo,
        unit=Unit.objects.get(code="HN"),
        period=parse_period("2022N9"),
        indicator="learners",
    )
    assert board.chart_indicator.code == "learners"
    assert sum(bar.total or 0 for bar in board.by_unit) == 230516


def test_the_number_of_queries_does_not_depend_on_the_units_below(demo):
    """The city (some thirty units below) costs the same queries as a single district."""
    period = parse_period("2022N9")
    counts = []
    for code in ("HN", "HN.BADINH"):
        unit = Unit.objects.get(code=code)
        with CaptureQueriesContext(connection) as queries:
            board = dashboard(SYSTEM, form=demo, unit=unit, period=period)
        counts.append((len(board.by_unit), len(queries)))
    (city_units, city_queries), (district_units, district_queries) = counts
    assert city_units > 30
    assert city_units > district_units
    assert city_queries == district_queries


def test_the_page_shows_cards_tables_and_the_local_chart_library(client, demo):
    client.force_login(get_user_model().objects.get(username="lanhdao"))
    response = client.get(
        reverse("reporting:dashboard"), {"form": FORM_CODE, "unit": "HN", "period": "2022N9"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "84/87 đầu việc" in body
    assert "1.418" in body
    assert "230.516" in body
    assert "+13,6%" in body  # documents against 2021
    assert 'src="/static/vendor/chartjs/chart.umd.min.js"' in body
    # Every script comes from the platform itself.
    scripts = re.findall(r'<script[^>]*\ssrc="([^"]+)"', body)
    assert scripts
    assert all(src.startswith("/") and not src.startswith("//") for src in scripts), scripts
    assert 'id="db-data"' in body
    assert "data-charts-unavailable" not in body


def test_without_the_chart_library_the_tables_still_show(client, demo, tmp_path):
    client.force_login(get_user_model().objects.get(username="lanhdao"))
    with override_settings(STATICFILES_DIRS=[], STATIC_ROOT=tmp_path):
        response = client.get(
            reverse("reporting:dashboard"),
            {"form": FORM_CODE, "unit": "HN", "period": "2022N9"},
        )
        warnings = chart_library_check()
    assert response.status_code == 200
    body = response.content.decode()
    assert "data-charts-unavailable" in body
    assert "chart.umd.min.js" not in body
    assert "data-bar-table" in body
    assert "Quận ủy Ba Đình" in body
    assert [warning.id for warning in warnings] == ["reporting.W001"]


@pytest.fixture
def wards(city):
    """A monthly form of the two wards, with this month's and last year's reports."""
    tf = build_form(city.ward_a, city.ward_b)
    period = period_containing("month", timezone.localdate())
    report(tf, city.ward_a, period, documents=12, classes={"party": 3})
    report(tf, city.ward_a, year_before(period), documents=8, classes={"party": 2})
    report(tf, city.ward_b, period, documents=5)
    return tf, period


def test_a_ward_officer_sees_her_ward_only(client, city, ward_officer_a, wards):
    tf, period = wards
    board = dashboard(ward_officer_a, form=tf.form, unit=city.ward_a, period=period)
    documents = next(item for item in board.figures if item.indicator == tf.documents)
    assert (documents.total, documents.last_year, documents.change) == (12, 8, 50)
    with pytest.raises(Http404):
        dashboard(ward_officer_a, form=tf.form, unit=city.ward_b, period=period)

    client.force_login(ward_officer_a)
    url = reverse("reporting:dashboard")
    query = {"form": tf.form.code, "period": period.code}
    assert client.get(url, {**query, "unit": city.ward_a.code}).status_code == 200
    refused = client.get(url, {**query, "unit": city.ward_b.code})
    assert refused.status_code == 404
    assert "Bình Minh" not in refused.content.decode()


def test_the_district_sees_both_wards_against_last_year(city, city_specialist, wards):
    tf, period = wards
    board = dashboard(
        city_specialist,
        form=tf.form,
        unit=city.district,
        period=period,
        indicator=tf.documents.code,
    )
    bars = {bar.unit: (bar.total, bar.last_year, bar.change) for bar in board.by_unit}
    assert bars == {city.ward_a: (12, 8, 50), city.ward_b: (5, None, None)}
