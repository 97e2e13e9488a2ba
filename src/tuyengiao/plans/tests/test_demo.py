"""The demo shows 84/87 for the city's 2022 programme on 30/9/2022 and the 30-CT/TW matrix."""

from datetime import date

import pytest

from tuyengiao.core.actors import SYSTEM
from tuyengiao.demo.documents import ensure_demo_documents
from tuyengiao.demo.orgs import ensure_demo_orgs
from tuyengiao.demo.plans import BA_DINH_PLAN_CODE, PROGRAMME_CODE, ensure_demo_plans
from tuyengiao.orgs.models import Unit
from tuyengiao.plans.models import DirectiveTracking, Plan
from tuyengiao.plans.selectors import plan_summary, tracking_matrix

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(admin_user):
    ensure_demo_orgs()
    ensure_demo_documents()
    first = ensure_demo_plans()
    second = ensure_demo_plans()
    assert first.created
    assert not second.created
    assert first.items == second.items
    return admin_user


def test_city_programme_is_84_of_87_on_30_september_2022(demo):
    programme = Plan.objects.get(code=PROGRAMME_CODE)
    figures = plan_summary(SYSTEM, programme, as_of=date(2022, 9, 30))
    assert (figures.done, figures.total) == (84, 87)
    assert figures.overdue == 2
    assert plan_summary(SYSTEM, programme, as_of=date(2023, 1, 1)).done == 86
    ba_dinh = plan_summary(
        SYSTEM, programme, as_of=date(2022, 9, 30), unit=Unit.objects.get(code="HN.BADINH")
    )
    assert ba_dinh.total == 7  # the items shared with the districts


def test_ba_dinh_plan_and_the_30_ct_tw_matrix(demo):
    plan = Plan.objects.get(code=BA_DINH_PLAN_CODE)
    assert plan.document.symbol == "229-KH/QU"
    assert plan.items.filter(parent__isnull=True).count() == 4
    tracking = DirectiveTracking.objects.get(directive__symbol="30-CT/TW")
    matrix = tracking_matrix(demo, tracking, as_of=date(2025, 6, 30))
    assert matrix.total == 14
    plan_issued, conference, interim, final = matrix.columns
    assert (plan_issued.done, plan_issued.late) == (14, 2)
    assert (conference.done, interim.done, final.done) == (13, 9, 0)
    assert conference.attended < conference.expected
    # Named as on the tracking's date, in Vietnamese order (C before Đ).
    names = [row.name for row in matrix.rows]
    assert names[0].startswith("Đảng ủy phường Cống Vị")
