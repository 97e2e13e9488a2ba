"""Derived indicators read the activity log through its figures selector."""

from datetime import date

from tuyengiao.activities.tests.builders import log
from tuyengiao.core.actors import SYSTEM
from tuyengiao.reporting.models import Indicator
from tuyengiao.reporting.periods import parse_period
from tuyengiao.reporting.selectors import entry_grid
from tuyengiao.reporting.services import submission_open
from tuyengiao.reporting.sources import derived_values
from tuyengiao.reporting.tests.builders import build_form


def _classes(city) -> None:
    log(
        city.ward_a,
        "training_class",
        "Lớp bồi dưỡng nghị quyết cho đảng viên mới",
        date(2022, 9, 6),
        {"classes": 1, "classes.party": 1, "learners": 30, "learners.party": 30},
    )
    log(
        city.ward_a,
        "training_class",
        "Lớp tập huấn nghiệp vụ cho cán bộ phường",
        date(2022, 9, 20),
        {"classes": 2, "classes.state": 2, "learners": 50, "learners.state": 50},
    )
    log(
        city.ward_b,
        "training_class",
        "Lớp của phường khác",
        date(2022, 9, 7),
        {"classes": 5, "classes.party": 5, "learners": 90, "learners.party": 90},
    )


def test_figures_by_option_and_counts_of_activities(city):
    tf = build_form(city.ward_a, city.ward_b)
    _classes(city)
    period = parse_period("2022M09")
    tf.classes.source = Indicator.Source.ACTIVITIES
    tf.classes.source_params = {"types": ["training_class"], "figure": "classes"}
    options = list(tf.options.values())
    values = derived_values(tf.classes, city.ward_a, period, options)
    assert values == {
        tf.options["party"].pk: 1,
        tf.options["mass"].pk: 0,
        tf.options["state"].pk: 2,
        tf.options["other"].pk: 0,
    }
    counted = Indicator(
        code="so-lop",
        name="Số lớp đã mở",
        source="activities",
        source_params={"types": ["training_class"], "measure": "count"},
    )
    assert derived_values(counted, city.ward_a, period, []) == {None: 2}
    assert derived_values(counted, city.district, period, []) == {None: 3}
    assert derived_values(counted, city.ward_a, parse_period("2022M08"), []) == {None: 0}


def test_the_entry_grid_offers_derived_values(city):
    tf = build_form(city.ward_a)
    _classes(city)
    tf.learners.source = Indicator.Source.ACTIVITIES
    tf.learners.source_params = {"types": ["training_class"], "figure": "learners"}
    tf.learners.save()
    submission = submission_open(
        form=tf.form, unit=city.ward_a, period=parse_period("2022M09"), actor=SYSTEM
    )
    rows = {row.indicator.code: row for row in entry_grid(submission)[0].rows}
    learners = rows["thang-learners"].cells
    assert [(cell.option.code, cell.derived, cell.value) for cell in learners] == [
        ("party", 30, None),
        ("mass", 0, None),
        ("state", 50, None),
        ("other", 0, None),
    ]
    assert all(cell.derived is None for cell in rows["thang-documents"].cells)
