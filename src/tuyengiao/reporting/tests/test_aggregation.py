"""Figures roll up the tree in force for the period, and follow reorganisations."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import TestCase

from tuyengiao.core.actors import SYSTEM
from tuyengiao.orgs.services import (
    NewUnit,
    SplitPart,
    hierarchy_version_create,
    hierarchy_version_publish,
    unit_dissolve,
    unit_merge,
    unit_split,
)
from tuyengiao.orgs.tests.personas import kind
from tuyengiao.reporting import analytics
from tuyengiao.reporting.models import AnalyticsRow, Indicator
from tuyengiao.reporting.periods import parse_period
from tuyengiao.reporting.selectors import report_figures, report_figures_by_unit
from tuyengiao.reporting.services import submission_return
from tuyengiao.reporting.tests.builders import build_form, report


def _figures(tf, unit, code):
    found = report_figures(SYSTEM, form=tf.form, unit=unit, period=parse_period(code))
    return {
        item.indicator.code.split("-", 1)[1]: (item.total, item.by_option) for item in found.figures
    }, found


def test_months_roll_up_to_quarter_and_units_to_the_city(city):
    tf = build_form(city.ward_a, city.ward_b)
    report(tf, city.ward_a, parse_period("2022M07"), documents=2, classes={"party": 3})
    report(tf, city.ward_a, parse_period("2022M08"), documents=5, classes={"mass": 1})
    report(tf, city.ward_b, parse_period("2022M09"), documents=4, classes={"party": 2})
    figures, found = _figures(tf, city.city, "2022Q3")
    assert figures["documents"] == (11, {})
    assert figures["classes"] == (6, {"party": 5, "mass": 1})
    assert figures["learners"] == (None, {})
    assert _figures(tf, city.ward_a, "2022Q3")[0]["documents"] == (7, {})
    assert _figures(tf, city.city, "2022M08")[0]["documents"] == (5, {})
    assert _figures(tf, city.city, "2022N9")[0]["documents"] == (11, {})
    # A window cut on 8/9 holds only the months wholly inside it.
    assert _figures(tf, city.city, "2022-01-01..2022-09-08")[0]["documents"] == (7, {})
    assert found.completeness.expected == 6
    assert found.completeness.submitted == 3


def test_aggregation_types_over_time(city):
    tf = build_form(city.ward_a, city.ward_b)
    tf.documents.aggregation = Indicator.Aggregation.AVERAGE
    tf.documents.save()
    tf.classes.aggregation = Indicator.Aggregation.LAST
    tf.classes.save()
    report(tf, city.ward_a, parse_period("2022M01"), documents=2, classes={"party": 3})
    report(tf, city.ward_a, parse_period("2022M02"), documents=6, classes={"party": 8})
    report(tf, city.ward_b, parse_period("2022M02"), documents=1, classes={"state": 1})
    figures = _figures(tf, city.city, "2022Q1")[0]
    assert figures["documents"][0] == 3  # (2 + 6 + 1) / 3
    assert figures["classes"] == (9, {"party": 8, "state": 1})


def test_unaggregated_indicators_show_only_the_units_own_value(city):
    tf = build_form(city.ward_a, city.district)
    tf.documents.aggregation = Indicator.Aggregation.NONE
    tf.documents.save()
    report(tf, city.ward_a, parse_period("2022M01"), documents=2)
    report(tf, city.district, parse_period("2022M01"), documents=9)
    assert _figures(tf, city.district, "2022M01")[0]["documents"] == (9, {})
    assert _figures(tf, city.district, "2022Q1")[0]["documents"] == (None, {})


def test_returned_reports_leave_the_figures_and_rebuild_agrees(city):
    tf = build_form(city.ward_a, city.ward_b)
    kept = report(tf, city.ward_a, parse_period("2022M01"), documents=2, classes={"party": 3})
    returned = report(tf, city.ward_b, parse_period("2022M01"), documents=5)
    with TestCase.captureOnCommitCallbacks(execute=True):
        submission_return(submission=returned, reason="Sai", actor=SYSTEM)
    assert _figures(tf, city.city, "2022M01")[0]["documents"] == (2, {})
    incremental = sorted(
        AnalyticsRow.objects.values_list("unit_id", "indicator_id", "option_id", "value_sum")
    )
    assert analytics.rebuild() == len(incremental)
    rebuilt = sorted(
        AnalyticsRow.objects.values_list("unit_id", "indicator_id", "option_id", "value_sum")
    )
    assert rebuilt == incremental
    assert kept.unit_id in {row[0] for row in rebuilt}


def test_figures_by_unit_list_each_child_in_one_query(city, django_assert_max_num_queries):
    tf = build_form(city.ward_a, city.ward_b)
    report(tf, city.ward_a, parse_period("2022M01"), documents=2)
    report(tf, city.ward_b, parse_period("2022M02"), documents=5)
    period = parse_period("2022Q1")
    with django_assert_max_num_queries(8):
        children = report_figures_by_unit(SYSTEM, form=tf.form, unit=city.district, period=period)
    totals = {child.unit.code: child.figures[0].total for child in children}
    assert totals == {"TP.Q1.A": 2, "TP.Q1.B": 5}


@pytest.fixture
def reorganised(city):
    """On 1/7/2025 ward A splits into X (60%) and Y (40%), ward B merges into Y, and the
    district is dissolved: X and Y sit directly under the city."""
    version = hierarchy_version_create(effective_date=date(2025, 7, 1), name="2025", actor=SYSTEM)
    commune = kind("commune_committee")
    x, y = unit_split(
        version=version,
        unit=city.ward_a,
        parts=[
            SplitPart(
                Decimal("0.6"), new=NewUnit("TP.X", "Đảng ủy phường Xuân", commune, city.city)
            ),
            SplitPart(
                Decimal("0.4"), new=NewUnit("TP.Y", "Đảng ủy phường Yên", commune, city.city)
            ),
        ],
        actor=SYSTEM,
    )
    unit_merge(version=version, units=[city.ward_b], into=y, actor=SYSTEM)
    unit_dissolve(version=version, unit=city.district, actor=SYSTEM)
    hierarchy_version_publish(version=version, actor=SYSTEM)
    return x, y


def test_a_period_across_1_july_2025_carries_dissolved_units_to_their_successors(city, reorganised):
    x, y = reorganised
    tf = build_form(city.ward_a, city.ward_b, x, y)
    report(tf, city.ward_a, parse_period("2025M06"), classes={"party": 10})
    report(tf, city.ward_b, parse_period("2025M06"), classes={"party": 5})
    report(tf, x, parse_period("2025M08"), classes={"party": 1})
    figures, found = _figures(tf, x, "2025")
    assert figures["classes"] == (7, {"party": 7})  # 60% of 10, and its own 1
    assert [note.text for note in found.carried] == [
        "Số liệu của Đảng ủy phường Ánh Dương (TP.Q1.A) đến ngày 30/06/2025 được tính vào "
        "Đảng ủy phường Xuân (TP.X) theo tỷ lệ 60% (sắp xếp tổ chức)."
    ]
    figures, found = _figures(tf, y, "2025")
    assert figures["classes"] == (9, {"party": 9})  # 40% of 10 and all of 5
    assert len(found.carried) == 2
    # The city's total is the same whichever tree the months were in.
    assert _figures(tf, city.city, "2025")[0]["classes"][0] == 16
    # A period wholly after the change carries nothing.
    figures, found = _figures(tf, x, "2025S2")
    assert figures["classes"][0] == 1
    assert found.carried == []
    children = report_figures_by_unit(
        SYSTEM, form=tf.form, unit=city.city, period=parse_period("2025")
    )
    totals = {child.unit.code: child.figures[1].total for child in children}
    assert totals["TP.X"] == 7
    assert totals["TP.Y"] == 9
