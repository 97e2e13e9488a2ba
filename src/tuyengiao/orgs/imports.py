"""The hierarchy import: a spreadsheet of units becomes the next hierarchy version, all or
nothing.

Three steps, each usable on its own (a screen can show the plan before importing):

* :func:`parse_hierarchy_file` reads an .xlsx or .csv file into :class:`ImportRow` values;
* :func:`validate_hierarchy` checks the rows against each other and the database and collects
  every problem, each naming its spreadsheet row and column;
* :func:`import_hierarchy` writes the plan through the services, in one transaction.

The import adds and updates; it never removes. A unit of the tree in force that the file
leaves out, or lists as ended, stays where it is: dissolving, merging and splitting are
deliberate acts, made in the admin where successors and shares are chosen.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tuyengiao.core.actors import Actor
from tuyengiao.core.dates import parse_date
from tuyengiao.core.formatting import format_date, format_number
from tuyengiao.core.imports import RowError
from tuyengiao.core.tabular import Cell, csv_table, xlsx_table
from tuyengiao.core.text import fold, normalize
from tuyengiao.orgs.access import has_capability, version_in_force
from tuyengiao.orgs.exports import HEADERS
from tuyengiao.orgs.models import HierarchyVersion, Placement, Unit, UnitKind, UnitProfile
from tuyengiao.orgs.services import (
    NewUnit,
    hierarchy_version_create,
    hierarchy_version_publish,
    unit_create,
    unit_move,
    unit_rename,
)

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
# Placement.path holds PATH_STEP characters per level in 255 characters.
MAX_DEPTH = 255 // Placement.PATH_STEP - 1

FIELDS = ("code", "name", "abbreviation", "kind", "parent", "valid_from", "valid_to")
LABELS = dict(zip(FIELDS, HEADERS, strict=True))
REQUIRED = ("code", "name", "kind", "parent")
# Folded header texts (see _header_key) each field answers to, besides its label in HEADERS.
_ALIASES = {
    "code": ("ma", "code", "unit code"),
    "name": ("ten", "name", "unit name"),
    "abbreviation": ("viet tat", "abbreviation", "short name"),
    "kind": ("loai don vi", "kind", "unit kind", "type"),
    "parent": ("don vi cap tren", "cap tren", "parent code", "parent"),
    "valid_from": ("valid from", "from"),
    "valid_to": ("valid to", "to", "until"),
}
_CODE_CHARS = ".-_"
_CODE_MAX = 64
_NAME_MAX = 255
_ABBREVIATION_MAX = 64


# --- Results ---------------------------------------------------------------------------------


class HierarchyImportError(ValidationError):
    """The import was refused and nothing was changed; ``row_errors`` lists every problem."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        self.row_errors = list(errors)
        super().__init__([str(error) for error in self.row_errors])


@dataclass(frozen=True)
class ImportRow:
    """One non-blank data row as read from the file; ``abbreviation`` is None when the file
    has no such column (the units keep the abbreviation they have)."""

    row_number: int
    code: str
    name: str
    kind: str
    parent: str
    abbreviation: str | None = None
    valid_from: Cell = ""
    valid_to: Cell = ""


@dataclass
class PlannedUnit:
    """A checked row: the unit it creates or updates and where it goes in the new version."""

    row: ImportRow
    name: str
    abbreviation: str | None
    kind: UnitKind
    valid_from: date | None
    valid_to: date | None
    in_force: bool
    unit: Unit | None = None  # None: the import creates it
    profile: UnitProfile | None = None  # the existing unit's profile on the effective date
    current_parent: str | None = None  # parent code in the tree in force; None: not placed
    depth: int = 0

    @property
    def code(self) -> str:
        return self.row.code

    @property
    def parent(self) -> str:
        return self.row.parent

    @property
    def needs_rename(self) -> bool:
        """Whether the name, abbreviation or kind differs from the existing unit's."""
        if self.unit is None:
            return False
        profile = self.profile
        return (
            profile is None
            or self.name != profile.name
            or self.kind.pk != profile.kind_id
            or (self.abbreviation is not None and self.abbreviation != profile.abbreviation)
        )


@dataclass
class ImportPlan:
    """What an import of ``rows`` on ``effective_date`` would do, or why it cannot.

    ``units`` are the rows in force on that date, parents first; ``skipped`` the rows whose
    period does not contain it (carried in the file, not placed). ``warnings`` do not stop
    the import.
    """

    effective_date: date
    rows: list[ImportRow]
    units: list[PlannedUnit] = field(default_factory=list)
    skipped: list[PlannedUnit] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class ImportResult:
    """What an import did; a unit both renamed and moved counts in both."""

    version: HierarchyVersion
    created: int
    renamed: int
    moved: int
    unchanged: int
    skipped: int
    warnings: list[RowError]


# --- Reading files ---------------------------------------------------------------------------


def _refuse(message: str) -> HierarchyImportError:
    return HierarchyImportError([RowError(0, "", message)])


def _text(cell: Cell) -> str:
    return format_date(cell) if isinstance(cell, date) else cell


def _header_key(text: str) -> str:
    return re.sub(r"[\W_]+", " ", fold(text)).strip()


_HEADER_FIELDS = {
    key: name
    for name in FIELDS
    for key in (_header_key(LABELS[name]), *(_header_key(alias) for alias in _ALIASES[name]))
}


def _header_columns(number: int, values: list[Cell]) -> dict[str, int]:
    columns: dict[str, int] = {}
    errors = []
    for index, value in enumerate(values):
        name = _HEADER_FIELDS.get(_header_key(_text(value)))
        if name is None:
            continue
        if name in columns:
            errors.append(RowError(number, LABELS[name], _("this column appears twice.")))
        columns[name] = index
    missing = [f"“{LABELS[name]}”" for name in REQUIRED if name not in columns]
    if missing:
        errors.append(
            RowError(
                number,
                "",
                _("the header row lacks the column(s) %(missing)s. The columns: %(columns)s.")
                % {
                    "missing": ", ".join(missing),
                    "columns": ", ".join(f"“{label}”" for label in HEADERS),
                },
            )
        )
    if errors:
        raise HierarchyImportError(errors)
    return columns


def _get(values: list[Cell], columns: dict[str, int], name: str) -> Cell:
    index = columns.get(name)
    return values[index] if index is not None and index < len(values) else ""


def _rows(table: Iterable[tuple[int, list[Cell]]]) -> list[ImportRow]:
    columns: dict[str, int] | None = None
    rows: list[ImportRow] = []
    for number, values in table:
        if not any(values):
            continue
        if columns is None:
            columns = _header_columns(number, values)
            continue
        if len(rows) == MAX_ROWS:
            raise _refuse(
                _("The file has more than %(count)s data rows; split it into several files.")
                % {"count": format_number(MAX_ROWS)}
            )
        rows.append(
            ImportRow(
                row_number=number,
                code=_text(_get(values, columns, "code")),
                name=_text(_get(values, columns, "name")),
                kind=_text(_get(values, columns, "kind")),
                parent=_text(_get(values, columns, "parent")),
                abbreviation=(
                    _text(_get(values, columns, "abbreviation"))
                    if "abbreviation" in columns
                    else None
                ),
                valid_from=_get(values, columns, "valid_from"),
                valid_to=_get(values, columns, "valid_to"),
            )
        )
    if columns is None:
        raise _refuse(_("The file has no data: it needs a header row and rows of units."))
    return rows


def parse_hierarchy_file(filename: str, content: bytes) -> list[ImportRow]:
    """The data rows of an .xlsx (first sheet) or .csv file (UTF-8, with or without BOM,
    comma or semicolon separated).

    The first non-blank row is the header; its cells are matched ignoring case and accents,
    in Vietnamese or English. Blank rows are skipped. Raises :class:`HierarchyImportError`
    for a file that cannot be read, lacks a column, or is too big.
    """
    if len(content) > MAX_BYTES:
        raise _refuse(
            _("The file is larger than %(size)s MB; split it into several smaller files.")
            % {"size": MAX_BYTES // (1024 * 1024)}
        )
    suffix = Path(filename).suffix.lower()
    if suffix == ".xlsx":
        with closing(xlsx_table(content, _refuse)) as table:
            return _rows(table)
    if suffix == ".csv":
        return _rows(csv_table(content, _refuse))
    raise _refuse(_("Only Excel (.xlsx) or CSV (.csv) files are accepted."))


# --- Checking --------------------------------------------------------------------------------


def _by_code(codes: set[str]) -> dict[str, Unit]:
    found: dict[str, Unit] = {}
    ordered = sorted(codes)
    # Chunks keep the IN list under SQLite's limit on query parameters.
    for start in range(0, len(ordered), 500):
        units = Unit.objects.filter(code__in=ordered[start : start + 500])
        found.update((unit.code, unit) for unit in units)
    return found


def _profiles_on(unit_ids: list[int], on: date) -> dict[int, UnitProfile]:
    found: dict[int, UnitProfile] = {}
    for start in range(0, len(unit_ids), 500):
        profiles = UnitProfile.objects.in_force_on(on).filter(
            unit_id__in=unit_ids[start : start + 500]
        )
        found.update((profile.unit_id, profile) for profile in profiles)
    return found


def _unknown_code(code: str) -> str:
    return _("there is no unit with code “%(code)s” in the file or in the system.") % {"code": code}


def _find_cycles(parents: dict[str, str]) -> list[list[str]]:
    """The cycles of the child → parent graph, each as the codes on it."""
    done: set[str] = set()
    cycles = []
    for start in parents:
        path: list[str] = []
        on_path: set[str] = set()
        node = start
        while node in parents and node not in done and node not in on_path:
            path.append(node)
            on_path.add(node)
            node = parents[node]
        if node in on_path:
            cycles.append(path[path.index(node) :])
        done.update(path)
    return cycles


def _depths(parents: dict[str, str]) -> dict[str, int]:
    """Each code's depth in an acyclic child → parent graph ("" or an unknown parent: root)."""
    depths: dict[str, int] = {}
    for start in parents:
        path = []
        node = start
        while node in parents and node not in depths:
            path.append(node)
            node = parents[node]
        depth = depths.get(node, -1)
        for code in reversed(path):
            depth += 1
            depths[code] = depth
    return depths


class _Checker:
    """Validation state: the database as it stands, and the problems found so far."""

    def __init__(self, rows: list[ImportRow], effective_date: date) -> None:
        self.on = effective_date
        self.plan = ImportPlan(effective_date=effective_date, rows=rows)
        self.kinds: dict[str, UnitKind] = {}
        for kind in UnitKind.objects.all():
            self.kinds[fold(kind.name)] = kind
            self.kinds[fold(kind.code)] = kind
        self.existing = _by_code({row.code for row in rows} | {row.parent for row in rows})
        source = version_in_force(effective_date)
        placements = (
            Placement.objects.filter(version=source) if source else Placement.objects.none()
        )
        # The tree the new version starts from: code → parent code ("" for a root).
        self.placed: dict[str, str] = {
            code: parent or ""
            for code, parent in placements.values_list("unit__code", "parent__code")
        }

    def error(self, row: ImportRow, column: str, message: str) -> None:
        self.plan.errors.append(RowError(row.row_number, LABELS.get(column, ""), message))

    def warn(self, row: ImportRow, column: str, message: str) -> None:
        self.plan.warnings.append(RowError(row.row_number, LABELS.get(column, ""), message))

    def read_date(self, row: ImportRow, column: str, value: Cell) -> date | None:
        if isinstance(value, date) or not value:
            return value or None
        parsed = parse_date(value)
        if parsed is None:
            self.error(
                row,
                column,
                _("“%(value)s” is not a valid date; write it as dd/mm/yyyy.") % {"value": value},
            )
        return parsed

    def fields(self, row: ImportRow) -> PlannedUnit | None:
        """Check the row on its own; None when something is wrong."""
        errors = len(self.plan.errors)
        code, name, abbreviation = row.code, normalize(row.name), row.abbreviation
        if not code:
            self.error(row, "code", _("the unit code is missing."))
        elif len(code) > _CODE_MAX or not all(c.isalnum() or c in _CODE_CHARS for c in code):
            self.error(
                row,
                "code",
                _(
                    "the code “%(code)s” may only contain letters, digits and the signs . - _ "
                    "(at most %(max)s characters)."
                )
                % {"code": code, "max": _CODE_MAX},
            )
        if not name:
            self.error(row, "name", _("the unit name is missing."))
        elif len(name) > _NAME_MAX:
            self.error(
                row, "name", _("the name is longer than %(max)s characters.") % {"max": _NAME_MAX}
            )
        if abbreviation is not None and len(abbreviation) > _ABBREVIATION_MAX:
            self.error(
                row,
                "abbreviation",
                _("the abbreviation is longer than %(max)s characters.")
                % {"max": _ABBREVIATION_MAX},
            )
        kind = self.kinds.get(fold(row.kind))
        if not row.kind:
            self.error(row, "kind", _("the unit kind is missing."))
        elif kind is None:
            self.error(
                row,
                "kind",
                _(
                    "there is no unit kind “%(kind)s”; write the kind's code (for example "
                    "“party_cell”) or its name (for example “Chi bộ”)."
                )
                % {"kind": row.kind},
            )
        start = self.read_date(row, "valid_from", row.valid_from)
        end = self.read_date(row, "valid_to", row.valid_to)
        if start and end and start > end:
            self.error(
                row,
                "valid_to",
                _("the end date %(end)s is before the start date %(start)s.")
                % {"end": format_date(end), "start": format_date(start)},
            )
        if len(self.plan.errors) > errors or kind is None:
            return None
        return PlannedUnit(
            row=row,
            name=name,
            abbreviation=abbreviation,
            kind=kind,
            valid_from=start,
            valid_to=end,
            in_force=(start is None or start <= self.on) and (end is None or self.on <= end),
            unit=self.existing.get(code),
            current_parent=self.placed.get(code),
        )

    def existence(self, planned: PlannedUnit) -> None:
        """Check a row against the unit of the same code in the database, if any."""
        row, unit, on = planned.row, planned.unit, format_date(self.on)
        if unit is None and planned.in_force:
            if planned.valid_from and planned.valid_from != self.on:
                self.warn(
                    row,
                    "valid_from",
                    _("the new unit is recorded as existing from the effective date %(date)s.")
                    % {"date": on},
                )
            if planned.valid_to:
                self.warn(
                    row,
                    "valid_to",
                    _(
                        "the end date of a new unit is not recorded; when the unit is "
                        "dissolved, record it in the admin."
                    ),
                )
        elif unit is None:
            self.warn(
                row,
                "",
                _("the new unit does not exist on %(date)s, so it is not imported.") % {"date": on},
            )
        elif planned.in_force and unit.valid_to is not None and unit.valid_to < self.on:
            self.error(
                row,
                "valid_to",
                _("the unit with code “%(code)s” ended on %(date)s.")
                % {"code": row.code, "date": format_date(unit.valid_to)},
            )
        elif planned.in_force and unit.valid_from > self.on:
            self.error(
                row,
                "valid_from",
                _("the unit with code “%(code)s” only exists from %(date)s.")
                % {"code": row.code, "date": format_date(unit.valid_from)},
            )
        elif planned.in_force and planned.current_parent is None:
            self.error(
                row,
                "code",
                _(
                    "the unit with code “%(code)s” is in the system but not in the "
                    "organisation tree in force; place it in the tree in the admin."
                )
                % {"code": row.code},
            )
        elif not planned.in_force and planned.current_parent is not None:
            self.warn(
                row,
                "",
                _(
                    "the file says the unit does not exist on %(date)s, but an import does "
                    "not dissolve units: the unit stays where it is in the tree."
                )
                % {"date": on},
            )

    def parent(self, planned: PlannedUnit, rows: dict[str, PlannedUnit | None]) -> bool:
        """Check the row's parent code; whether it names a usable parent."""
        row, code = planned.row, planned.row.parent
        on = format_date(self.on)
        if not code:
            return True
        if code == row.code:
            self.error(row, "parent", _("a unit cannot be its own parent."))
        elif code in rows:
            parent = rows[code]
            if parent is None or not planned.in_force or parent.in_force:
                return True
            self.error(
                row,
                "parent",
                _(
                    "the parent unit with code “%(code)s” (row %(row)s) does not exist on the "
                    "effective date %(date)s."
                )
                % {"code": code, "row": parent.row.row_number, "date": on},
            )
        elif code not in self.existing:
            self.error(row, "parent", _unknown_code(code))
        elif not planned.in_force:
            return True
        elif not self.existing[code].exists_on(self.on):
            self.error(
                row,
                "parent",
                _(
                    "the parent unit with code “%(code)s” does not exist on the effective "
                    "date %(date)s."
                )
                % {"code": code, "date": on},
            )
        elif code not in self.placed:
            self.error(
                row,
                "parent",
                _("the parent unit with code “%(code)s” is not in the organisation tree in force.")
                % {"code": code},
            )
        else:
            return True
        return False

    def rename(self, planned: PlannedUnit) -> None:
        profile = planned.profile
        if not planned.needs_rename or profile is None:
            return
        if profile.valid_to is not None or profile.valid_from >= self.on:
            until = format_date(profile.valid_to) if profile.valid_to else _("the present")
            self.error(
                planned.row,
                "name",
                _(
                    "the new name cannot be recorded from %(date)s: the name “%(name)s” is in "
                    "force from %(start)s to %(end)s; a unit can only be renamed after its "
                    "latest rename."
                )
                % {
                    "date": format_date(self.on),
                    "name": profile.name,
                    "start": format_date(profile.valid_from),
                    "end": until,
                },
            )

    def tree(self, placed: list[PlannedUnit], unresolved: list[str]) -> None:
        """Check the tree the file makes with the units it leaves out: no cycles, not too deep;
        then order ``placed`` parents first. ``unresolved`` rows, whose parent is wrong, count
        as roots so that they add no cycle of their own."""
        parents = (
            dict(self.placed)
            | {planned.code: planned.parent for planned in placed}
            | dict.fromkeys(unresolved, "")
        )
        by_code = {planned.code: planned for planned in placed}
        for cycle in _find_cycles(parents):
            chain = " → ".join([*cycle, cycle[0]])
            for code in cycle:
                if code in by_code:
                    self.error(
                        by_code[code].row,
                        "parent",
                        _("the parents form a loop: %(chain)s.") % {"chain": chain},
                    )
        if self.plan.errors:
            return
        depths = _depths(parents)
        for planned in placed:
            planned.depth = depths[planned.code]
            if planned.depth > MAX_DEPTH:
                self.error(
                    planned.row,
                    "parent",
                    _("the tree is too deep: at most %(levels)s levels of units.")
                    % {"levels": MAX_DEPTH + 1},
                )
        placed.sort(key=lambda planned: (planned.depth, planned.row.row_number))

    def check(self) -> ImportPlan:
        rows: dict[str, PlannedUnit | None] = {}
        first_row: dict[str, int] = {}
        checked: list[PlannedUnit] = []
        for row in self.plan.rows:
            planned = self.fields(row)
            if row.code in first_row:
                self.error(
                    row,
                    "code",
                    _("the code “%(code)s” repeats row %(row)s.")
                    % {"code": row.code, "row": first_row[row.code]},
                )
                continue
            if row.code:
                first_row[row.code] = row.row_number
                rows[row.code] = planned
            if planned is not None:
                checked.append(planned)
        for row in self.plan.rows:
            # A row already wrong elsewhere still gets its parent checked, so that one pass
            # over the file reports every problem.
            failed = rows.get(row.code, False) is None
            unknown = row.parent not in rows and row.parent not in self.existing
            if failed and row.parent and unknown:
                self.error(
                    row,
                    "parent",
                    _unknown_code(row.parent),
                )
        profile_of = _profiles_on([p.unit.pk for p in checked if p.unit and p.in_force], self.on)
        placed: list[PlannedUnit] = []
        unresolved: list[str] = []
        for planned in checked:
            self.existence(planned)
            parent_ok = self.parent(planned, rows)
            if planned.unit is not None:
                planned.profile = profile_of.get(planned.unit.pk)
            if not planned.in_force:
                self.plan.skipped.append(planned)
            elif parent_ok:
                self.rename(planned)
                placed.append(planned)
            else:
                unresolved.append(planned.code)
        self.tree(placed, unresolved)
        self.plan.units = placed
        self.plan.errors.sort(key=lambda error: error.row_number)
        return self.plan


def validate_hierarchy(rows: list[ImportRow], *, effective_date: date) -> ImportPlan:
    """Check ``rows`` for an import effective on ``effective_date``; the plan lists every
    problem found (``errors``), not just the first, and notes that do not block
    (``warnings``).

    A code already in the system updates that unit: its existence dates stay as recorded,
    its name (abbreviation, kind) changes from the effective date when the file differs,
    and it moves when the file gives another parent.
    """
    return _Checker(rows, effective_date).check()


# --- Importing -------------------------------------------------------------------------------


def _require_manager(actor: Actor) -> None:
    if not has_capability(actor, "can_manage_units"):
        raise PermissionDenied(_("You may not import the organisation tree."))


@contextmanager
def _at_row(row: ImportRow | None) -> Iterator[None]:
    """Report a service's refusal against the row being written (None: the whole file)."""
    number = row.row_number if row else 0
    try:
        yield
    except HierarchyImportError:
        raise
    except ValidationError as exc:
        raise HierarchyImportError([RowError(number, "", m) for m in exc.messages]) from exc
    except PermissionDenied as exc:
        raise PermissionDenied(str(RowError(number, "", str(exc)))) from exc


def import_hierarchy(
    plan: ImportPlan,
    *,
    effective_date: date,
    version_name: str,
    legal_basis: str = "",
    actor: Actor,
    publish: bool = True,
) -> ImportResult:
    """Write ``plan`` as a new hierarchy version effective on ``effective_date``, in one
    transaction: nothing changes unless everything succeeds.

    The rows are checked again inside the transaction, so a plan made earlier cannot write
    over changes made since. Raises :class:`HierarchyImportError` listing the problems, or
    ``PermissionDenied``. Commands import as :data:`~tuyengiao.core.actors.SYSTEM`.
    """
    if plan.effective_date != effective_date:
        raise ValueError("the plan was checked for another effective date")
    _require_manager(actor)
    created = renamed = moved = unchanged = 0
    with transaction.atomic():
        fresh = validate_hierarchy(plan.rows, effective_date=effective_date)
        if fresh.errors:
            raise HierarchyImportError(fresh.errors)
        with _at_row(None):
            version = hierarchy_version_create(
                effective_date=effective_date,
                name=version_name,
                legal_basis=legal_basis,
                actor=actor,
            )
        units = _by_code({planned.parent for planned in fresh.units if planned.parent})
        for planned in fresh.units:
            parent = units.get(planned.parent) if planned.parent else None
            with _at_row(planned.row):
                if planned.unit is None:
                    spec = NewUnit(
                        code=planned.code,
                        name=planned.name,
                        kind=planned.kind,
                        parent=parent,
                        abbreviation=planned.abbreviation or "",
                    )
                    units[planned.code] = unit_create(
                        version=version, spec=spec, legal_basis=legal_basis, actor=actor
                    )
                    created += 1
                    continue
                if planned.needs_rename:
                    unit_rename(
                        unit=planned.unit,
                        name=planned.name,
                        abbreviation=planned.abbreviation,
                        kind=planned.kind,
                        effective_date=effective_date,
                        legal_basis=legal_basis,
                        actor=actor,
                    )
                    renamed += 1
                if planned.current_parent != planned.parent:
                    unit_move(
                        version=version,
                        unit=planned.unit,
                        new_parent=parent,
                        legal_basis=legal_basis,
                        actor=actor,
                    )
                    moved += 1
                if not planned.needs_rename and planned.current_parent == planned.parent:
                    unchanged += 1
        if publish:
            with _at_row(None):
                hierarchy_version_publish(version=version, actor=actor)
    return ImportResult(
        version=version,
        created=created,
        renamed=renamed,
        moved=moved,
        unchanged=unchanged,
        skipped=len(fresh.skipped),
        warnings=fresh.warnings,
    )
