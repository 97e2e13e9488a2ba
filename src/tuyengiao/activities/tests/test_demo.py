"""The demo activities: the seed articles' figures come back out of the log."""

from __future__ import annotations

from datetime import date

import pytest

from tuyengiao.activities.models import Activity
from tuyengiao.activities.selectors import activity_figures, figure_values
from tuyengiao.demo.accounts import ensure_demo_accounts
from tuyengiao.demo.activities import MARKER_TITLE, NAMED, ensure_demo_activities
from tuyengiao.demo.documents import ensure_demo_documents
from tuyengiao.demo.orgs import DISTRICTS, ensure_demo_orgs
from tuyengiao.demo.plans import ensure_demo_plans
from tuyengiao.orgs.models import Unit
from tuyengiao.plans.models import WorkUpdate

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    ensure_demo_orgs()
    ensure_demo_accounts()
    ensure_demo_documents()
    ensure_demo_plans()
    return ensure_demo_activities()


def test_city_classes_up_to_8_september_2022(loaded):
    """1.418 lớp/230.516 lượt học viên, khối Đảng 614 lớp/102.068 lượt (seed 002)."""
    figures = activity_figures(
        unit=Unit.objects.get(code="HN"), start=date(2022, 1, 1), end=date(2022, 9, 8)
    )
    assert figures.total("classes", types=["training_class"]) == 1418
    assert figures.total("learners", types=["training_class"]) == 230516
    assert figures.by_option("classes") == {"party": 614, "mass": 288, "state": 490, "other": 26}
    assert figures.by_option("learners") == {
        "party": 102068,
        "mass": 52467,
        "state": 71215,
        "other": 4766,
    }


def test_ba_dinh_summer_training(loaded):
    """55 điểm cầu, 3.173 cán bộ, giáo viên, nhân viên (seed 000)."""
    summer = Activity.objects.get(title=MARKER_TITLE)
    assert summer.unit.code == "HN.BADINH"
    assert summer.mode == "hybrid"
    values = figure_values(summer)
    assert values["remote_points"] == 55
    assert values["learners"] == 3173
    ba_dinh = activity_figures(
        unit=Unit.objects.get(code="HN.BADINH"), start=date(2022, 1, 1), end=date(2022, 12, 31)
    )
    assert ba_dinh.total("remote_points") == 55
    assert ba_dinh.count(["conference"]) == 1


def test_thanh_xuan_congress_propaganda_2020(loaded):
    """30 tin, bài trên Cổng thông tin điện tử quận; 11 bài báo giấy; 06 đĩa CD (seed 001)."""
    figures = activity_figures(
        unit=Unit.objects.get(code="HN.THANHXUAN"), start=date(2019, 1, 1), end=date(2020, 12, 31)
    )
    assert figures.by_option("articles") == {"portal": 30, "online_press": 30, "print_press": 11}
    assert figures.by_option("titles") == {"yearbook": 1, "cd": 6}
    portal = Activity.objects.get(title__startswith="Tin, bài tuyên truyền Đại hội")
    assert sorted(d.symbol for d in portal.documents.all()) == ["149-KH/QU", "158-KH/QU"]


def test_activities_are_evidence_of_the_programme(loaded):
    briefing = Activity.objects.get(
        title="Hội nghị giao ban công tác tuyên giáo 9 tháng đầu năm 2022"
    )
    update = WorkUpdate.objects.get(kind="evidence", evidence_id=briefing.pk)
    assert update.work_item.title == briefing.title
    assert update.effective_on == date(2022, 10, 6)
    classes = WorkUpdate.objects.filter(
        kind="evidence", work_item__title__startswith="Mở các lớp bồi dưỡng"
    )
    assert classes.count() >= 1
    assert all(update.assignment is not None for update in classes)


def test_loading_twice_changes_nothing(loaded):
    assert loaded.created
    assert loaded.activities == len(NAMED) + len(DISTRICTS)
    again = ensure_demo_activities()
    assert not again.created
    assert Activity.objects.count() == loaded.activities
