"""Benchmark: periodic reporting at city scale, against DuckDB over the raw values.

Run by ``make bench`` (``bench/run.py``) or on its own:
``.venv/bin/python bench/bench_reporting.py`` (``BENCH_REPORTING_UNITS=…`` sets the number of
wards; 200 with ``BENCH_QUICK=1``), on SQLite and on PostgreSQL (see ``common.py``), each time
in an empty database of its own. It never fails on speed.

The synthetic city (the same on every run): one city committee, 30 districts and UNITS
reporting wards (default 2.500) under them; a monthly form of 40 indicators, each broken
down by 4 category options; every ward has reported and been approved for the 12 months of
2022, so about UNITS × 40 × 4 × 12 values (4,8 million at the default scale). Values are
written straight into the tables (the services would take hours at this size); everything
measured goes through the platform's own code.

Printed, each with the peak memory (resident set) of the process during the step:

1. the full analytics rebuild (``analytics.rebuild``);
2. the incremental refresh after one submission (``analytics.refresh_submission`` after a
   report is returned and after it is submitted again): p50 and max over 20 reports;
3. the nine-month city report by unit (``report_figures_by_unit`` for 2022N9: every
   district's figures by indicator and option), p50 over 30 runs;
4. the same aggregation by DuckDB over the raw values (one ``GROUP BY`` joining each ward to
   its district, read from a CSV copy of the value table), p50 over 30 runs, and the ratio.
"""

from __future__ import annotations

import csv
import random
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    Result,
    database_label,
    main,
    median,
    peak_mb,
    reset_peak,
    scaled,
    setup_django,
)

NAME = "reporting"
DATABASES = ("sqlite", "postgres")
UNITS = scaled("BENCH_REPORTING_UNITS", 2500, 200)
DISTRICTS = 30
INDICATORS = 40
OPTIONS = 4
MONTHS = 12
YEAR = 2022
REFRESH_RUNS = 20
REPORT_RUNS = 30
REFRESH_TARGET_MS = 200.0
REPORT_TARGET_MS = 100.0
SEED = 20221006  # the day of the seed's 9-month briefing
BATCH = 50_000


def _step(label: str, operation: Callable[[], object]) -> tuple[object, float, float]:
    reset_peak()
    started = time.perf_counter()
    result = operation()
    seconds = time.perf_counter() - started
    peak = peak_mb()
    print(f"  {label:<52}{seconds:>10.2f} s   peak {peak:>7,.0f} MB")
    return result, seconds, peak


def _timings(operation: Callable[[], object], runs: int) -> tuple[list[float], float]:
    reset_peak()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        operation()
        samples.append((time.perf_counter() - started) * 1000)
    return samples, peak_mb()


# --- The synthetic city ----------------------------------------------------------------------


def _segment(pk: int) -> str:
    digits = ""
    while pk:
        pk, remainder = divmod(pk, 36)
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"[remainder] + digits
    return digits.rjust(6, "0")


def build_city():  # type: ignore[no-untyped-def]
    """The tree, the form and its indicators: (form, city, ward ids, indicators, options)."""
    from django.utils import timezone

    from tuyengiao.activities.models import Category, CategoryOption
    from tuyengiao.orgs.models import HierarchyVersion, Placement, Unit
    from tuyengiao.reporting.models import (
        FormIndicator,
        FormSection,
        Indicator,
        ReportForm,
    )

    version = HierarchyVersion.objects.create(
        effective_date=date(2020, 1, 1), name="Cây đo hiệu năng", published_at=timezone.now()
    )
    start = date(2020, 1, 1)
    city = Unit.objects.create(code="TP", valid_from=start)
    districts = Unit.objects.bulk_create(
        Unit(code=f"TP.Q{n:02d}", valid_from=start) for n in range(DISTRICTS)
    )
    wards = Unit.objects.bulk_create(
        Unit(code=f"TP.Q{n % DISTRICTS:02d}.P{n:05d}", valid_from=start) for n in range(UNITS)
    )
    placements = [Placement(version=version, unit=city, path=_segment(city.pk), depth=0)]
    placements += [
        Placement(
            version=version,
            unit=d,
            parent=city,
            path=_segment(city.pk) + _segment(d.pk),
            depth=1,
        )
        for d in districts
    ]
    placements += [
        Placement(
            version=version,
            unit=w,
            parent=districts[n % DISTRICTS],
            path=_segment(city.pk) + _segment(districts[n % DISTRICTS].pk) + _segment(w.pk),
            depth=2,
        )
        for n, w in enumerate(wards)
    ]
    Placement.objects.bulk_create(placements, batch_size=5000)
    category = Category.objects.create(code="bench", name="Phân tổ đo hiệu năng")
    options = CategoryOption.objects.bulk_create(
        CategoryOption(category=category, code=f"o{n}", name=f"Khối {n}", sort_order=n)
        for n in range(OPTIONS)
    )
    indicators = Indicator.objects.bulk_create(
        Indicator(code=f"i{n:02d}", name=f"Chỉ tiêu {n}", category=category)
        for n in range(INDICATORS)
    )
    form = ReportForm.objects.create(code="thang", name="Báo cáo tháng", period_type="month")
    form.assigned_depths = [2]
    form.save()
    section = FormSection.objects.create(form=form, title="Số liệu")
    FormIndicator.objects.bulk_create(
        FormIndicator(section=section, indicator=indicator, sort_order=n)
        for n, indicator in enumerate(indicators)
    )
    return form, city, [w.pk for w in wards], indicators, options


def load_values(form, ward_ids, indicators, options, folder: str) -> int:  # type: ignore[no-untyped-def]
    """Approved monthly reports of every ward for 2022, written in bulk; the same rows go to
    a CSV file for DuckDB."""
    from django.db import connection
    from django.utils import timezone

    from tuyengiao.reporting.models import DataValue, Submission
    from tuyengiao.reporting.periods import numbered

    now = timezone.now()
    months = [numbered("month", YEAR, m) for m in range(1, MONTHS + 1)]
    Submission.objects.bulk_create(
        (
            Submission(
                form=form,
                unit_id=ward,
                period_code=month.code,
                period_start=month.start,
                period_end=month.end,
                status=Submission.Status.APPROVED,
                submitted_at=now,
                decided_at=now,
            )
            for ward in ward_ids
            for month in months
        ),
        batch_size=5000,
    )
    submissions = dict(
        ((unit, code), pk)
        for pk, unit, code in Submission.objects.values_list("pk", "unit_id", "period_code")
    )
    table = DataValue._meta.db_table
    sql = (
        f"INSERT INTO {table} (submission_id, indicator_id, option_id, unit_id, period_type, "
        "period_code, period_start, period_end, value, comment, is_derived, is_outlier, "
        "counted_value, updated_at) VALUES (%s, %s, %s, %s, 'month', %s, %s, %s, %s, '', "
        "false, false, %s, %s)"
    )
    rng = random.Random(SEED)
    stamp = now.isoformat(sep=" ")
    count = 0
    with open(Path(folder) / "values.csv", "w", newline="") as raw, connection.cursor() as cursor:
        writer = csv.writer(raw)
        writer.writerow(["unit_id", "indicator_id", "option_id", "period_start", "value"])
        batch: list[tuple] = []
        for ward in ward_ids:
            for month in months:
                submission = submissions[(ward, month.code)]
                for indicator in indicators:
                    for option in options:
                        value = rng.randrange(0, 500)
                        batch.append(
                            (
                                submission,
                                indicator.pk,
                                option.pk,
                                ward,
                                month.code,
                                month.start.isoformat(),
                                month.end.isoformat(),
                                value,
                                value,
                                stamp,
                            )
                        )
                        writer.writerow([ward, indicator.pk, option.pk, month.start, value])
                if len(batch) >= BATCH:
                    count += _insert(cursor, sql, batch)
                    batch = []
        count += _insert(cursor, sql, batch)
    return count


COLUMNS = (
    "submission_id, indicator_id, option_id, unit_id, period_type, period_code, period_start, "
    "period_end, value, comment, is_derived, is_outlier, counted_value, updated_at"
)


def _insert(cursor, sql: str, batch: list[tuple]) -> int:  # type: ignore[no-untyped-def]
    """Write a batch of values: COPY on PostgreSQL, executemany on SQLite."""
    from django.db import connection

    from tuyengiao.reporting.models import DataValue

    if connection.vendor != "postgresql":
        cursor.executemany(sql, batch)
        return len(batch)
    raw = cursor.cursor  # psycopg's own cursor, for COPY
    with raw.copy(f"COPY {DataValue._meta.db_table} ({COLUMNS}) FROM STDIN") as copy:
        for s, i, o, u, code, start, end, value, counted, stamp in batch:
            copy.write_row(
                (s, i, o, u, "month", code, start, end, value, "", False, False, counted, stamp)
            )
    return len(batch)


# --- The measured steps ----------------------------------------------------------------------


def refresh_samples(form, ward_ids) -> tuple[list[float], float]:  # type: ignore[no-untyped-def]
    """Return then resubmit reports, timing the analytics refresh each step triggers."""
    from tuyengiao.reporting.analytics import refresh_submission
    from tuyengiao.reporting.models import Submission

    rng = random.Random(SEED + 1)
    picked = Submission.objects.filter(
        unit_id__in=rng.sample(ward_ids, REFRESH_RUNS // 2), period_code=f"{YEAR}M09"
    )
    samples = []
    reset_peak()
    for submission in picked:
        for status in (Submission.Status.RETURNED, Submission.Status.APPROVED):
            Submission.objects.filter(pk=submission.pk).update(status=status)
            started = time.perf_counter()
            touched = refresh_submission(submission.pk)
            samples.append((time.perf_counter() - started) * 1000)
            assert touched, "the refresh changed nothing"
    return samples, peak_mb()


def duckdb_report(folder: str, placements: list[tuple[int, int]]):  # type: ignore[no-untyped-def]
    """A DuckDB database with the raw values (from the CSV copy) and the ward → district
    map; returns the connection and the query of the nine-month report by district."""
    import duckdb

    duck = duckdb.connect()
    duck.execute(
        f"CREATE TABLE v AS SELECT * FROM read_csv('{Path(folder) / 'values.csv'}', "
        "header=true, columns={'unit_id': 'BIGINT', 'indicator_id': 'BIGINT', "
        "'option_id': 'BIGINT', 'period_start': 'DATE', 'value': 'DECIMAL(18,4)'})"
    )
    duck.execute("CREATE TABLE u (unit_id BIGINT, district_id BIGINT)")
    duck.executemany("INSERT INTO u VALUES (?, ?)", placements)
    query = (
        "SELECT u.district_id, v.indicator_id, v.option_id, SUM(v.value) "
        "FROM v JOIN u USING (unit_id) "
        f"WHERE v.period_start BETWEEN DATE '{YEAR}-01-01' AND DATE '{YEAR}-09-30' "
        "GROUP BY 1, 2, 3"
    )
    return duck, query


def run(database_url: str, folder: str) -> list[Result]:
    setup_django(database_url, folder)
    from django.db import connection, transaction

    from tuyengiao.orgs.models import Placement
    from tuyengiao.reporting.analytics import rebuild
    from tuyengiao.reporting.periods import parse_period
    from tuyengiao.reporting.selectors import report_figures_by_unit

    database = database_label(database_url)
    form, city, ward_ids, indicators, options = build_city()
    load_start = time.perf_counter()
    with transaction.atomic():  # one transaction: SQLite would otherwise commit every row
        values = load_values(form, ward_ids, indicators, options, folder)
    print(
        f"Synthetic city: {len(ward_ids):,} reporting wards in {DISTRICTS} districts, "
        f"{INDICATORS} indicators × {OPTIONS} options × {MONTHS} months = {values:,} values "
        f"({database}, loaded in {time.perf_counter() - load_start:.0f} s)."
    )
    rows, rebuild_s, rebuild_peak = _step("1. full analytics rebuild", rebuild)
    print(f"     {rows:,} analytics rows")
    refresh, refresh_peak = refresh_samples(form, ward_ids)
    nine = parse_period(f"{YEAR}N9")

    def ours() -> object:
        return report_figures_by_unit(None, form=form, unit=city, period=nine)

    children = ours()
    report, report_peak = _timings(ours, REPORT_RUNS)
    placements = list(Placement.objects.filter(depth=2).values_list("unit_id", "parent_id"))
    (duck, query), _seconds, _peak = _step(  # type: ignore[misc]
        "   (DuckDB: load the raw values from CSV)", lambda: duckdb_report(folder, placements)
    )
    reference = duck.execute(query).fetchall()
    duck_samples, duck_peak = _timings(lambda: duck.execute(query).fetchall(), REPORT_RUNS)
    _check(children, reference)
    connection.close()

    r50, rmax = median(refresh), max(refresh)
    p50, d50 = median(report), median(duck_samples)
    print(f"  2. incremental refresh p50 {r50:.1f} ms, max {rmax:.1f} ms")
    print(f"  3. nine-month city report by unit p50 {p50:.1f} ms (DuckDB {d50:.1f} ms)")
    scale = f"{values / 1e6:.1f} M values".replace(".", ",")
    return [
        Result(
            NAME,
            f"full analytics rebuild, {scale}",
            database,
            rebuild_s,
            "s",
            extra={"peak_mb": rebuild_peak, "analytics_rows": rows},
        ),
        Result(
            NAME,
            "incremental refresh p50",
            database,
            r50,
            "ms",
            target="< 200 ms",
            met=r50 < REFRESH_TARGET_MS,
            extra={"max_ms": rmax, "peak_mb": refresh_peak},
        ),
        Result(
            NAME,
            "9-month city report by unit p50",
            database,
            p50,
            "ms",
            reference=d50,
            reference_label="DuckDB",
            target="< 100 ms",
            met=p50 < REPORT_TARGET_MS,
        ),
        Result(
            NAME,
            "9-month report: ours / DuckDB",
            database,
            p50,
            "ms",
            reference=d50,
            reference_label="DuckDB",
            target="ratio ≤ 1",
            met=p50 <= d50,
        ),
        Result(
            NAME,
            "9-month report: peak memory",
            database,
            report_peak,
            "MB",
            reference=duck_peak,
            reference_label="DuckDB",
        ),
    ]


def _check(children, reference) -> None:  # type: ignore[no-untyped-def]
    """Both engines must give the same figures, or the comparison means nothing."""
    ours = {
        (child.unit.pk, item.indicator.pk, option_id): value
        for child in children
        for item in child.figures
        for option_id, value in (
            (o.pk, item.by_option.get(o.code)) for o in item.indicator.category.options.all()
        )
        if value is not None
    }
    theirs = {(d, i, o): value for d, i, o, value in reference}
    if ours != theirs:
        raise SystemExit("DuckDB and the analytics table disagree: the comparison is void.")
    print(f"     both give the same {len(ours):,} figures")


if __name__ == "__main__":
    main(NAME, run, __file__)
