"""Dates typed the Vietnamese way are understood."""

from datetime import date

import pytest

from tuyengiao.core.dates import parse_date


@pytest.mark.parametrize(
    "text", ["05/02/2026", "5/2/2026", "05-02-2026", "05.02.2026", "2026-02-05", " 05/02/2026 "]
)
def test_common_spellings(text):
    assert parse_date(text) == date(2026, 2, 5)


@pytest.mark.parametrize("text", ["", None, "31/02/2026", "hôm nay", "02/2026"])
def test_unreadable_gives_none(text):
    assert parse_date(text) is None
