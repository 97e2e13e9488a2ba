"""The directive matrix: units × milestones with counts, attendance, lateness and levels."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tuyengiao.core.actors import SYSTEM
from tuyengiao.documents.tests.builders import register
from tuyengiao.plans.models import Milestone
from tuyengiao.plans.selectors import tracking_matrix
from tuyengiao.plans.services import milestone_record, tracking_create, tracking_units_expect

pytestmark = pytest.mark.django_db


@pytest.fixture
def tracking(city):
    directive = register(city, "30-CT/TW", date(2024, 2, 5), "Chỉ thị về tuyên truyền miệng")
    tracking = tracking_create(
        directive=directive,
        owner=city.district,
        title="Triển khai Chỉ thị 30-CT/TW",
        expected_as_of=date(2024, 6, 1),
        plan_due=date(2024, 6, 30),
        conference_due=date(2024, 7, 31),
        actor=SYSTEM,
    )
    expected = tracking_units_expect(
        tracking=tracking,
        root=city.district,
        kind_codes=["commune_committee", "party_cell"],
        actor=SYSTEM,
    )
    return tracking, {entry.unit.code: entry for entry in expected}


def test_expected_units_are_those_of_the_kinds_below_the_root(tracking):
    _, expected = tracking
    assert sorted(expected) == ["TP.Q1.A", "TP.Q1.A.CB1", "TP.Q1.B", "TP.Q1.B.CB1"]


def test_matrix_counts_attendance_and_lateness(tracking, city_specialist):
    tracking, expected = tracking
    milestone_record(
        expected_unit=expected["TP.Q1.A"],
        kind=Milestone.Kind.PLAN_ISSUED,
        done_on=date(2024, 6, 20),
        actor=SYSTEM,
    )
    milestone_record(
        expected_unit=expected["TP.Q1.B"],
        kind=Milestone.Kind.PLAN_ISSUED,
        done_on=date(2024, 7, 5),
        actor=SYSTEM,
    )
    milestone_record(
        expected_unit=expected["TP.Q1.A"],
        kind=Milestone.Kind.CONFERENCE,
        done_on=date(2024, 7, 10),
        attended=3192,
        expected=3327,
        actor=SYSTEM,
    )
    matrix = tracking_matrix(
        city_specialist, tracking, as_of=date(2024, 8, 15), kind_code="commune_committee"
    )
    assert [row.name for row in matrix.rows] == [
        "Đảng ủy phường Ánh Dương",
        "Đảng ủy phường Bình Minh",
    ]
    plan, conference = matrix.columns[0], matrix.columns[1]
    assert (plan.done, plan.total, plan.late, plan.done_percent) == (2, 2, 1, 100)
    assert (conference.done, conference.late) == (1, 1)  # B has not held it, past due
    assert matrix.rows[0].cells[1].attendance_percent.quantize(Decimal("0.01")) == Decimal("95.94")
    everyone = tracking_matrix(city_specialist, tracking, as_of=date(2024, 8, 15))
    assert everyone.total == 4
    earlier = tracking_matrix(city_specialist, tracking, as_of=date(2024, 6, 25))
    assert earlier.columns[0].done == 1  # B's plan came later


def test_a_ward_sees_and_records_only_its_own_row(tracking, ward_officer_a):
    tracking, expected = tracking
    matrix = tracking_matrix(ward_officer_a, tracking, as_of=date(2024, 8, 15))
    assert {row.expected_unit.unit.code for row in matrix.rows} == {"TP.Q1.A", "TP.Q1.A.CB1"}
    milestone_record(
        expected_unit=expected["TP.Q1.A"],
        kind=Milestone.Kind.CONFERENCE,
        done_on=date(2024, 7, 1),
        actor=ward_officer_a,
    )
    with pytest.raises(PermissionDenied):
        milestone_record(
            expected_unit=expected["TP.Q1.B"],
            kind=Milestone.Kind.CONFERENCE,
            done_on=date(2024, 7, 1),
            actor=ward_officer_a,
        )


def test_attendance_above_the_expected_number_is_refused(tracking):
    _, expected = tracking
    with pytest.raises(ValidationError) as error:
        milestone_record(
            expected_unit=expected["TP.Q1.A"],
            kind=Milestone.Kind.CONFERENCE,
            done_on=date(2024, 7, 1),
            attended=120,
            expected=100,
            actor=SYSTEM,
        )
    assert "Số người dự" in str(error.value)


def test_matrix_page_and_api_filter_by_level(client, tracking, city_specialist):
    tracking, expected = tracking
    milestone_record(
        expected_unit=expected["TP.Q1.A"],
        kind=Milestone.Kind.CONFERENCE,
        done_on=date(2024, 7, 10),
        attended=90,
        expected=100,
        actor=SYSTEM,
    )
    client.force_login(city_specialist)
    page = client.get(
        reverse("plans:tracking", args=[tracking.pk]),
        {"kind": "commune_committee", "as_of": "2024-08-15"},
    ).content.decode()
    assert 'data-unit="TP.Q1.A"' in page
    assert 'data-unit="TP.Q1.A.CB1"' not in page
    assert "90/100 (90%)" in page
    data = client.get(
        f"/api/v1/plans/tracking/{tracking.pk}", {"kind": "party_cell", "as_of": "2024-08-15"}
    ).json()
    assert [row["unit"] for row in data["rows"]] == ["TP.Q1.A.CB1", "TP.Q1.B.CB1"]
    assert data["columns"][1]["late"] == 2
