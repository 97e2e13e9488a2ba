"""Period codes: every kind parses to the right days, labels read the Vietnamese way."""

from datetime import date

import pytest

from tuyengiao.reporting.periods import (
    PeriodError,
    decree_window,
    parse_period,
    period_containing,
    preceding,
    recent,
    year_before,
)


@pytest.mark.parametrize(
    ("code", "start", "end", "kind", "label"),
    [
        ("2022M09", date(2022, 9, 1), date(2022, 9, 30), "month", "tháng 9/2022"),
        ("2024M02", date(2024, 2, 1), date(2024, 2, 29), "month", "tháng 2/2024"),
        ("2022Q3", date(2022, 7, 1), date(2022, 9, 30), "quarter", "quý III/2022"),
        ("2022S1", date(2022, 1, 1), date(2022, 6, 30), "six_months", "6 tháng đầu năm 2022"),
        ("2022S2", date(2022, 7, 1), date(2022, 12, 31), "six_months", "6 tháng cuối năm 2022"),
        ("2022N9", date(2022, 1, 1), date(2022, 9, 30), "nine_months", "9 tháng đầu năm 2022"),
        ("2022", date(2022, 1, 1), date(2022, 12, 31), "year", "năm 2022"),
        (
            "2022-01-01..2022-09-08",
            date(2022, 1, 1),
            date(2022, 9, 8),
            "custom",
            "từ 01/01/2022 đến 08/09/2022",
        ),
    ],
)
def test_codes_name_their_days(code, start, end, kind, label):
    period = parse_period(code)
    assert (period.start, period.end, period.type, period.label) == (start, end, kind, label)
    assert parse_period(period.code) == period


def test_lower_case_and_spaces_are_accepted():
    assert parse_period(" 2022q3 ").code == "2022Q3"


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("2022M13", "tháng phải từ 01 đến 12"),
        ("2022Q5", "không phải mã kỳ báo cáo"),
        ("2022N8", "không phải mã kỳ báo cáo"),
        ("2022-09-08..2022-01-01", "kết thúc trước khi bắt đầu"),
        ("2022-02-30..2022-03-01", "ngày không hợp lệ"),
        ("", "không phải mã kỳ báo cáo"),
    ],
)
def test_bad_codes_say_what_is_wrong(code, message):
    with pytest.raises(PeriodError, match=message):
        parse_period(code)


def test_longer_periods_contain_shorter_ones():
    nine = parse_period("2022N9")
    assert nine.contains(parse_period("2022Q3"))
    assert nine.contains(parse_period("2022M09"))
    assert not nine.contains(parse_period("2022M10"))
    assert parse_period("2022").contains(nine)


def test_period_containing_a_day():
    day = date(2022, 9, 8)
    assert period_containing("month", day).code == "2022M09"
    assert period_containing("quarter", day).code == "2022Q3"
    assert period_containing("six_months", day).code == "2022S2"
    assert period_containing("nine_months", day).code == "2022N9"
    assert period_containing("year", day).code == "2022"


def test_decree_window_runs_from_the_15th_to_the_14th():
    """Nghị định 09/2019: the quarter's window is 15/6 to 14/9."""
    window = decree_window(parse_period("2022Q3"))
    assert (window.start, window.end) == (date(2022, 6, 15), date(2022, 9, 14))
    january = decree_window(parse_period("2023M01"))
    assert (january.start, january.end) == (date(2022, 12, 15), date(2023, 1, 14))


def test_recent_periods_newest_first():
    codes = [p.code for p in recent("quarter", date(2022, 9, 8), 3)]
    assert codes == ["2022Q3", "2022Q2", "2022Q1"]


def test_the_same_period_last_year():
    assert year_before(parse_period("2022N9")).code == "2021N9"
    assert year_before(parse_period("2022M09")).code == "2021M09"
    assert year_before(parse_period("2022Q3")).code == "2021Q3"
    assert year_before(parse_period("2022S2")).code == "2021S2"
    assert year_before(parse_period("2024-02-01..2024-02-29")).code == "2023-02-01..2023-02-28"


def test_the_periods_before_one_of_the_same_type():
    assert [p.code for p in preceding(parse_period("2022N9"), 5)] == [
        "2018N9",
        "2019N9",
        "2020N9",
        "2021N9",
        "2022N9",
    ]
    assert [p.code for p in preceding(parse_period("2022M02"), 3)] == [
        "2021M12",
        "2022M01",
        "2022M02",
    ]
    assert [p.code for p in preceding(parse_period("2022-01-11..2022-01-20"), 2)] == [
        "2022-01-01..2022-01-10",
        "2022-01-11..2022-01-20",
    ]
