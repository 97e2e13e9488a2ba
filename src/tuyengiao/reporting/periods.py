"""Reporting periods and their readable codes.

=================  =========================  =====================================
code               period                     note
=================  =========================  =====================================
``2022M09``        September 2022             month
``2022Q3``         July–September 2022        quarter
``2022S1``         January–June 2022          six months (S2: July–December)
``2022N9``         January–September 2022     nine months, year to date ("9 tháng")
``2022``           the year 2022
``2022-01-01..2022-09-08``  a custom window   a named cut-off ("tính đến 8/9") or the
                                              15th-to-14th windows of Nghị định 09/2019
=================  =========================  =====================================

Longer periods contain shorter ones: figures of a longer period aggregate the values of
the form's own period type that lie inside it.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodType(models.TextChoices):
    MONTH = "month", _("month")
    QUARTER = "quarter", _("quarter")
    SIX_MONTHS = "six_months", _("six months")
    NINE_MONTHS = "nine_months", _("nine months")
    YEAR = "year", _("year")
    CUSTOM = "custom", _("custom window")


class PeriodError(ValueError):
    """A period code that cannot be read; the message is in Vietnamese."""


_PATTERNS = (
    (re.compile(r"^(\d{4})M(\d{2})$"), PeriodType.MONTH),
    (re.compile(r"^(\d{4})Q([1-4])$"), PeriodType.QUARTER),
    (re.compile(r"^(\d{4})S([12])$"), PeriodType.SIX_MONTHS),
    (re.compile(r"^(\d{4})N(9)$"), PeriodType.NINE_MONTHS),
    (re.compile(r"^(\d{4})$"), PeriodType.YEAR),
)
ROMAN = ("I", "II", "III", "IV")
_WINDOW = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")
# Months covered by each numbered period type: (first month, number of months) from ``n``.
_SPANS = {
    PeriodType.MONTH: lambda n: (n, 1),
    PeriodType.QUARTER: lambda n: (3 * n - 2, 3),
    PeriodType.SIX_MONTHS: lambda n: (6 * n - 5, 6),
    PeriodType.NINE_MONTHS: lambda n: (1, 9),
    PeriodType.YEAR: lambda n: (1, 12),
}
HELP = (
    "Kỳ báo cáo: 2022M09 (tháng), 2022Q3 (quý), 2022S1 (6 tháng), 2022N9 (9 tháng), "
    "2022 (năm) hoặc khoảng ngày 2022-01-01..2022-09-08."
)


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period: first and last day (inclusive), its type and its code."""

    start: date
    end: date
    type: str
    code: str

    def __str__(self) -> str:
        return self.code

    @property
    def label(self) -> str:
        """The Vietnamese name: ``tháng 9/2022``, ``quý III/2022``, ``9 tháng đầu năm 2022``…"""
        year = self.start.year
        if self.type == PeriodType.MONTH:
            return f"tháng {self.start.month}/{year}"
        if self.type == PeriodType.QUARTER:
            return f"quý {ROMAN[(self.start.month - 1) // 3]}/{year}"
        if self.type == PeriodType.SIX_MONTHS:
            return f"6 tháng {'đầu' if self.start.month == 1 else 'cuối'} năm {year}"
        if self.type == PeriodType.NINE_MONTHS:
            return f"9 tháng đầu năm {year}"
        if self.type == PeriodType.YEAR:
            return f"năm {year}"
        return f"từ {self.start:%d/%m/%Y} đến {self.end:%d/%m/%Y}"

    def contains(self, other: Period) -> bool:
        return self.start <= other.start and other.end <= self.end


def _months(year: int, first: int, count: int) -> tuple[date, date]:
    last = first + count - 1
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])


def _code(period_type: str, year: int, number: int) -> str:
    return {
        PeriodType.MONTH: f"{year}M{number:02d}",
        PeriodType.QUARTER: f"{year}Q{number}",
        PeriodType.SIX_MONTHS: f"{year}S{number}",
        PeriodType.NINE_MONTHS: f"{year}N9",
        PeriodType.YEAR: f"{year}",
    }[period_type]


def numbered(period_type: str, year: int, number: int = 1) -> Period:
    """The ``number``-th period of ``period_type`` in ``year`` (month 1–12, quarter 1–4…)."""
    first, count = _SPANS[PeriodType(period_type)](number)
    start, end = _months(year, first, count)
    return Period(start, end, PeriodType(period_type).value, _code(period_type, year, number))


def window(start: date, end: date) -> Period:
    """A custom window from ``start`` to ``end`` inclusive."""
    if end < start:
        raise PeriodError(
            f"Khoảng ngày {start:%d/%m/%Y}–{end:%d/%m/%Y} kết thúc trước khi bắt đầu."
        )
    return Period(start, end, PeriodType.CUSTOM.value, f"{start.isoformat()}..{end.isoformat()}")


def parse_period(code: str) -> Period:
    """The period a readable code names (see the module docstring); :class:`PeriodError`
    with a Vietnamese message otherwise."""
    text = (code or "").strip().upper()
    for pattern, period_type in _PATTERNS:
        if match := pattern.match(text):
            year = int(match.group(1))
            number = int(match.group(2)) if pattern.groups > 1 else 1
            if period_type == PeriodType.MONTH and not 1 <= number <= 12:
                raise PeriodError(f"“{code}”: tháng phải từ 01 đến 12.")
            if year < 1900:
                raise PeriodError(f"“{code}”: năm không hợp lệ.")
            return numbered(period_type, year, number)
    if match := _WINDOW.match(text):
        try:
            start, end = (date.fromisoformat(part) for part in match.groups())
        except ValueError as error:
            raise PeriodError(f"“{code}”: ngày không hợp lệ.") from error
        return window(start, end)
    raise PeriodError(f"“{code}” không phải mã kỳ báo cáo. {HELP}")


def period_containing(period_type: str, day: date) -> Period:
    """The period of ``period_type`` that contains ``day`` (nine months: January–September of
    that year, for any day of that year)."""
    if period_type == PeriodType.MONTH:
        return numbered(period_type, day.year, day.month)
    if period_type == PeriodType.QUARTER:
        return numbered(period_type, day.year, (day.month - 1) // 3 + 1)
    if period_type == PeriodType.SIX_MONTHS:
        return numbered(period_type, day.year, 1 if day.month <= 6 else 2)
    if period_type in (PeriodType.NINE_MONTHS, PeriodType.YEAR):
        return numbered(period_type, day.year)
    raise PeriodError(f"Loại kỳ {period_type} không có kỳ đánh số.")


def decree_window(period: Period) -> Period:
    """The State reporting window of a month, quarter, six months or year: from the 15th of
    the month before the period to the 14th of its last month (Nghị định 09/2019/NĐ-CP,
    Điều 12)."""
    before = period.start - timedelta(days=1)
    return window(date(before.year, before.month, 15), period.end.replace(day=14))


def recent(period_type: str, today: date, count: int = 6) -> list[Period]:
    """The latest ``count`` periods of ``period_type`` that have started by ``today``, newest
    first: the choices of a period picker."""
    periods: list[Period] = []
    day = today
    while len(periods) < count:
        period = period_containing(period_type, day)
        if period.start <= today and period not in periods:
            periods.append(period)
        day = period.start - timedelta(days=1)
    return periods


def _shift_year(day: date, years: int) -> date:
    """The same day ``years`` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def year_before(period: Period) -> Period:
    """The period of the same type one year earlier: "cùng kỳ năm trước" (2022N9 → 2021N9,
    2022M09 → 2021M09; a custom window moves back a year day for day)."""
    if period.type == PeriodType.CUSTOM:
        return window(_shift_year(period.start, -1), _shift_year(period.end, -1))
    return period_containing(period.type, _shift_year(period.start, -1))


def preceding(period: Period, count: int) -> list[Period]:
    """``period`` and the periods of the same type just before it, ``count`` in all, oldest
    first (a custom window: the windows of the same length before it)."""
    periods = [period]
    while len(periods) < count:
        first = periods[0]
        if first.type == PeriodType.CUSTOM:
            length = first.end - first.start
            end = first.start - timedelta(days=1)
            periods.insert(0, window(end - length, end))
        else:
            periods.insert(0, period_containing(first.type, first.start - timedelta(days=1)))
    return periods
