"""Numbers from hostile or careless callers: figures, report values and attendance counts.

A figure of 2**63 used to answer 500, and two activities near 2**62 made the city's figures
answer 500 for everyone (the database's 64-bit SUM overflowed). Now every number has a bound
(``FIGURE_MAX_VALUE`` for counts, ``REPORTING_VALUE_MAX`` for report values, see settings),
refused by the services with a Vietnamese message naming the figure, and sums are capped so
rows stored before the bound cannot break a page. Property tests (hypothesis) throw integers
from -2**70 to 2**70, decimals, NaN, infinities and odd strings at the services and the API:
never a 500, and a refusal changes nothing.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tuyengiao.activities.models import Activity, ActivityFigure
from tuyengiao.activities.tests.builders import log
from tuyengiao.core.actors import SYSTEM
from tuyengiao.documents.tests.builders import register
from tuyengiao.orgs.tests.personas import City
from tuyengiao.plans.models import Milestone
from tuyengiao.plans.services import milestone_record, tracking_create, tracking_units_expect
from tuyengiao.reporting.models import DataValue
from tuyengiao.reporting.periods import period_containing
from tuyengiao.reporting.services import ValueInput, submission_open, values_save
from tuyengiao.reporting.tests.builders import TestForm as EntryForm
from tuyengiao.reporting.tests.builders import build_form, report

DAY = date(2022, 9, 8)
FIGURE_MAX = settings.FIGURE_MAX_VALUE
VALUE_MAX = settings.REPORTING_VALUE_MAX
FIGURE_TOO_LARGE = "số liệu không được vượt quá 1.000.000.000"
VALUE_TOO_LARGE = "giá trị không được vượt quá 1.000.000.000.000"

BOUNDED = hypothesis_settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
ODD_TEXT = st.sampled_from(
    [
        "1e309",
        "-1e309",
        "NaN",
        "sNaN",
        "Infinity",
        "",
        " ",
        "１２",
        "²",
        "1e-999999999",
        "1.000.000",
        "12,5",
        "-0",
        "9" * 30,
        "9" * 5000,
        "0x10",
        "1_000",
    ]
)
NUMBERS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([FIGURE_MAX, FIGURE_MAX + 1, VALUE_MAX, VALUE_MAX + 1, 2**62, 2**63]),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.floats(),
    ODD_TEXT,
)


def json_literal(value: object) -> str:
    """``value`` written into a JSON body as a client might: numbers as literals (NaN and
    Infinity too, which strict JSON refuses), text as a string."""
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, float):
        return json.dumps(value)  # NaN, Infinity, -Infinity as Python writes them
    return str(value)


def post_json(client: Any, url: str, body: str) -> Any:
    return client.post(url, body, content_type="application/json")


def messages(response: Any) -> list[str]:
    return [error["message"] for error in response.json().get("errors", [])]


# --- Activities ------------------------------------------------------------------------------


def figures_snapshot() -> list[tuple[int, int]]:
    return list(ActivityFigure.objects.order_by("pk").values_list("pk", "value"))


@pytest.mark.django_db
@BOUNDED
@given(value=st.integers(min_value=-(2**70), max_value=2**70))
def test_activity_service_refuses_figures_out_of_range(city: City, value: int) -> None:
    before = (Activity.objects.count(), figures_snapshot())
    if 0 <= value <= FIGURE_MAX:
        activity = log(city.ward_a, "conference", "Hội nghị", DAY, {"participants": value})
        assert activity.figures.get().value == value
        activity.delete()
        return
    message = FIGURE_TOO_LARGE if value > FIGURE_MAX else "số nguyên không âm"
    with pytest.raises(ValidationError, match=message):
        log(city.ward_a, "conference", "Hội nghị", DAY, {"participants": value})
    assert (Activity.objects.count(), figures_snapshot()) == before


def test_parts_adding_up_past_the_bound_are_refused(city: City) -> None:
    """Each part within the bound, the total made from them beyond it."""
    with pytest.raises(ValidationError) as caught:
        log(
            city.ward_a,
            "training_class",
            "Lớp",
            DAY,
            {"learners.party": FIGURE_MAX, "learners.state": FIGURE_MAX},
        )
    assert FIGURE_TOO_LARGE in caught.value.message_dict["learners"][0]
    assert not Activity.objects.exists()


@pytest.mark.django_db
@BOUNDED
@given(value=NUMBERS)
def test_activity_api_never_answers_500(client: Any, city: City, value: object) -> None:
    client.force_login(city_user(city))
    before = (Activity.objects.count(), figures_snapshot())
    body = (
        '{"type": "conference", "unit": "TP.Q1.A", "title": "Hội nghị", '
        '"start_date": "2022-09-08", "allow_duplicate": true, '
        f'"figures": {{"participants": {json_literal(value)}}}}}'
    )
    response = post_json(client, "/api/v1/activities", body)
    assert response.status_code in (201, 400, 422), response.content
    if response.status_code == 201:
        stored = response.json()["figures"].get("participants")
        assert stored is None or 0 <= stored <= FIGURE_MAX
        Activity.objects.filter(pk=response.json()["id"]).delete()
        return
    assert (Activity.objects.count(), figures_snapshot()) == before
    if isinstance(value, int) and FIGURE_MAX < value <= VALUE_MAX:
        # Within what JSON and the API's type accept: the service's own message, named.
        assert any(FIGURE_TOO_LARGE in message for message in messages(response))


def test_activity_api_refuses_2_63_with_a_vietnamese_message(client: Any, city: City) -> None:
    client.force_login(city_user(city))
    for value in (FIGURE_MAX + 1, 2**63):
        body = json.dumps(
            {
                "type": "conference",
                "unit": "TP.Q1.A",
                "title": "Hội nghị",
                "start_date": "2022-09-08",
                "figures": {"participants": value},
            }
        )
        response = post_json(client, "/api/v1/activities", body)
        assert response.status_code == 422, response.content
        assert messages(response)
    assert not Activity.objects.exists()


def test_activity_import_refuses_figures_out_of_range(city: City) -> None:
    """A spreadsheet cell goes through the same check (and "²" or 5000 digits are text)."""
    from tuyengiao.activities.imports import _number

    assert _number("²") == "²"
    assert _number("9" * 5000) == "9" * 5000
    assert _number("１２") == 12
    assert _number(float("inf")) == "inf"


def test_figures_answer_200_with_the_largest_values_for_many_units(client: Any, city: City) -> None:
    """Many activities at the bound, and two rows stored before it near 2**63 (which used to
    overflow the SUM for the whole city): the figures still answer, each row counted at most
    the bound."""
    units = [city.ward_a, city.ward_b, city.cell_a, city.cell_b, city.district, city.board]
    for unit in units:
        for n in range(20):
            log(unit, "conference", f"Hội nghị {n}", DAY, {"participants": FIGURE_MAX})
    legacy = log(city.ward_a, "conference", "Cũ", DAY, {"participants": 1})
    old = log(city.ward_b, "conference", "Cũ", DAY, {"participants": 1})
    ActivityFigure.objects.filter(activity__in=[legacy, old]).update(value=2**63 - 1)
    client.force_login(city_user(city))
    query = {"unit": city.city.code, "start": "2022-01-01", "end": "2022-12-31"}
    for start in ("2022-01-01", "1900-01-01"):
        response = client.get("/api/v1/activities/figures", {**query, "start": start})
        assert response.status_code == 200, response.content
        values = {(v["figure"], v["option"]): v["value"] for v in response.json()["values"]}
        assert values[("participants", None)] == (len(units) * 20 + 2) * FIGURE_MAX


# --- Reporting -------------------------------------------------------------------------------


@pytest.fixture
def tf(city: City) -> EntryForm:
    return build_form(city.ward_a, city.ward_b)


def values_snapshot() -> list[tuple[int, Decimal]]:
    return list(DataValue.objects.order_by("pk").values_list("pk", "value"))


@pytest.mark.django_db
@BOUNDED
@given(value=st.one_of(st.integers(-(2**70), 2**70), st.decimals(allow_nan=True)))
def test_values_save_refuses_values_out_of_range(
    city: City, tf: EntryForm, value: int | Decimal
) -> None:
    period = period_containing("month", timezone.localdate())
    submission = submission_open(form=tf.form, unit=city.ward_a, period=period, actor=SYSTEM)
    number = Decimal(value)
    before = values_snapshot()
    cell = ValueInput(tf.documents, None, number)
    if number.is_finite() and number.copy_abs() <= VALUE_MAX:
        values_save(submission=submission, values=[cell], actor=SYSTEM)
        return
    with pytest.raises(ValidationError, match="Số văn bản ban hành"):
        values_save(submission=submission, values=[cell], actor=SYSTEM)
    assert values_snapshot() == before


@pytest.mark.django_db
@BOUNDED
@given(value=NUMBERS)
def test_reporting_values_api_never_answers_500(
    client: Any, city: City, tf: EntryForm, value: object
) -> None:
    client.force_login(city_user(city))
    period = period_containing("month", timezone.localdate())
    before = values_snapshot()
    body = (
        '{"form": "thang", "values": [{"unit": "TP.Q1.A", "period": "'
        + period.code
        + '", "indicator": "thang-documents", "value": '
        + json_literal(value)
        + "}]}"
    )
    response = post_json(client, "/api/v1/reporting/values", body)
    assert response.status_code in (200, 400, 422), response.content
    if response.status_code != 200:
        assert values_snapshot() == before
    if isinstance(value, int) and abs(value) > VALUE_MAX and value > 0:
        assert response.status_code == 422
        assert any(VALUE_TOO_LARGE in message for message in messages(response))
    stored = DataValue.objects.filter(indicator=tf.documents).values_list("value", flat=True)
    assert all(0 <= v <= VALUE_MAX for v in stored)


def test_reporting_values_api_names_the_row(client: Any, city: City, tf: EntryForm) -> None:
    client.force_login(city_user(city))
    period = period_containing("month", timezone.localdate())
    row = {"unit": "TP.Q1.A", "period": period.code, "indicator": "thang-documents"}
    body = json.dumps({"form": "thang", "values": [{**row, "value": 1}, {**row, "value": 2**63}]})
    response = post_json(client, "/api/v1/reporting/values", body)
    assert response.status_code == 422
    assert messages(response) == [f"Dòng 2, cột “Giá trị”: Số văn bản ban hành: {VALUE_TOO_LARGE}."]
    assert not DataValue.objects.exists()


def test_entry_grid_ignores_a_tampered_derived_value(
    client: Any, city: City, tf: EntryForm
) -> None:
    """The grid's hidden derived value is compared, never trusted: "sNaN" was a 500."""
    from django.http import QueryDict

    from tuyengiao.reporting.forms import cells_from_post

    period = period_containing("month", timezone.localdate())
    submission = submission_open(form=tf.form, unit=city.ward_a, period=period, actor=SYSTEM)
    for shown in ("sNaN", "abc", "1e99999999999999999999"):
        data = QueryDict(mutable=True)
        data[f"v-{tf.documents.pk}-0"] = "3"
        data[f"d-{tf.documents.pk}-0"] = shown
        [cell] = cells_from_post(submission, data)
        assert cell.value == 3
        assert not cell.is_derived


def test_reporting_figures_answer_200_with_the_largest_values(
    client: Any, city: City, tf: EntryForm
) -> None:
    """Both wards at the bound for every cell, every month of the year: the year's figures
    add up without overflow."""
    today = timezone.localdate()
    for month in range(1, today.month + 1):
        period = period_containing("month", date(today.year, month, 1))
        for unit in (city.ward_a, city.ward_b):
            report(
                tf,
                unit,
                period,
                documents=VALUE_MAX,
                classes={code: VALUE_MAX for code in tf.options},
                learners={code: VALUE_MAX for code in tf.options},
            )
    client.force_login(city_user(city))
    for code in (str(today.year), period_containing("month", today).code):
        response = client.get(
            "/api/v1/reporting/figures", {"form": "thang", "unit": "TP", "period": code}
        )
        assert response.status_code == 200, response.content
    months = today.month
    total = {f["indicator"]: f["total"] for f in response.json()["figures"]}
    assert total["thang-documents"] == 2 * VALUE_MAX
    yearly = client.get(
        "/api/v1/reporting/figures", {"form": "thang", "unit": "TP", "period": str(today.year)}
    ).json()
    assert {f["indicator"]: f["total"] for f in yearly["figures"]}["thang-classes"] == (
        2 * months * len(tf.options) * VALUE_MAX
    )


# --- Plans: attendance -----------------------------------------------------------------------


def test_attendance_out_of_range_is_refused(city: City) -> None:
    directive = register(city, "30-CT/TW", date(2024, 2, 5), "Chỉ thị về tuyên truyền miệng")
    tracking = tracking_create(
        directive=directive,
        owner=city.district,
        title="Triển khai Chỉ thị 30-CT/TW",
        expected_as_of=date(2024, 6, 1),
        actor=SYSTEM,
    )
    [expected_unit, *_rest] = tracking_units_expect(
        tracking=tracking, root=city.district, kind_codes=["commune_committee"], actor=SYSTEM
    )
    for attended, expected in ((FIGURE_MAX + 1, None), (None, 2**63), (-1, None)):
        with pytest.raises(ValidationError) as caught:
            milestone_record(
                expected_unit=expected_unit,
                kind="conference",
                done_on=date(2024, 7, 1),
                attended=attended,
                expected=expected,
                actor=SYSTEM,
            )
        assert "Số người phải từ 0 đến 1.000.000.000." in str(caught.value)
    assert not Milestone.objects.exists()
    milestone_record(
        expected_unit=expected_unit,
        kind="conference",
        done_on=date(2024, 7, 1),
        attended=FIGURE_MAX,
        expected=FIGURE_MAX,
        actor=SYSTEM,
    )


# --- Helpers ---------------------------------------------------------------------------------


def city_user(city: City) -> Any:
    """The city's specialist (made once per test): enters for the wards and reads the city."""
    from tuyengiao.core.models import User
    from tuyengiao.orgs.tests.personas import person

    return User.objects.filter(username="cv.so").first() or person(
        "cv.so", "Lê Văn Số", city.city, "specialist"
    )
