"""Benchmark: importing 100.000 activities from .xlsx, against openpyxl's read-only parse of
the same file, and the figures a report takes from them.

Run by ``make bench`` (``bench/run.py``) or on its own:
``.venv/bin/python bench/bench_activities.py`` (``BENCH_ACTIVITY_ROWS=10000`` for a quick
try; 5.000 with ``BENCH_QUICK=1``), on SQLite and on PostgreSQL (see ``common.py``), each
time in an empty database of its own. It never fails on speed.

1. A tree of a city, 30 districts and 300 wards (through the organisation services), and a
   spreadsheet of 100.000 activities, the same on every run (seeded random): training
   classes with classes and learners by block, conferences with participants by block and
   remote points, articles by channel.
2. The reference: reading every cell of that file with openpyxl's read-only mode.
3. ``preview_activities`` (check every row, look for duplicates) and ``import_activities``
   (check again and write in one transaction), with the process's peak memory after each.
4. ``activity_figures`` for the city over the year, and for one district.
"""

from __future__ import annotations

import io
import random
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    Result,
    database_label,
    main,
    peak_mb,
    reset_peak,
    scaled,
    setup_django,
    timed,
)

NAME = "activities"
DATABASES = ("sqlite", "postgres")
ROWS = scaled("BENCH_ACTIVITY_ROWS", 100_000, 5_000)
DISTRICTS, WARDS = 30, 10  # wards per district
SEED = 20220908  # "Tính đến 8/9/2022"
BLOCKS = ("party", "mass", "state", "other")


def _build_tree() -> list[str]:
    """The city, its districts and wards; returns the ward codes."""
    from tuyengiao.core.actors import SYSTEM
    from tuyengiao.orgs.models import UnitKind
    from tuyengiao.orgs.services import (
        NewUnit,
        hierarchy_version_create,
        hierarchy_version_publish,
        unit_create,
    )

    kinds = {kind.code: kind for kind in UnitKind.objects.all()}
    version = hierarchy_version_create(effective_date=date(2020, 1, 1), name="Cây", actor=SYSTEM)

    def add(code: str, name: str, kind: str, parent: object) -> object:
        spec = NewUnit(code=code, name=name, kind=kinds[kind], parent=parent)
        return unit_create(version=version, spec=spec, actor=SYSTEM)

    city = add("TP", "Thành ủy", "city_committee", None)
    wards = []
    for d in range(DISTRICTS):
        district = add(f"TP.Q{d}", f"Quận ủy {d}", "district_committee", city)
        for w in range(WARDS):
            add(f"TP.Q{d}.P{w}", f"Đảng ủy phường {d}-{w}", "commune_committee", district)
            wards.append(f"TP.Q{d}.P{w}")
    hierarchy_version_publish(version=version, actor=SYSTEM)
    return wards


HEADER = [
    "Tên hoạt động",
    "Loại hoạt động",
    "Mã đơn vị",
    "Ngày bắt đầu",
    "Hình thức",
    "Địa điểm",
    *(f"classes.{block}" for block in BLOCKS),
    *(f"learners.{block}" for block in BLOCKS),
    "participants",
    "participants.party",
    "remote_points",
    "articles.portal",
    "articles.online_press",
]


def _spreadsheet(wards: list[str]) -> bytes:
    from openpyxl import Workbook

    rng = random.Random(SEED)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Hoạt động")
    sheet.append(HEADER)
    start = date(2022, 1, 1)
    empty = [None] * (len(HEADER) - 6)
    for number in range(ROWS):
        ward = rng.choice(wards)
        day = start + timedelta(days=rng.randrange(250))
        kind = rng.random()
        figures = list(empty)
        if kind < 0.5:
            row = [f"Lớp bồi dưỡng chính trị số {number}", "training_class", ward, day, "", ""]
            block = rng.randrange(4)
            figures[block] = rng.randint(1, 3)
            figures[4 + block] = rng.randint(20, 200)
        elif kind < 0.85:
            mode = rng.choice(["trực tiếp", "kết hợp"])
            row = [f"Hội nghị quán triệt số {number}", "conference", ward, day, mode, "Hội trường"]
            figures[8] = rng.randint(50, 400)
            figures[9] = rng.randint(0, 50)
            figures[10] = rng.randint(1, 20) if mode == "kết hợp" else None
        else:
            row = [f"Tin bài tuyên truyền số {number}", "article", ward, day, "", ""]
            figures[11] = rng.randint(1, 10)
            figures[12] = rng.randint(0, 5)
        sheet.append(row + figures)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def run(database_url: str, folder: str) -> list[Result]:
    setup_django(database_url, folder)
    from openpyxl import load_workbook

    from tuyengiao.activities.imports import import_activities, preview_activities
    from tuyengiao.activities.models import Activity, ActivityFigure
    from tuyengiao.activities.selectors import activity_figures
    from tuyengiao.core.actors import SYSTEM
    from tuyengiao.orgs.models import Unit

    database = database_label(database_url)
    wards = _build_tree()
    content = _spreadsheet(wards)
    size = f"{ROWS:,}".replace(",", ".")
    print(f"{size} activities in a {len(content) / 1024 / 1024:.1f} MB .xlsx, {len(wards)} wards")

    def parse() -> int:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        cells = sum(len(row) for row in workbook.worksheets[0].iter_rows(values_only=True))
        workbook.close()
        return cells

    reset_peak()
    _, parse_s = timed(parse)
    parse_mb = peak_mb()
    print(f"  reference: openpyxl read-only parse  {parse_s:8.2f} s  peak {parse_mb:,.0f} MB")
    reset_peak()
    preview, preview_s = timed(
        lambda: preview_activities(file_name="b.xlsx", content=content, actor=SYSTEM)
    )
    preview_mb = peak_mb()
    assert preview.rows == ROWS  # type: ignore[attr-defined]
    print(f"  preview_activities (check)           {preview_s:8.2f} s  peak {preview_mb:,.0f} MB")
    reset_peak()
    _, import_s = timed(
        lambda: import_activities(file_name="b.xlsx", content=content, actor=SYSTEM)
    )
    import_mb = peak_mb()
    print(f"  import_activities (check and write)  {import_s:8.2f} s  peak {import_mb:,.0f} MB")
    written = Activity.objects.count()
    assert written == ROWS, written
    print(f"  rows written: {written:,} activities, {ActivityFigure.objects.count():,} figures")
    figures_ms = {}
    for label, code in (("city", "TP"), ("one district", "TP.Q7")):
        unit = Unit.objects.get(code=code)
        figures, seconds = timed(
            lambda unit=unit: activity_figures(
                unit=unit, start=date(2022, 1, 1), end=date(2022, 12, 31)
            )
        )
        figures_ms[label] = seconds * 1000
        print(f"  activity_figures, {label:<12} {seconds * 1000:8.0f} ms ({figures.count():,})")  # type: ignore[attr-defined]
    parse_label = "openpyxl"
    return [
        Result(
            NAME,
            f"import {size} rows from xlsx",
            database,
            import_s,
            "s",
            reference=parse_s,
            reference_label=parse_label,
            extra={"rows_per_s": ROWS / import_s},
        ),
        Result(
            NAME,
            "import: peak memory",
            database,
            import_mb,
            "MB",
            reference=parse_mb,
            reference_label=parse_label,
        ),
        Result(
            NAME,
            f"preview (check) {size} rows",
            database,
            preview_s,
            "s",
            reference=parse_s,
            reference_label=parse_label,
        ),
        Result(NAME, "activity_figures, city, year", database, figures_ms["city"], "ms"),
        Result(NAME, "activity_figures, one district", database, figures_ms["one district"], "ms"),
    ]


if __name__ == "__main__":
    main(NAME, run, __file__)
