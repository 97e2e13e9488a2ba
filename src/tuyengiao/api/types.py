"""Bounded types for what callers send: ids, years, days and figures the database can hold.

Without bounds a year of 10000, a day before the first hierarchy version or after 9999, or
an id of 2**63 reach the selectors and the database and come back as server errors; with
them they are a 422 naming the parameter (see errors.py).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field

# The largest value of a 64-bit signed integer: ids (BigAutoField) on SQLite and PostgreSQL.
MAX_BIGINT = 2**63 - 1

# No figure of a propaganda report comes near this (the country has about 10**8 people);
# far below it, a sum over millions of activities still fits in 64 bits.
MAX_FIGURE = 10**12

# The days the platform's records can be about (activities are accepted from 1930).
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)

RecordId = Annotated[int, Field(ge=1, le=MAX_BIGINT)]
Year = Annotated[int, Field(ge=FIRST_DAY.year, le=LAST_DAY.year)]
Day = Annotated[date, Field(ge=FIRST_DAY, le=LAST_DAY)]
Figure = Annotated[int, Field(ge=-MAX_FIGURE, le=MAX_FIGURE)]
