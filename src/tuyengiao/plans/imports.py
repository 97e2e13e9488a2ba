"""Add work items to a plan from an Excel file, all or nothing.

The first sheet has a header row; columns are found by their Vietnamese headers (accents and
case ignored, any order): "Số TT" (the item's number), "Đầu việc" (required), "Thuộc nhóm"
(the number of the group it belongs to: an item already in the plan or a row above),
"Đơn vị chủ trì" (a unit code; empty: the plan's owner), "Đơn vị thực hiện" (unit codes
separated by commas or semicolons), "Hạn" (a date), "Lặp lại" ("hằng tháng", "hằng quý"),
"Ngày trong tháng" and "Trọng số". Every row is checked before anything is written; a file
with any bad row changes nothing, and every bad row is reported with its number and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from itertools import islice

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tuyengiao.core.actors import Actor
from tuyengiao.core.audit import audit
from tuyengiao.core.dates import parse_date
from tuyengiao.core.tabular import xlsx_rows
from tuyengiao.core.text import label_key
from tuyengiao.orgs.imports import RowError
from tuyengiao.orgs.models import Unit
from tuyengiao.plans.models import Plan, WorkItem
from tuyengiao.plans.services import require_editor, work_item_add

COLUMNS = {
    "number": "Số TT",
    "title": "Đầu việc",
    "parent": "Thuộc nhóm",
    "owner": "Đơn vị chủ trì",
    "assignees": "Đơn vị thực hiện",
    "due_on": "Hạn",
    "recurrence": "Lặp lại",
    "due_day": "Ngày trong tháng",
    "weight": "Trọng số",
}
RECURRENCES = {
    "": "",
    "khong": "",
    "hang thang": WorkItem.Recurrence.MONTHLY,
    "hang quy": WorkItem.Recurrence.QUARTERLY,
}
MAX_ROWS = 2000


class WorkItemImportError(ValidationError):
    """The import was refused and nothing changed; ``rows`` lists every problem."""

    def __init__(self, errors: list[RowError]) -> None:
        self.rows = errors
        super().__init__([str(error) for error in errors])


@dataclass
class ItemSpec:
    row: int
    number: str
    title: str
    parent: str
    owner: Unit
    assignees: list[Unit] = field(default_factory=list)
    due_on: date | None = None
    recurrence: str = ""
    due_day: int | None = None
    weight: Decimal = Decimal(1)


def _cell(value: object) -> object:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return value.strip()
    return "" if value is None else value


def _refuse(message: str) -> WorkItemImportError:
    return WorkItemImportError([RowError(0, "", message)])


def read_rows(content: bytes) -> list[tuple[int, dict[str, object]]]:
    """The data rows of the first sheet, as {field: value} with spreadsheet row numbers."""
    lines = [values for _number, values in islice(xlsx_rows(content, _refuse), MAX_ROWS + 1)]
    if not lines:
        raise WorkItemImportError([RowError(0, "", _("The file has no rows."))])
    by_key = {label_key(label): name for name, label in COLUMNS.items()}
    columns = {by_key[label_key(v)]: i for i, v in enumerate(lines[0]) if label_key(v) in by_key}
    if "title" not in columns:
        raise WorkItemImportError(
            [
                RowError(
                    1,
                    "",
                    _("the header row lacks the column %(columns)s.")
                    % {"columns": f"“{COLUMNS['title']}”"}
                    + " "
                    + _("The columns: %(columns)s.")
                    % {"columns": ", ".join(f"“{label}”" for label in COLUMNS.values())},
                )
            ]
        )
    rows = []
    for number, values in enumerate(lines[1:], start=2):
        record = {
            name: _cell(values[index]) if index < len(values) else ""
            for name, index in columns.items()
        }
        if any(value not in ("", None) for value in record.values()):
            rows.append((number, record))
    return rows


class _Checker:
    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.errors: list[RowError] = []
        self.numbers = set(WorkItem.objects.filter(plan=plan).values_list("number", flat=True))
        self.units: dict[str, Unit] = {}

    def error(self, row: int, name: str, message: str) -> None:
        self.errors.append(RowError(row, COLUMNS[name], message))

    def unit(self, row: int, name: str, code: str) -> Unit | None:
        if code not in self.units:
            found = Unit.objects.filter(code=code).first()
            if found is None:
                self.error(row, name, _("there is no unit with code “%(code)s”.") % {"code": code})
                return None
            self.units[code] = found
        return self.units[code]

    def spec(self, row: int, record: dict[str, object]) -> ItemSpec | None:
        before = len(self.errors)
        title = str(record.get("title", ""))
        if not title:
            self.error(row, "title", _("the work item has no title."))
        number = str(record.get("number", ""))
        if number and number in self.numbers:
            self.error(
                row,
                "number",
                _("number “%(number)s” is already in the plan or in a row above.")
                % {"number": number},
            )
        parent = str(record.get("parent", ""))
        if parent and parent not in self.numbers:
            self.error(
                row,
                "parent",
                _("there is no work item number “%(number)s” above.") % {"number": parent},
            )
        owner_code = str(record.get("owner", ""))
        owner = self.unit(row, "owner", owner_code) if owner_code else self.plan.owner
        assignees = []
        for code in filter(None, re.split(r"[,;]\s*", str(record.get("assignees", "")))):
            unit = self.unit(row, "assignees", code.strip())
            if unit is not None:
                assignees.append(unit)
        if len({u.pk for u in assignees}) != len(assignees):
            self.error(row, "assignees", _("a unit is written twice."))
        due_on = self.date(row, record.get("due_on", ""))
        recurrence = RECURRENCES.get(label_key(record.get("recurrence", "")))
        if recurrence is None:
            self.error(row, "recurrence", _("write “hằng tháng”, “hằng quý” or leave it empty."))
        due_day = self.integer(row, "due_day", record.get("due_day", ""), 1, 31)
        if recurrence and due_day is None:
            self.error(row, "due_day", _("recurring work needs a day of the month (1–31)."))
        weight = self.weight(row, record.get("weight", ""))
        if number:
            self.numbers.add(number)
        if len(self.errors) > before or owner is None:
            return None
        return ItemSpec(
            row, number, title, parent, owner, assignees, due_on, recurrence or "", due_day, weight
        )

    def date(self, row: int, value: object) -> date | None:
        if value in ("", None):
            return None
        if isinstance(value, date):
            return value
        parsed = parse_date(str(value))
        if parsed is None:
            self.error(
                row, "due_on", _("“%(value)s” is not a date (dd/mm/yyyy).") % {"value": value}
            )
        return parsed

    def integer(self, row: int, name: str, value: object, low: int, high: int) -> int | None:
        if value in ("", None):
            return None
        try:
            number = int(str(value))
        except ValueError:
            number = None
        if number is None or not low <= number <= high:
            self.error(
                row,
                name,
                _("must be a whole number from %(low)s to %(high)s.") % {"low": low, "high": high},
            )
            return None
        return number

    def weight(self, row: int, value: object) -> Decimal:
        if value in ("", None):
            return Decimal(1)
        try:
            weight = Decimal(str(value).replace(",", "."))
        except InvalidOperation:
            weight = Decimal(-1)
        if not weight.is_finite() or weight < 0 or weight >= 10000:
            self.error(row, "weight", _("must be a number, zero or more, for example 1 or 0,5."))
            return Decimal(1)
        return weight


def check_work_items(plan: Plan, content: bytes) -> list[ItemSpec]:
    """Every row checked; raises :class:`WorkItemImportError` listing all bad rows."""
    rows = read_rows(content)
    if len(rows) > MAX_ROWS:
        raise WorkItemImportError(
            [RowError(0, "", _("The file has more than %(max)s rows.") % {"max": MAX_ROWS})]
        )
    checker = _Checker(plan)
    specs = [checker.spec(number, record) for number, record in rows]
    if checker.errors:
        raise WorkItemImportError(checker.errors)
    if not specs:
        raise WorkItemImportError([RowError(0, "", _("The file has no work items."))])
    return [spec for spec in specs if spec is not None]


@transaction.atomic
def import_work_items(*, plan: Plan, filename: str, content: bytes, actor: Actor) -> list[WorkItem]:
    """Check the file, then add every row's work item through the services, or none."""
    require_editor(actor, plan.owner)
    if not filename.lower().endswith(".xlsx"):
        raise WorkItemImportError([RowError(0, "", _("Only Excel .xlsx files are accepted."))])
    specs = check_work_items(plan, content)
    by_number = {item.number: item for item in WorkItem.objects.filter(plan=plan)}
    created = []
    for spec in specs:
        try:
            item = work_item_add(
                plan=plan,
                parent=by_number.get(spec.parent) if spec.parent else None,
                number=spec.number,
                title=spec.title,
                owner=spec.owner,
                assignees=spec.assignees,
                due_on=spec.due_on,
                recurrence=spec.recurrence,
                due_day=spec.due_day,
                weight=spec.weight,
                actor=actor,
            )
        except ValidationError as error:
            raise WorkItemImportError(
                [RowError(spec.row, "", message) for message in error.messages]
            ) from error
        by_number[item.number] = item
        created.append(item)
    audit(
        instance=plan,
        action="tuyengiao.plans.import",
        actor=actor,
        data={"file": filename[:200], "items": len(created)},
    )
    return created
