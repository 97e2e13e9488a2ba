"""Tests for tuyengiao.core.formatting: Vietnamese numbers, percentages and dates."""

import re
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuyengiao.core.formatting import (
    format_count,
    format_date,
    format_number,
    format_percent,
    format_place_date,
    format_prose_date,
    format_ratio,
    format_share,
)

PROSE_DATE_RE = re.compile(r"^ngày \d{2} tháng (0[12]|[3-9]|1[0-2]) năm \d{4}$")

# --- format_number ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1418, 0, "1.418"),
        (230516, 0, "230.516"),
        (1000000, 0, "1.000.000"),
        (0, 0, "0"),
        (7, 0, "7"),
        (999, 0, "999"),
        (1000, 0, "1.000"),
        (-1234, 0, "-1.234"),
        (-999, 0, "-999"),
        (12345678901234567890, 0, "12.345.678.901.234.567.890"),
        (95.555, 2, "95,56"),
        (1234.5, 1, "1.234,5"),
        (3.1, 2, "3,10"),
        (0, 2, "0,00"),
        (1234567.891, 2, "1.234.567,89"),
        (-1234.5, 1, "-1.234,5"),
        (Decimal("1234.5678"), 3, "1.234,568"),
        (Decimal("-0.5"), 0, "-1"),
        (Decimal("1E+3"), 0, "1.000"),
        (Decimal("12345678901234567890123456789.5"), 0, "12.345.678.901.234.567.890.123.456.790"),
        (1e20, 0, "100.000.000.000.000.000.000"),
        (5, 3, "5,000"),
    ],
)
def test_format_number_examples(value: int | float | Decimal, decimals: int, expected: str) -> None:
    """Thousands are separated by '.', decimals by ',', with exactly `decimals` places."""
    assert format_number(value, decimals) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (0.125, 2, "0,13"),
        (0.5, 0, "1"),
        (1.5, 0, "2"),
        (2.5, 0, "3"),  # half up, not banker's rounding
        (-2.5, 0, "-3"),  # halves go away from zero
        (2.675, 2, "2,68"),  # binary float is 2.67499999...; str() keeps the typed value
        (1.005, 2, "1,01"),
        (Decimal("0.125"), 2, "0,13"),
        (Decimal("0.1249999"), 2, "0,12"),
        (999.995, 2, "1.000,00"),  # rounding carries into a new thousands group
        (0.1 + 0.2, 2, "0,30"),  # float noise disappears
        (0.1 + 0.2, 17, "0,30000000000000004"),
        (-0.001, 2, "0,00"),  # no "-0"
        (-0.4, 0, "0"),
    ],
)
def test_format_number_rounds_half_up(
    value: int | float | Decimal, decimals: int, expected: str
) -> None:
    """Rounding is ROUND_HALF_UP on the decimal value written, and never prints -0."""
    assert format_number(value, decimals) == expected


@pytest.mark.parametrize("value", [True, False, "12", None, [1]])
def test_format_number_rejects_non_numbers(value: object) -> None:
    """bool (an int subclass), strings and other objects raise TypeError."""
    with pytest.raises(TypeError):
        format_number(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf"), Decimal("NaN")])
def test_format_number_rejects_non_finite(value: float | Decimal) -> None:
    """NaN and infinities cannot be written as Vietnamese numbers."""
    with pytest.raises(ValueError, match="non-finite"):
        format_number(value)


@pytest.mark.parametrize(
    ("decimals", "error"), [(-1, ValueError), (1.5, TypeError), (True, TypeError)]
)
def test_format_number_rejects_bad_decimals(decimals: object, error: type[Exception]) -> None:
    """decimals must be a non-negative int."""
    with pytest.raises(error):
        format_number(1, decimals)  # type: ignore[arg-type]


@given(st.integers())
def test_format_number_int_round_trips(value: int) -> None:
    """For any int, removing the '.' separators gives back the integer."""
    text = format_number(value)
    assert int(text.replace(".", "")) == value
    assert "," not in text


@given(st.integers(min_value=0), st.integers(min_value=0, max_value=6))
def test_format_number_group_shape(value: int, decimals: int) -> None:
    """Groups after the first have exactly three digits; the fraction has `decimals` digits."""
    text = format_number(value, decimals)
    pattern = r"\d{1,3}(\.\d{3})*" + (rf",\d{{{decimals}}}" if decimals else "")
    assert re.fullmatch(pattern, text)


@given(
    st.decimals(
        allow_nan=False, allow_infinity=False, places=4, max_value=10**12, min_value=-(10**12)
    )
)
def test_format_number_matches_decimal_rounding(value: Decimal) -> None:
    """Parsing the output back gives the value rounded half up to two places."""
    text = format_number(value, 2)
    parsed = Decimal(text.replace(".", "").replace(",", "."))
    assert abs(parsed - value) <= Decimal("0.005")
    if abs(parsed - value) == Decimal("0.005"):
        assert abs(parsed) > abs(value)


# --- format_percent and format_share ---------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (95.555, 2, "95,56%"),
        (100, 2, "100%"),
        (50, 2, "50%"),
        (95.5, 2, "95,5%"),
        (Decimal("95.50"), 2, "95,5%"),
        (99.999, 2, "100%"),
        (0, 2, "0%"),
        (0.004, 2, "0%"),
        (0.005, 2, "0,01%"),
        (12.345, 1, "12,3%"),
        (12.35, 1, "12,4%"),
        (1234.5, 2, "1.234,5%"),
        (-5.25, 2, "-5,25%"),
        (95.94, 0, "96%"),
    ],
)
def test_format_percent(value: int | float | Decimal, decimals: int, expected: str) -> None:
    """Percentages are rounded half up, then trailing zeros of the fraction are dropped."""
    assert format_percent(value, decimals) == expected


def test_format_percent_default_decimals() -> None:
    """Two decimal places by default."""
    assert format_percent(33.33333) == "33,33%"


@pytest.mark.parametrize(
    ("part", "whole", "decimals", "expected"),
    [
        (3192, 3327, 2, "95,94%"),
        (84, 87, 2, "96,55%"),
        (87, 87, 2, "100%"),
        (0, 87, 2, "0%"),
        (1, 3, 2, "33,33%"),
        (2, 3, 2, "66,67%"),
        (1, 8, 1, "12,5%"),
        (1, 800, 2, "0,13%"),  # exactly 0.125: half up
        (1, 8, 0, "13%"),  # exactly 12.5: half up
        (150, 100, 2, "150%"),
        (-1, 8, 0, "-13%"),
    ],
)
def test_format_share(part: int, whole: int, decimals: int, expected: str) -> None:
    """part / whole * 100 is rounded half up exactly and formatted like format_percent."""
    assert format_share(part, whole, decimals) == expected


@pytest.mark.parametrize("whole", [0, -5])
def test_format_share_rejects_non_positive_whole(whole: int) -> None:
    """A share of zero or a negative whole is a ValueError with a clear message."""
    with pytest.raises(ValueError, match="whole must be positive"):
        format_share(1, whole)


@pytest.mark.parametrize(("part", "whole"), [(True, 3), (1, True), (1.5, 3), (1, Decimal(3))])
def test_format_share_rejects_non_int(part: object, whole: object) -> None:
    """part and whole must be ints (not bools)."""
    with pytest.raises(TypeError):
        format_share(part, whole)  # type: ignore[arg-type]


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=10**9))
def test_format_share_agrees_with_format_percent(part: int, whole: int) -> None:
    """The exact share equals format_percent of the Decimal quotient for ordinary sizes."""
    assert format_share(part, whole) == format_percent(Decimal(part) * 100 / Decimal(whole))


# --- format_ratio and format_count -----------------------------------------------------------


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (3192, 3327, "3.192/3.327"),
        (84, 87, "84/87"),
        (0, 0, "0/0"),
        (1418, 230516, "1.418/230.516"),
    ],
)
def test_format_ratio(part: int, whole: int, expected: str) -> None:
    """A ratio is two grouped integers separated by '/'."""
    assert format_ratio(part, whole) == expected


@pytest.mark.parametrize(("part", "whole"), [(True, 3), (1, 2.0)])
def test_format_ratio_rejects_non_int(part: object, whole: object) -> None:
    """Only ints make a ratio."""
    with pytest.raises(TypeError):
        format_ratio(part, whole)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "0"),
        (1, "01"),
        (5, "05"),
        (9, "09"),
        (10, "10"),
        (87, "87"),
        (1418, "1.418"),
        (230516, "230.516"),
    ],
)
def test_format_count(value: int, expected: str) -> None:
    """Counts 1-9 are zero-padded ('05 hội nghị'); zero and larger counts are not."""
    assert format_count(value) == expected


def test_format_count_rejects_negative_and_bool() -> None:
    """Counts are non-negative ints."""
    with pytest.raises(ValueError, match="negative"):
        format_count(-1)
    with pytest.raises(TypeError):
        format_count(True)
    with pytest.raises(TypeError):
        format_count(5.0)  # type: ignore[arg-type]


# --- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2026, 2, 5), "05/02/2026"),
        (date(2025, 10, 1), "01/10/2025"),
        (date(2026, 12, 31), "31/12/2026"),
        (datetime(2026, 2, 5, 23, 59), "05/02/2026"),
        (date(999, 1, 1), "01/01/0999"),
    ],
)
def test_format_date(value: date, expected: str) -> None:
    """Dates are dd/mm/yyyy; a datetime uses its date part."""
    assert format_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2026, 2, 5), "ngày 05 tháng 02 năm 2026"),
        (date(2026, 3, 15), "ngày 15 tháng 3 năm 2026"),
        (date(2025, 10, 1), "ngày 01 tháng 10 năm 2025"),
        (date(2026, 1, 9), "ngày 09 tháng 01 năm 2026"),
        (date(2026, 12, 31), "ngày 31 tháng 12 năm 2026"),
        (date(2026, 9, 2), "ngày 02 tháng 9 năm 2026"),
        (date(2026, 11, 10), "ngày 10 tháng 11 năm 2026"),
        (datetime(2026, 2, 5, 8, 30), "ngày 05 tháng 02 năm 2026"),
    ],
)
def test_format_prose_date(value: date, expected: str) -> None:
    """Days below 10 and months 1-2 take a leading zero; months 3-12 do not."""
    assert format_prose_date(value) == expected


@given(st.dates())
def test_format_prose_date_shape(value: date) -> None:
    """Every date renders in the administrative pattern."""
    assert PROSE_DATE_RE.match(format_prose_date(value))


@given(st.datetimes())
def test_datetime_uses_date_part(value: datetime) -> None:
    """A datetime formats exactly like its date."""
    assert format_prose_date(value) == format_prose_date(value.date())
    assert format_date(value) == format_date(value.date())


@pytest.mark.parametrize(
    ("place", "value", "expected"),
    [
        ("Hà Nội", date(2026, 2, 5), "Hà Nội, ngày 05 tháng 02 năm 2026"),
        (
            "  Thành phố   Hồ Chí Minh ",
            date(2026, 3, 15),
            "Thành phố Hồ Chí Minh, ngày 15 tháng 3 năm 2026",
        ),
        ("Đà Nẵng", datetime(2025, 10, 1, 7), "Đà Nẵng, ngày 01 tháng 10 năm 2025"),
    ],
)
def test_format_place_date(place: str, value: date, expected: str) -> None:
    """The document heading line is 'place, ngày ... tháng ... năm ...'."""
    assert format_place_date(place, value) == expected


def test_format_place_date_rejects_blank_place() -> None:
    """A blank place is a ValueError."""
    with pytest.raises(ValueError, match="place"):
        format_place_date("  ", date(2026, 2, 5))


@pytest.mark.parametrize("value", ["2026-02-05", 20260205, None])
def test_dates_reject_non_dates(value: object) -> None:
    """Strings and numbers are not dates."""
    with pytest.raises(TypeError):
        format_date(value)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        format_prose_date(value)  # type: ignore[arg-type]
