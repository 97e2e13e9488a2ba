"""The demo 9-month report: the city's 2022 figures are exactly those of seed 002."""

from io import StringIO

import pytest
from django.core.management import call_command

from tuyengiao.core.actors import SYSTEM
from tuyengiao.demo.accounts import ensure_demo_accounts
from tuyengiao.demo.documents import ensure_demo_documents
from tuyengiao.demo.orgs import ensure_demo_orgs
from tuyengiao.demo.plans import ensure_demo_plans
from tuyengiao.demo.reporting import FORM_CODE, ensure_demo_reporting, split
from tuyengiao.orgs.models import Unit
from tuyengiao.reporting.models import DataValue, ReportForm, Submission
from tuyengiao.reporting.periods import parse_period
from tuyengiao.reporting.selectors import report_figures

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    ensure_demo_orgs()
    ensure_demo_accounts()
    ensure_demo_documents()
    ensure_demo_plans()
    return ensure_demo_reporting()


def test_the_city_nine_month_2022_figures_equal_the_seed(demo):
    assert demo.created
    found = report_figures(
        SYSTEM,
        form=ReportForm.objects.get(code=FORM_CODE),
        unit=Unit.objects.get(code="HN"),
        period=parse_period("2022N9"),
    )
    assert found.figure("documents_issued").total == 1420
    assert found.figure("work_items_done").total == 84
    assert found.figure("work_items_total").total == 87
    classes, learners = found.figure("classes"), found.figure("learners")
    assert classes.total == 1418
    assert classes.by_option == {"party": 614, "mass": 288, "state": 490, "other": 26}
    assert learners.total == 230516
    assert learners.by_option == {
        "party": 102068,
        "mass": 52467,
        "state": 71215,
        "other": 4766,
    }
    assert (found.completeness.expected, found.completeness.submitted) == (31, 31)
    assert found.completeness.on_time == 31
    assert found.carried == []
    # Work items come from the plans, marked as derived.
    assert DataValue.objects.get(indicator__code="work_items_done").is_derived
    assert set(Submission.objects.values_list("status", flat=True)) == {"approved"}


def test_loading_again_changes_nothing(demo):
    values = DataValue.objects.count()
    again = ensure_demo_reporting()
    assert not again.created
    assert again.submissions == 31
    assert DataValue.objects.count() == values


def test_the_command_prints_the_seed_figures(demo):
    out = StringIO()
    call_command("report_figures", form=FORM_CODE, unit="HN", period="2022N9", stdout=out)
    text = out.getvalue()
    assert "Số lớp bồi dưỡng lý luận chính trị: 1.418 lớp" in text
    assert "Số lượt học viên: 230.516 lượt học viên" in text
    assert "Khối Đảng: 102.068" in text
    assert "Đã gửi 31/31 báo cáo" in text


def test_split_adds_up_exactly():
    """Largest remainders get the units left over by rounding down."""
    assert split(1418, [60, 5, 12, 7]) == [1013, 84, 203, 118]
