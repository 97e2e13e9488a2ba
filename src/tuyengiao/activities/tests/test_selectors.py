"""What people see of the log, and the figures the reports are built from."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from tuyengiao.activities.selectors import (
    ActivityFilters,
    activities_visible_to,
    activity_calendar,
    activity_figures,
    activity_figures_for,
    activity_list,
)
from tuyengiao.activities.tests.builders import log
from tuyengiao.core.actors import SYSTEM
from tuyengiao.orgs.services import hierarchy_version_create, hierarchy_version_publish, unit_move

YEAR_START, YEAR_END = date(2022, 1, 1), date(2022, 12, 31)


@pytest.fixture
def classes(city):
    """Training classes in the district, both wards and a cell; one in the city board."""
    log(
        city.ward_a,
        "training_class",
        "Lớp A1",
        date(2022, 3, 1),
        {"classes": 3, "learners.party": 100, "learners.state": 50},
    )
    log(
        city.cell_a,
        "training_class",
        "Lớp A2",
        date(2022, 9, 8),
        {"classes": 1, "classes.party": 1, "learners": 40, "learners.party": 30},
    )
    log(
        city.ward_b,
        "training_class",
        "Lớp B1",
        date(2022, 6, 30),
        {"classes": 2, "learners.mass": 70},
    )
    log(
        city.district,
        "conference",
        "Hội nghị quận",
        date(2022, 9, 29),
        {"participants": 3173, "remote_points": 55},
        mode="hybrid",
    )
    log(
        city.board,
        "training_class",
        "Lớp của Ban",
        date(2022, 5, 5),
        {"classes": 9, "learners": 900},
    )
    # Outside the year.
    log(city.ward_a, "training_class", "Lớp 2023", date(2023, 1, 2), {"classes": 1, "learners": 10})


def test_figures_sum_a_subtree_over_a_period(city, classes, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):
        figures = activity_figures(unit=city.district, start=YEAR_START, end=YEAR_END)
    assert figures.count() == 4
    assert figures.count(["training_class"]) == 3
    assert figures.total("classes") == 6
    assert figures.total("learners") == 150 + 40 + 70
    assert figures.by_option("learners") == {"party": 130, "state": 50, "mass": 70}
    assert figures.total("learners", option="party") == 130
    assert figures.total("participants") == 3173
    assert figures.total("remote_points", types=["conference"]) == 55
    assert figures.total("remote_points", types=["training_class"]) == 0


def test_figures_of_one_ward_and_a_cut_off_date(city, classes):
    ward = activity_figures(unit=city.ward_a, start=YEAR_START, end=date(2022, 9, 8))
    assert ward.total("classes") == 4
    assert ward.total("learners") == 190
    before = activity_figures(unit=city.ward_a, start=YEAR_START, end=date(2022, 9, 7))
    assert before.total("classes") == 3
    city_wide = activity_figures(unit=city.city, start=YEAR_START, end=YEAR_END)
    assert city_wide.total("classes") == 15
    only_types = activity_figures(
        unit=city.city, start=YEAR_START, end=YEAR_END, types=["conference"]
    )
    assert only_types.count() == 1
    assert only_types.total("classes") == 0


def test_figures_follow_the_tree_in_force_on_each_date(city, classes):
    """Ward B moves under the city on 1/7/2022: its June class stays with the district,
    a class of August goes with the city only."""
    version = hierarchy_version_create(
        effective_date=date(2022, 7, 1), name="Điều chỉnh", actor=SYSTEM
    )
    unit_move(version=version, unit=city.ward_b, new_parent=city.city, actor=SYSTEM)
    hierarchy_version_publish(version=version, actor=SYSTEM)
    log(city.ward_b, "training_class", "Lớp B2", date(2022, 8, 1), {"classes": 5, "learners": 5})
    district = activity_figures(unit=city.district, start=YEAR_START, end=YEAR_END)
    assert district.total("classes") == 6  # B1 in June, not B2 in August
    whole = activity_figures(unit=city.city, start=YEAR_START, end=YEAR_END)
    assert whole.total("classes") == 20


def test_figures_for_a_person_check_their_reach(city, classes, ward_officer_a):
    own = activity_figures_for(ward_officer_a, unit=city.ward_a, start=YEAR_START, end=YEAR_END)
    assert own.total("classes") == 4
    with pytest.raises(PermissionDenied):
        activity_figures_for(ward_officer_a, unit=city.ward_b, start=YEAR_START, end=YEAR_END)


def test_officers_see_their_subtree_only(city, classes, ward_officer_a, city_specialist):
    titles = {a.title for a in activities_visible_to(ward_officer_a)}
    assert titles == {"Lớp A1", "Lớp A2", "Lớp 2023"}
    assert activities_visible_to(city_specialist).count() == 6


def test_list_filters_by_unit_type_dates_and_words(city, classes, city_specialist):
    def titles(**filters):
        return [a.title for a in activity_list(city_specialist, ActivityFilters(**filters))]

    assert titles(unit=city.ward_a) == ["Lớp 2023", "Lớp A2", "Lớp A1"]
    assert titles(type_code="conference") == ["Hội nghị quận"]
    assert titles(date_from=date(2022, 9, 1), date_to=date(2022, 9, 30)) == [
        "Hội nghị quận",
        "Lớp A2",
    ]
    assert titles(query="hoi nghi QUAN") == ["Hội nghị quận"]


def test_calendar_places_activities_on_their_days(city, ward_officer_a):
    log(
        city.ward_a,
        "conference",
        "Hội nghị hai ngày",
        date(2022, 9, 29),
        end_date=date(2022, 10, 1),
    )
    weeks = activity_calendar(ward_officer_a, 2022, 9, ActivityFilters())
    days = {day.day: day for week in weeks for day in week}
    assert weeks[0][0].day == date(2022, 8, 29)  # Monday first
    assert [a.title for a in days[date(2022, 9, 30)].activities] == ["Hội nghị hai ngày"]
    assert [a.title for a in days[date(2022, 10, 1)].activities] == ["Hội nghị hai ngày"]
    assert not days[date(2022, 9, 28)].activities
    assert days[date(2022, 10, 1)].in_month is False
