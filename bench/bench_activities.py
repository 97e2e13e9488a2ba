"""Benchmark: importing 100.000 activities from .xlsx, against openpyxl's read-only parse of
the same file, and the figures a report takes from them.

Run by ``make bench`` (``bench/run.py``) or on its own:
``.venv/bin/python bench/bench_activities.py`` (``BENCH_ACTIVITY_ROWS=10000`` for a quick
try). It builds a throw-away SQLite database in a temporary folder, so it never touches the
platform's data, and prints its figures next to the reference measured in the same run. It
never fails on speed.

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
import os
import random
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROWS = int(os.environ.get("BENCH_ACTIVITY_ROWS", "100000"))
DISTRICTS, WARDS = 30, 10  # wards per district
SEED = 20220908  # "Tính đến 8/9/2022"
BLOCKS = ("party", "mass", "state", "other")


def _setup_django(folder: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuyengiao.settings.test")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["VAR_DIR"] = folder
    sys.path.insert(0, str(ROOT / "src"))
    import django
    from django.conf import settings

    if settings.configured and "bench.sqlite3" not in str(settings.DATABASES["default"]["NAME"]):
        raise SystemExit("Django is already set up on another database; run this bench alone.")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _build_tree() -> list[str]:
    """The city, its districts and wards; returns the ward codes."""
    from tuyengiao.orgs.models import UnitKind
    from tuyengiao.orgs.services import (
        NewUnit,
        hierarchy_version_create,
        hierarchy_version_publish,
        unit_create,
    )

    kinds = {kind.code: kind for kind in UnitKind.objects.all()}
    version = hierarchy_version_create(effective_date=date(2020, 1, 1), name="Cây", actor=None)

    def add(code: str, name: str, kind: str, parent: object) -> object:
        spec = NewUnit(code=code, name=name, kind=kinds[kind], parent=parent)
        return unit_create(version=version, spec=spec, actor=None)

    city = add("TP", "Thành ủy", "city_committee", None)
    wards = []
    for d in range(DISTRICTS):
        district = add(f"TP.Q{d}", f"Quận ủy {d}", "district_committee", city)
        for w in range(WARDS):
            add(f"TP.Q{d}.P{w}", f"Đảng ủy phường {d}-{w}", "commune_committee", district)
            wards.append(f"TP.Q{d}.P{w}")
    hierarchy_version_publish(version=version, actor=None)
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


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(label: str, operation, reference: float | None = None):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = operation()
    seconds = time.perf_counter() - started
    ratio = f"  ({seconds / reference:.1f}× the read-only parse)" if reference else ""
    print(f"{label:<46} {seconds:8.2f} s  {ROWS / seconds:9,.0f} rows/s{ratio}")
    print(f"{'':<46} peak memory of the process so far: {_peak_mb():,.0f} MB")
    return result, seconds


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        _setup_django(folder)
        from openpyxl import load_workbook

        from tuyengiao.activities.imports import import_activities, preview_activities
        from tuyengiao.activities.models import Activity, ActivityFigure
        from tuyengiao.activities.selectors import activity_figures
        from tuyengiao.orgs.models import Unit

        wards = _build_tree()
        content = _spreadsheet(wards)
        print(
            f"{ROWS:,} activities in a {len(content) / 1024 / 1024:.1f} MB .xlsx, "
            f"{len(wards)} wards"
        )

        def parse() -> int:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            cells = sum(len(row) for row in workbook.worksheets[0].iter_rows(values_only=True))
            workbook.close()
            return cells

        _, reference = _timed("reference: openpyxl read-only parse", parse)
        preview, _ = _timed(
            "preview_activities (check, find duplicates)",
            lambda: preview_activities(file_name="b.xlsx", content=content, actor=None),
            reference,
        )
        assert preview.rows == ROWS
        _timed(
            "import_activities (check and write)",
            lambda: import_activities(file_name="b.xlsx", content=content, actor=None),
            reference,
        )
        print(
            f"rows written: {Activity.objects.count():,} activities, "
            f"{ActivityFigure.objects.count():,} figures"
        )
        city = Unit.objects.get(code="TP")
        district = Unit.objects.get(code="TP.Q7")
        for label, unit in (("city", city), ("one district", district)):
            started = time.perf_counter()
            figures = activity_figures(unit=unit, start=date(2022, 1, 1), end=date(2022, 12, 31))
            seconds = time.perf_counter() - started
            print(
                f"activity_figures, {label:<12} {seconds * 1000:8.0f} ms  "
                f"({figures.count():,} activities, {figures.total('learners'):,} learners)"
            )


if __name__ == "__main__":
    main()
