"""Importing activities from a spreadsheet (.xlsx): check every row, preview, then all or
nothing.

The first sheet's first non-blank row is the header. Its cells are matched ignoring case and
accents, in Vietnamese or by code: the activity's own columns (:data:`COLUMNS`) and one
column per figure key (``learners``, ``learners.party`` or the label, "Số lượt học viên —
Khối Đảng"). :func:`import_template` writes a file with every column and a sheet of help.

The file is read in one pass with openpyxl's read-only mode and handled in chunks of
:data:`CHUNK` rows, so memory stays flat however long the file is:

* :func:`preview_activities` checks every row and reports what an import would do, with every
  problem and every likely duplicate (same unit, type, day and title, in the file or in the
  log), each naming its row and column; it writes nothing;
* :func:`import_activities` checks again and writes the rows in one transaction with
  ``bulk_create``; any problem rolls everything back.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from tuyengiao.activities.catalogue import (
    Catalogue,
    FigureRow,
    TypeSpec,
    check_figures,
    load_catalogue,
)
from tuyengiao.activities.models import Activity, ActivityFigure, ActivityImport
from tuyengiao.activities.services import check_fields
from tuyengiao.core.actors import Actor, person_of
from tuyengiao.core.audit import audit
from tuyengiao.core.dates import parse_date
from tuyengiao.core.formatting import format_date, format_number
from tuyengiao.core.imports import RowError
from tuyengiao.core.tabular import xlsx_rows
from tuyengiao.core.text import fold, normalize
from tuyengiao.orgs.access import can
from tuyengiao.orgs.models import Unit

MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 200_000
MAX_COLUMNS = 128
CHUNK = 2_000
# The preview lists this many problems; the count says how many there are in all.
SHOWN = 200
IMPORT_ACTION = "tuyengiao.activities.import"

# field → (header, other folded names it answers to)
COLUMNS = {
    "title": ("Tên hoạt động", ("tieu de", "title", "hoat dong")),
    "type": ("Loại hoạt động", ("loai", "type", "activity type")),
    "unit": ("Mã đơn vị", ("don vi", "unit", "unit code")),
    "start_date": ("Ngày bắt đầu", ("ngay", "tu ngay", "start date", "date")),
    "end_date": ("Ngày kết thúc", ("den ngay", "end date")),
    "place": ("Địa điểm", ("place",)),
    "mode": ("Hình thức", ("mode",)),
    "audience": ("Đối tượng", ("audience",)),
    "notes": ("Ghi chú", ("notes",)),
}
REQUIRED = ("title", "type", "unit", "start_date")
MODES = {
    "": Activity.Mode.IN_PERSON,
    "truc tiep": Activity.Mode.IN_PERSON,
    "truc tuyen": Activity.Mode.ONLINE,
    "ket hop": Activity.Mode.HYBRID,
    "truc tiep ket hop truc tuyen": Activity.Mode.HYBRID,
    **{mode.value: mode.value for mode in Activity.Mode},
}
_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")


# --- Results ---------------------------------------------------------------------------------


class ActivityImportError(ValidationError):
    """The import was refused and nothing was changed; ``row_errors`` lists the problems
    (the first :data:`SHOWN`), ``error_count`` counts them all."""

    def __init__(self, errors: list[RowError], error_count: int | None = None) -> None:
        self.row_errors = errors[:SHOWN]
        self.error_count = len(errors) if error_count is None else error_count
        super().__init__([str(error) for error in self.row_errors])


@dataclass
class ImportPreview:
    """What importing the file would do."""

    rows: int = 0
    by_type: Counter[str] = field(default_factory=Counter)
    units: set[str] = field(default_factory=set)
    first_date: date | None = None
    last_date: date | None = None
    warnings: list[RowError] = field(default_factory=list)
    warning_count: int = 0

    def by_type_sorted(self) -> list[tuple[str, int]]:
        return sorted(self.by_type.items(), key=lambda item: -item[1])


# --- Reading ---------------------------------------------------------------------------------


def _refuse(message: str) -> ActivityImportError:
    return ActivityImportError([RowError(0, "", message)])


@lru_cache(maxsize=4096)
def _header_key(text: str) -> str:
    return re.sub(r"[\W_]+", " ", fold(text)).strip()


def _text(value: object, *, prose: bool = False) -> str:
    """A cell as text; ``prose`` (names, places) is normalised as the services do, codes and
    choices are only trimmed."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalize(str(value)) if prose else str(value).strip()


def _date(value: object) -> date | str | None:
    """A date, None for an empty cell, or the text that is not a date."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    return parse_date(text) or text


def _number(value: object) -> int | str | None:
    """A whole number, None for an empty cell, or the text that is not one."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = _text(value).replace(" ", "")
    # isdecimal, not isdigit: "²" is a digit int() refuses; a cell too long for int() (over
    # 4300 digits) stays text. Bounds are checked with the figures (check_figures).
    try:
        if text.isdecimal():
            return int(text)
        if _THOUSANDS.match(text):
            return int(text.replace(".", ""))
    except ValueError:
        pass
    return text or None


@dataclass(frozen=True)
class _Header:
    fields: dict[str, int]  # field → column index
    figures: dict[str, int]  # figure key → column index
    labels: dict[str, str]  # field or figure key → header as written


def _header(number: int, values: tuple, catalogue: Catalogue) -> _Header:
    names: dict[str, str] = {}
    for name, (label, aliases) in COLUMNS.items():
        for text in (label, name, *aliases):
            names[_header_key(text)] = name
    figure_names: dict[str, str] = {}
    for key, label in catalogue.figure_labels().items():
        figure_names[_header_key(key)] = key
        figure_names[_header_key(label)] = key
    fields: dict[str, int] = {}
    figures: dict[str, int] = {}
    labels: dict[str, str] = {}
    errors = []
    for index, value in enumerate(values):
        text = _text(value)
        key = _header_key(text)
        if not key:
            continue
        target = fields if key in names else figures if key in figure_names else None
        if target is None:
            errors.append(RowError(number, text, _("it is unclear what this column holds.")))
            continue
        name = names.get(key) or figure_names[key]
        if name in target:
            errors.append(RowError(number, text, _("this column appears twice.")))
        target[name] = index
        labels[name] = text
    missing = [f"“{COLUMNS[name][0]}”" for name in REQUIRED if name not in fields]
    if missing:
        message = _("the header row lacks the column %(columns)s.") % {
            "columns": ", ".join(missing)
        }
        errors.append(RowError(number, "", message))
    if errors:
        raise ActivityImportError(errors)
    return _Header(fields, figures, labels)


# --- Checking --------------------------------------------------------------------------------


@dataclass(slots=True)
class _Row:
    number: int
    activity: Activity
    figures: list[FigureRow]


class _Checker:
    """Turns raw rows into unsaved activities with their figures, or errors."""

    def __init__(self, catalogue: Catalogue, actor: Actor) -> None:
        self.actor = actor
        self.today = timezone.localdate()
        self.types: dict[str, TypeSpec] = {}
        for spec in catalogue.types.values():
            if spec.is_active:
                self.types[spec.code] = spec
                self.types[_header_key(spec.name)] = spec
        self.figure_labels = catalogue.figure_labels()
        self.units: dict[str, Unit | None] = {}
        self.editable: dict[int, bool] = {}

    def load_units(self, codes: set[str]) -> None:
        wanted = sorted(codes - self.units.keys())
        for start in range(0, len(wanted), 500):
            part = wanted[start : start + 500]
            found = {unit.code: unit for unit in Unit.objects.filter(code__in=part)}
            self.units.update((code, found.get(code)) for code in part)

    def may_edit(self, unit: Unit) -> bool:
        if unit.pk not in self.editable:
            self.editable[unit.pk] = can(self.actor, "can_edit_data", unit)
        return self.editable[unit.pk]

    def check(
        self, number: int, values: tuple, header: _Header
    ) -> tuple[_Row | None, list[RowError]]:
        def cell(name: str, columns: dict[str, int]) -> object:
            index = columns.get(name)
            return values[index] if index is not None and index < len(values) else None

        def error(name: str, message: str) -> RowError:
            default = COLUMNS[name][0] if name in COLUMNS else self.figure_labels.get(name, name)
            return RowError(number, header.labels.get(name, default), message)

        errors: list[RowError] = []
        title = _text(cell("title", header.fields), prose=True)
        type_text = _text(cell("type", header.fields))
        spec = self.types.get(type_text) or self.types.get(_header_key(type_text))
        if spec is None:
            errors.append(
                error("type", _("there is no activity type “%(type)s”.") % {"type": type_text})
            )
        code = _text(cell("unit", header.fields))
        unit = self.units.get(code)
        if unit is None:
            errors.append(
                error("unit", _("there is no unit with code “%(code)s”.") % {"code": code})
            )
        elif not self.may_edit(unit):
            errors.append(
                error("unit", _("you may not log activities of unit %(code)s.") % {"code": code})
            )
        start = _date(cell("start_date", header.fields))
        if not isinstance(start, date):
            errors.append(
                error(
                    "start_date",
                    _("“%(value)s” is not a date (dd/mm/yyyy).") % {"value": start or ""},
                )
            )
        end = _date(cell("end_date", header.fields))
        if isinstance(end, str):
            errors.append(
                error("end_date", _("“%(value)s” is not a date (dd/mm/yyyy).") % {"value": end})
            )
        mode_text = _text(cell("mode", header.fields))
        mode = MODES.get(_header_key(mode_text)) or MODES.get(mode_text)
        if mode is None:
            errors.append(error("mode", _("write “trực tiếp”, “trực tuyến” or “kết hợp”.")))
        figures: dict[str, int | None] = {}
        for key in header.figures:
            value = _number(cell(key, header.figures))
            if isinstance(value, str):
                errors.append(
                    error(key, _("“%(value)s” is not a whole number.") % {"value": value})
                )
            else:
                figures[key] = value
        if errors or spec is None or unit is None or not isinstance(start, date) or not mode:
            return None, errors
        place = _text(cell("place", header.fields), prose=True)
        audience = _text(cell("audience", header.fields), prose=True)
        end_date = end if isinstance(end, date) else None
        problems = check_fields(
            title=title,
            start_date=start,
            end_date=end_date,
            mode=mode,
            place=place,
            audience=audience,
            unit=unit,
            today=self.today,
        )
        rows, figure_problems = check_figures(spec, mode, figures)
        problems.update(figure_problems)
        if problems:
            return None, [error(name, message) for name, message in problems.items()]
        activity = Activity(
            activity_type_id=spec.id,
            unit=unit,
            title=title,
            title_folded=fold(title),
            start_date=start,
            end_date=end_date,
            place=place,
            mode=mode,
            audience=audience,
            notes=str(cell("notes", header.fields) or "").strip(),
            logged_by=person_of(self.actor),
        )
        return _Row(number, activity, rows), []


def _duplicate_key(activity: Activity) -> int:
    return hash(
        (activity.unit_id, activity.activity_type_id, activity.start_date, activity.title_folded)
    )


def _checked_chunks(content: bytes, actor: Actor) -> Iterator[tuple[list[_Row], list[RowError]]]:
    """The file's rows, checked a chunk at a time."""
    if len(content) > MAX_BYTES:
        raise _refuse(
            _("The file is larger than %(size)s MB; split it into several files.")
            % {"size": MAX_BYTES // (1024 * 1024)}
        )
    catalogue = load_catalogue()
    checker = _Checker(catalogue, actor)
    header: _Header | None = None
    raw: list[tuple[int, tuple]] = []
    count = 0

    def flush() -> tuple[list[_Row], list[RowError]]:
        assert header is not None
        unit_index = header.fields["unit"]
        checker.load_units(
            {_text(values[unit_index]) for _number, values in raw if unit_index < len(values)}
        )
        rows, errors = [], []
        for number, values in raw:
            row, row_errors = checker.check(number, values, header)
            errors.extend(row_errors)
            if row is not None:
                rows.append(row)
        raw.clear()
        return rows, errors

    for number, values in xlsx_rows(content, _refuse, MAX_COLUMNS):
        if not any(value not in (None, "") for value in values):
            continue
        if header is None:
            header = _header(number, values, catalogue)
            continue
        count += 1
        if count > MAX_ROWS:
            raise _refuse(
                _("The file has more than %(rows)s rows of data; split it into several files.")
                % {"rows": format_number(MAX_ROWS)}
            )
        raw.append((number, values))
        if len(raw) == CHUNK:
            yield flush()
    if header is None or count == 0:
        raise _refuse(_("The file has no data: it needs a header row and rows of activities."))
    if raw:
        yield flush()


def _check_suffix(file_name: str) -> None:
    if Path(file_name).suffix.lower() != ".xlsx":
        raise _refuse(_("Only Excel files (.xlsx) are accepted."))


def _existing_duplicates(rows: list[_Row]) -> set[int]:
    """Keys of the rows that match an activity already in the log."""
    if not rows:
        return set()
    dates = [row.activity.start_date for row in rows]
    existing = Activity.objects.filter(
        unit_id__in={row.activity.unit_id for row in rows},
        start_date__range=(min(dates), max(dates)),
        title_folded__in={row.activity.title_folded for row in rows},
    ).values_list("unit_id", "activity_type_id", "start_date", "title_folded")
    return {hash(values) for values in existing}


def preview_activities(*, file_name: str, content: bytes, actor: Actor) -> ImportPreview:
    """What importing the file would do, with likely duplicates as warnings; raises
    :class:`ActivityImportError` with every problem. Writes nothing."""
    _check_suffix(file_name)
    preview = ImportPreview()
    names = {spec.id: spec.name for spec in load_catalogue().types.values()}
    errors: list[RowError] = []
    seen: dict[int, int] = {}
    for rows, chunk_errors in _checked_chunks(content, actor):
        errors.extend(chunk_errors)
        in_log = _existing_duplicates(rows)
        for row in rows:
            activity = row.activity
            preview.rows += 1
            preview.by_type[names[activity.activity_type_id]] += 1
            preview.units.add(activity.unit.code)
            preview.first_date = min(preview.first_date or activity.start_date, activity.start_date)
            preview.last_date = max(preview.last_date or activity.start_date, activity.start_date)
            key = _duplicate_key(activity)
            message = None
            if key in seen:
                message = _("may duplicate row %(row)s (same unit, type, day and name).") % {
                    "row": seen[key]
                }
            elif key in in_log:
                message = _(
                    "may duplicate an activity already logged (same unit, type, day, name)."
                )
            seen.setdefault(key, row.number)
            if message:
                preview.warning_count += 1
                if len(preview.warnings) < SHOWN:
                    preview.warnings.append(RowError(row.number, "", message))
    if errors:
        raise ActivityImportError(errors)
    return preview


def import_activities(*, file_name: str, content: bytes, actor: Actor) -> ActivityImport:
    """Import every row of the file in one transaction, or nothing: raises
    :class:`ActivityImportError` with the problems found."""
    _check_suffix(file_name)
    with transaction.atomic():
        batch = ActivityImport.objects.create(
            file_name=Path(file_name).name[:255],
            rows=0,
            imported_by=person_of(actor),
        )
        errors: list[RowError] = []
        for rows, chunk_errors in _checked_chunks(content, actor):
            errors.extend(chunk_errors)
            if errors:
                continue  # nothing will be kept: only go on finding problems
            activities = [row.activity for row in rows]
            for activity in activities:
                activity.import_batch = batch
            Activity.objects.bulk_create(activities, batch_size=CHUNK)
            ActivityFigure.objects.bulk_create(
                (
                    ActivityFigure(
                        activity_id=row.activity.pk, figure_id=figure, option_id=option, value=value
                    )
                    for row in rows
                    for figure, option, value in row.figures
                ),
                batch_size=CHUNK * 4,
            )
            batch.rows += len(rows)
        if errors:
            transaction.set_rollback(True)
            raise ActivityImportError(errors)
        batch.save(update_fields=["rows"])
        audit(
            instance=batch,
            action=IMPORT_ACTION,
            actor=actor,
            data={"file": batch.file_name, "rows": batch.rows},
        )
    return batch


# --- The template ----------------------------------------------------------------------------


def import_template(catalogue: Catalogue) -> bytes:
    """An .xlsx file with every column, one example row and a sheet that says which figure
    columns each activity type fills."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Hoạt động"
    figure_labels = catalogue.figure_labels()
    sheet.append([label for label, _aliases in COLUMNS.values()] + list(figure_labels.values()))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    help_sheet = workbook.create_sheet("Hướng dẫn")
    help_sheet.append(["Loại hoạt động", "Mã", "Các cột số liệu"])
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
    for spec in catalogue.types.values():
        if spec.is_active:
            labels = [figure_labels[key] for key in spec.figure_keys()]
            help_sheet.append([spec.name, spec.code, "; ".join(labels)])
    help_sheet.append([])
    help_sheet.append(["Hình thức", "trực tiếp / trực tuyến / kết hợp"])
    help_sheet.append(["Ngày", "dd/mm/yyyy"])
    help_sheet.append(["Tổng số để trống", "được tính bằng tổng các nhóm"])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
