"""CSV injection: every CSV export writes text that a spreadsheet would run as a formula
behind an apostrophe, through the one writer in ``core/csvsafe.py``.

Each export is driven the way a person reaches it (the admin page, the command) with a
hostile value in the data; :data:`EXPORTS` lists them, and a last test fails when code
anywhere in the project writes CSV without going through the shared writer, or when a new
export uses it without being listed here.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tuyengiao.core.actors import SYSTEM
from tuyengiao.core.csvsafe import csv_bytes, csv_cell
from tuyengiao.core.tabular import FORMULA_PREFIXES, csv_table
from tuyengiao.orgs.services import unit_rename
from tuyengiao.reporting.periods import period_containing
from tuyengiao.reporting.services import ValueInput, submission_open, values_save
from tuyengiao.reporting.tests.builders import build_form

HOSTILE = '=HYPERLINK("http://x")'
SRC = Path(__file__).resolve().parents[2] / "src" / "tuyengiao"
# Every module that writes a CSV export, and the test below that drives it.
EXPORTS = {
    "orgs/exports.py": "test_organisation_tree_export_page and test_orgs_export_command",
    "reporting/transfer.py": "test_reporting_values_export_page",
}


def _cells(content: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for cell in row]


def _assert_neutralised(content: bytes) -> None:
    cells = _cells(content)
    assert f"'{HOSTILE}" in cells
    assert not [cell for cell in cells if cell.startswith(FORMULA_PREFIXES)]


@pytest.mark.parametrize("value", [HOSTILE, "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_every_formula_prefix_gets_an_apostrophe_and_reads_back_as_typed(value: str) -> None:
    content = csv_bytes(["Tên"], [[value]])
    assert _cells(content) == ["Tên", f"'{value}"]
    assert [cells for _, cells in csv_table(content)][1] == [value]


def test_numbers_and_dates_are_written_as_such() -> None:
    assert csv_cell(-5) == -5
    assert csv_cell(Decimal("-1.5")) == Decimal("-1.5")
    assert csv_cell(date(2026, 10, 14)) == "14/10/2026"
    assert csv_cell(None) == ""


@pytest.fixture
def hostile_unit(city):  # type: ignore[no-untyped-def]
    """Ward A renamed, from 2021, to a formula."""
    unit_rename(unit=city.ward_a, name=HOSTILE, effective_date=date(2021, 1, 1), actor=SYSTEM)
    return city


@pytest.mark.django_db
def test_organisation_tree_export_page(client, hostile_unit, city_specialist) -> None:
    client.force_login(city_specialist)
    response = client.get(reverse("orgs:export"), {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    _assert_neutralised(response.content)


@pytest.mark.django_db
def test_orgs_export_command(hostile_unit, tmp_path: Path) -> None:
    output = tmp_path / "cay.csv"
    call_command("orgs_export", "-o", str(output), stdout=io.StringIO())
    _assert_neutralised(output.read_bytes())


@pytest.mark.django_db
def test_reporting_values_export_page(client, city, city_specialist) -> None:
    """The figures' comments are free text typed by any ward officer."""
    tf = build_form(city.ward_a, city.ward_b)
    period = period_containing("month", timezone.localdate())
    submission = submission_open(form=tf.form, unit=city.ward_a, period=period, actor=SYSTEM)
    values_save(
        submission=submission,
        values=[ValueInput(tf.documents, None, Decimal(2), comment=HOSTILE)],
        actor=SYSTEM,
    )
    client.force_login(city_specialist)
    query = {"form": tf.form.code, "unit": city.city.code, "period": period.code}
    response = client.get(reverse("reporting:values"), {**query, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    _assert_neutralised(response.content)


def test_every_csv_export_goes_through_the_shared_writer_and_is_tested_here() -> None:
    """No module writes CSV by itself, and each module that exports CSV is driven above."""
    writes_csv_itself = []
    exports = set()
    for path in SRC.rglob("*.py"):
        relative = path.relative_to(SRC).as_posix()
        if "/tests/" in f"/{relative}" or relative == "core/csvsafe.py":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"\bcsv\.(writer|DictWriter)\(", text):
            writes_csv_itself.append(relative)
        if re.search(r"\bcsv_bytes\(", text):
            exports.add(relative)
    assert writes_csv_itself == []
    assert exports == set(EXPORTS)
