"""Data values in and out as CSV or Excel (the API takes and gives JSON).

Columns: form, unit, period, indicator, option, value, comment; headers in Vietnamese or
English, matched ignoring case and accents. An import is all or nothing: every row is
checked (unit within the person's reach, indicator of the form, option of its category, a
number of the right kind, a report still open), every problem is reported with its row, and
a file with any problem changes nothing. Accepted rows go through the same services as the
entry grid, so the audit trail and the approval lock hold.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tuyengiao.core.actors import Actor
from tuyengiao.core.audit import audit
from tuyengiao.core.csvsafe import csv_bytes
from tuyengiao.core.tabular import csv_table, xlsx_table
from tuyengiao.core.text import label_key
from tuyengiao.orgs.access import AnyUser, version_in_force
from tuyengiao.orgs.imports import RowError
from tuyengiao.orgs.models import Placement, Unit
from tuyengiao.reporting.exports.xlsx import rows_xlsx
from tuyengiao.reporting.models import DataValue, ReportForm
from tuyengiao.reporting.periods import Period, PeriodError, parse_period
from tuyengiao.reporting.rules import parse_value
from tuyengiao.reporting.selectors import form_indicators, require_view
from tuyengiao.reporting.services import ValueInput, submission_open, values_save

FIELDS = ("form", "unit", "period", "indicator", "option", "value", "comment")
HEADERS = ("Biểu mẫu", "Đơn vị", "Kỳ", "Chỉ tiêu", "Phân tổ", "Giá trị", "Ghi chú")
LABELS = dict(zip(FIELDS, HEADERS, strict=True))
MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000


class ValuesImportError(ValidationError):
    """The import was refused and nothing changed; ``row_errors`` lists every problem."""

    def __init__(self, errors: Iterable[RowError]) -> None:
        self.row_errors = list(errors)
        super().__init__([str(error) for error in self.row_errors])


_HEADER_FIELDS = {label_key(label): name for name, label in LABELS.items()} | {
    name: name for name in FIELDS
}


# --- Export ----------------------------------------------------------------------------------


def export_rows(user: AnyUser, *, form: ReportForm, unit: Unit, period: Period) -> list[list]:
    """The values of ``form`` entered in ``unit``'s subtree for periods inside ``period``."""
    require_view(user, unit, period)
    top = Placement.objects.filter(version=version_in_force(period.end), unit=unit).first()
    units = (
        Placement.objects.filter(version_id=top.version_id, path__startswith=top.path).values(
            "unit_id"
        )
        if top
        else [unit.pk]
    )
    values = (
        DataValue.objects.filter(
            submission__form=form,
            unit__in=units,
            period_start__gte=period.start,
            period_end__lte=period.end,
        )
        .select_related("unit", "indicator", "option")
        .order_by("unit__code", "period_start", "indicator__code", "option__code")
    )
    return [
        [
            form.code,
            value.unit.code,
            value.period_code,
            value.indicator.code,
            value.option.code if value.option else "",
            int(value.value) if value.value == value.value.to_integral() else float(value.value),
            value.comment,
        ]
        for value in values
    ]


def rows_to_csv(rows: list[list]) -> bytes:
    """The exported rows as CSV, formula-like comments neutralised (core/csvsafe.py)."""
    return csv_bytes(HEADERS, rows)


def rows_to_xlsx(rows: list[list]) -> bytes:
    return rows_xlsx(list(HEADERS), rows, "Số liệu")


# --- Import ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ValueRow:
    number: int
    cells: dict[str, object]


def parse_values_file(filename: str, content: bytes) -> list[ValueRow]:
    """The data rows of an .xlsx or .csv file, each with its spreadsheet row number."""
    if len(content) > MAX_BYTES:
        raise ValuesImportError([RowError(0, "", _("The file is larger than 20 MB."))])
    suffix = Path(filename).suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise ValuesImportError(
            [RowError(0, "", _("Only Excel (.xlsx) or CSV (.csv) files are accepted."))]
        )
    try:
        with closing(xlsx_table(content) if suffix == ".xlsx" else csv_table(content)) as table:
            return _rows(table)
    except ValidationError as error:
        raise ValuesImportError([RowError(0, "", message) for message in error.messages]) from error


def _rows(table) -> list[ValueRow]:  # type: ignore[no-untyped-def]
    columns: dict[str, int] | None = None
    rows = []
    for number, values in table:
        if not any(str(value).strip() for value in values):
            continue
        if columns is None:
            columns = {
                _HEADER_FIELDS[label_key(v)]: i
                for i, v in enumerate(values)
                if label_key(v) in _HEADER_FIELDS
            }
            missing = [LABELS[f] for f in FIELDS[:6] if f not in columns]
            if missing:
                message = _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}
                raise ValuesImportError([RowError(number, "", message)])
            continue
        cells = {f: values[i] if i < len(values) else "" for f, i in columns.items()}
        rows.append(ValueRow(number, cells))
        if len(rows) > MAX_ROWS:
            message = _("The file has more than %(count)s rows.") % {"count": MAX_ROWS}
            raise ValuesImportError([RowError(0, "", message)])
    return rows


@transaction.atomic
def values_import(*, form: ReportForm, rows: list[ValueRow], actor: Actor) -> int:
    """Save every row's value (all or nothing); returns the number of values changed."""
    errors: list[RowError] = []
    layout = {row.indicator.code: row for row in form_indicators(form)}
    units = {u.code: u for u in Unit.objects.filter(code__in={str(r.cells["unit"]) for r in rows})}
    groups: dict[tuple[str, str], list[tuple[int, ValueInput]]] = defaultdict(list)
    periods: dict[str, Period] = {}
    for row in rows:
        cells = row.cells

        def error(field: str, message: str, row: ValueRow = row) -> None:
            errors.append(RowError(row.number, LABELS[field], message))

        if str(cells["form"]).strip() != form.code:
            error("form", _("must be %(code)s.") % {"code": form.code})
            continue
        unit = units.get(str(cells["unit"]).strip())
        if unit is None:
            error("unit", _("there is no unit with the code “%(code)s”.") % {"code": cells["unit"]})
            continue
        try:
            period = parse_period(str(cells["period"]))
        except PeriodError as problem:
            error("period", str(problem))
            continue
        periods[period.code] = period
        form_row = layout.get(str(cells["indicator"]).strip())
        if form_row is None:
            error(
                "indicator",
                _("the form has no indicator “%(code)s”.") % {"code": cells["indicator"]},
            )
            continue
        option_code = str(cells["option"]).strip()
        options = {option.code: option for option in form_row.options}
        if (not option_code and options) or (option_code and option_code not in options):
            expected = ", ".join(options) or _("leave it empty")
            error(
                "option",
                _("“%(option)s” is not valid (accepted: %(expected)s).")
                % {"option": option_code, "expected": expected},
            )
            continue
        try:
            value = parse_value(form_row.indicator, cells["value"])
        except ValueError as problem:
            error("value", str(problem))
            continue
        comment = str(cells.get("comment") or "").strip()
        groups[(unit.code, period.code)].append(
            (row.number, ValueInput(form_row.indicator, options.get(option_code), value, comment))
        )
    changed = 0
    for (unit_code, period_code), cells in groups.items():
        first_row = cells[0][0]
        try:
            submission = submission_open(
                form=form, unit=units[unit_code], period=periods[period_code], actor=actor
            )
            result = values_save(
                submission=submission, values=[cell for _n, cell in cells], actor=actor
            )
            changed += result.changed
        except (ValidationError, PermissionDenied) as problem:
            messages = problem.messages if isinstance(problem, ValidationError) else [str(problem)]
            errors += [RowError(first_row, LABELS["unit"], message) for message in messages]
    if errors:
        transaction.set_rollback(True)
        raise ValuesImportError(sorted(errors, key=lambda e: e.row_number))
    audit(
        instance=form,
        action="tuyengiao.reporting.import",
        actor=actor,
        data={"rows": len(rows), "changed": changed},
    )
    return changed
