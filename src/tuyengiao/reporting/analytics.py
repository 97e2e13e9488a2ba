"""The analytics table: build it in full, refresh it after one report changed.

Figures counted are those of submitted and approved reports. ``AnalyticsRow`` holds, for
each unit of the tree in force at a period's end, the sum and count of the values of its
whole subtree for each indicator, option and period, with a column per level (its
ancestors) and per period type, so that reading any unit's figures is a filtered sum with
no tree walk. ``UnitStructure`` and ``PeriodStructure`` are the resource tables the full
rebuild joins (as DHIS2's ``_orgunitstructure`` and ``_periodstructure``).

- :func:`rebuild` recomputes everything with one ``INSERT … SELECT … GROUP BY`` per version
  and level.
- :func:`refresh_submission` applies the difference between what a report's values count
  now and what they counted before to the rows of the unit and its ancestors.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import F, Q

from tuyengiao.orgs.models import HierarchyVersion, Placement
from tuyengiao.reporting.models import (
    MAX_LEVELS,
    AnalyticsRow,
    DataValue,
    PeriodStructure,
    Submission,
    UnitStructure,
)
from tuyengiao.reporting.periods import PeriodType, numbered

COUNTED = (Submission.Status.SUBMITTED, Submission.Status.APPROVED)
LEVELS = [f"level_{n}" for n in range(1, MAX_LEVELS + 1)]


@dataclass(frozen=True)
class VersionSpan:
    """A published version and the days it is in force (``until`` exclusive, None: open)."""

    version_id: int
    since: date
    until: date | None


def version_spans() -> list[VersionSpan]:
    versions = list(
        HierarchyVersion.objects.filter(published_at__isnull=False)
        .order_by("effective_date")
        .values_list("pk", "effective_date")
    )
    return [
        VersionSpan(pk, since, versions[i + 1][1] if i + 1 < len(versions) else None)
        for i, (pk, since) in enumerate(versions)
    ]


def span_of(day: date, spans: list[VersionSpan]) -> VersionSpan | None:
    for span in spans:
        if span.since <= day and (span.until is None or day < span.until):
            return span
    return None


def _levels(path: str, by_path: dict[str, int]) -> list[int | None]:
    step = Placement.PATH_STEP
    ancestors = [by_path[path[:end]] for end in range(step, len(path) + 1, step)]
    return (ancestors + [None] * MAX_LEVELS)[:MAX_LEVELS]


def rebuild_unit_structure() -> int:
    """Refill ``UnitStructure`` from the placements of every published version."""
    UnitStructure.objects.all().delete()
    rows = []
    for span in version_spans():
        placements = list(
            Placement.objects.filter(version_id=span.version_id).values_list(
                "unit_id", "parent_id", "path", "depth"
            )
        )
        by_path = {path: unit_id for unit_id, _parent, path, _depth in placements}
        for unit_id, parent_id, path, depth in placements:
            if depth >= MAX_LEVELS:
                continue
            rows.append(
                UnitStructure(
                    version_id=span.version_id,
                    unit_id=unit_id,
                    parent_id=parent_id,
                    depth=depth,
                    **dict(zip(LEVELS, _levels(path, by_path), strict=True)),
                )
            )
    UnitStructure.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def period_columns(period_type: str, start: date, end: date) -> dict[str, object]:
    """The month, quarter, six months and year a period falls in (empty when it spans more)."""
    columns: dict[str, object] = {"year": start.year}
    for column, kind, months in (
        ("month", PeriodType.MONTH, 1),
        ("quarter", PeriodType.QUARTER, 3),
        ("six_months", PeriodType.SIX_MONTHS, 6),
    ):
        bucket = numbered(kind, start.year, (start.month - 1) // months + 1)
        columns[column] = bucket.code if bucket.start <= start and end <= bucket.end else ""
    return columns


def _ensure_period_structure(periods: set[tuple[str, date, date]]) -> None:
    known = set(PeriodStructure.objects.values_list("period_type", "period_start", "period_end"))
    PeriodStructure.objects.bulk_create(
        PeriodStructure(
            period_type=kind, period_start=start, period_end=end, **period_columns(kind, start, end)
        )
        for kind, start, end in periods - known
    )


_INSERT = """
INSERT INTO {analytics} (version_id, unit_id, depth, parent_id, {levels}, indicator_id,
    option_id, period_type, period_start, period_end, year, six_months, quarter, month,
    value_sum, value_count)
SELECT a.version_id, a.unit_id, a.depth, a.parent_id, {a_levels}, v.indicator_id,
    v.option_id, v.period_type, v.period_start, v.period_end, p.year, p.six_months,
    p.quarter, p.month, SUM(v.counted_value), COUNT(*)
FROM {values} v
JOIN {structure} s ON s.unit_id = v.unit_id AND s.version_id = %s
JOIN {structure} a ON a.version_id = %s AND a.unit_id = s.{level}
JOIN {periods} p ON p.period_type = v.period_type AND p.period_start = v.period_start
    AND p.period_end = v.period_end
WHERE v.counted_value IS NOT NULL AND v.period_end >= %s {until}
GROUP BY a.version_id, a.unit_id, a.depth, a.parent_id, {a_levels}, v.indicator_id,
    v.option_id, v.period_type, v.period_start, v.period_end, p.year, p.six_months,
    p.quarter, p.month
"""


@transaction.atomic
def rebuild() -> int:
    """Recompute the whole analytics table; returns its number of rows."""
    counted = Q(submission__status__in=COUNTED)
    DataValue.objects.filter(counted).exclude(counted_value=F("value")).update(
        counted_value=F("value")
    )
    DataValue.objects.exclude(counted).exclude(counted_value=None).update(counted_value=None)
    _ensure_period_structure(
        set(DataValue.objects.values_list("period_type", "period_start", "period_end").distinct())
    )
    rebuild_unit_structure()
    AnalyticsRow.objects.all().delete()
    names = {
        "analytics": AnalyticsRow._meta.db_table,
        "values": DataValue._meta.db_table,
        "structure": UnitStructure._meta.db_table,
        "periods": PeriodStructure._meta.db_table,
        "levels": ", ".join(LEVELS),
        "a_levels": ", ".join(f"a.{level}" for level in LEVELS),
    }
    with connection.cursor() as cursor:
        for span in version_spans():
            for level in LEVELS:
                sql = _INSERT.format(
                    **names, level=level, until="AND v.period_end < %s" if span.until else ""
                )
                params = [span.version_id, span.version_id, span.since]
                cursor.execute(sql, [*params, span.until] if span.until else params)
    return AnalyticsRow.objects.count()


def _ancestors(unit_id: int, version_id: int) -> list[dict[str, object]]:
    """The structure rows of the unit and its ancestors in a version (built on demand)."""
    structure = UnitStructure.objects.filter(version_id=version_id, unit_id=unit_id).values(*LEVELS)
    if not structure:
        rebuild_unit_structure()
        structure = UnitStructure.objects.filter(version_id=version_id, unit_id=unit_id).values(
            *LEVELS
        )
    if not structure:
        return []
    ids = [value for value in structure[0].values() if value is not None]
    return list(
        UnitStructure.objects.filter(version_id=version_id, unit_id__in=ids).values(
            "unit_id", "parent_id", "depth", *LEVELS
        )
    )


def _placed_span(unit_id: int, period_end: date, spans: list[VersionSpan]) -> VersionSpan | None:
    """The version in force at ``period_end``, or the last one before it that placed the unit."""
    placed = set(Placement.objects.filter(unit_id=unit_id).values_list("version_id", flat=True))
    candidates = [s for s in spans if s.since <= period_end and s.version_id in placed]
    return candidates[-1] if candidates else None


@transaction.atomic
def refresh_submission(submission_id: int) -> int:
    """Bring the analytics rows in step with one report's values; returns rows touched."""
    submission = Submission.objects.filter(pk=submission_id).first()
    if submission is None:
        return 0
    counts = submission.status in COUNTED
    values = DataValue.objects.select_for_update().filter(submission=submission)
    deltas: dict[tuple, list[Decimal | int]] = defaultdict(lambda: [Decimal(0), 0])
    for indicator_id, option_id, kind, start, end, value, counted in values.values_list(
        "indicator_id",
        "option_id",
        "period_type",
        "period_start",
        "period_end",
        "value",
        "counted_value",
    ):
        target = value if counts else None
        if target == counted:
            continue
        key = (indicator_id, option_id, kind, start, end)
        deltas[key][0] += (target or 0) - (counted or 0)
        deltas[key][1] += (target is not None) - (counted is not None)
    if not deltas:
        return 0
    values.update(counted_value=F("value") if counts else None)
    span = _placed_span(submission.unit_id, submission.period_end, version_spans())
    if span is None:
        return 0
    _ensure_period_structure({(k[2], k[3], k[4]) for k in deltas})
    return _apply(deltas, _ancestors(submission.unit_id, span.version_id), span.version_id)


def _apply(deltas: dict[tuple, list], ancestors: list[dict[str, object]], version_id: int) -> int:
    unit_ids = [row["unit_id"] for row in ancestors]
    periods = {k[3] for k in deltas}
    existing = {
        (row.unit_id, row.indicator_id, row.option_id, row.period_type, row.period_start): row
        for row in AnalyticsRow.objects.filter(
            version_id=version_id,
            unit_id__in=unit_ids,
            period_type__in={k[2] for k in deltas},
            period_start__in=periods,
            indicator_id__in={k[0] for k in deltas},
        )
    }
    period_info = {
        (p.period_type, p.period_start, p.period_end): p
        for p in PeriodStructure.objects.filter(period_start__in=periods)
    }
    updates: list[tuple[Decimal, int, int]] = []
    creates: list[AnalyticsRow] = []
    emptied: list[int] = []
    for (indicator_id, option_id, kind, start, end), (total, count) in deltas.items():
        for ancestor in ancestors:
            row = existing.get((ancestor["unit_id"], indicator_id, option_id, kind, start))
            if row is not None:
                updates.append((total, count, row.pk))
                if row.value_count + count <= 0:
                    emptied.append(row.pk)
                continue
            info = period_info[(kind, start, end)]
            creates.append(
                AnalyticsRow(
                    version_id=version_id,
                    indicator_id=indicator_id,
                    option_id=option_id,
                    period_type=kind,
                    period_start=start,
                    period_end=end,
                    year=info.year,
                    six_months=info.six_months,
                    quarter=info.quarter,
                    month=info.month,
                    value_sum=total,
                    value_count=count,
                    **ancestor,
                )
            )
    table = AnalyticsRow._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET value_sum = value_sum + %s, value_count = value_count + %s "
            "WHERE id = %s",
            updates,
        )
    AnalyticsRow.objects.bulk_create(creates, batch_size=500)
    # Rows left with no values would read as zeros; they go.
    AnalyticsRow.objects.filter(pk__in=emptied).delete()
    return len(updates) + len(creates)
