"""Benchmark: generating the Word file of the nine-month city report, against python-docx
opening and saving the same file.

Run by ``make bench`` (``bench/run.py``) or on its own:
``.venv/bin/python bench/bench_report.py``, on SQLite and on PostgreSQL (see ``common.py``),
each time in an empty database of its own loaded with ``tuyengiao demo_load``. It never fails
on speed.

1. ``tuyengiao report_render --form tuyen-giao-9-thang --unit HN --period 2022N9 --format
   docx -o FILE``: the report of the Hà Nội city committee for the first nine months of 2022,
   as the demo has it. The first run (cold: templates, fonts, charts loaded) is reported on
   its own; then the median of ``BENCH_REPORT_RUNS`` runs (5; 2 with ``BENCH_QUICK=1``) and
   the peak memory of the process during them.
2. The reference: python-docx opening the generated file and saving it again, the median of
   as many runs: what the library itself costs for a document of that size, below which no
   generation can go.

No issue sets a target for this figure. Where the command is not there (an older checkout)
the row says so.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    Result,
    database_label,
    main,
    median,
    peak_mb,
    reset_peak,
    samples_ms,
    scaled,
    setup_django,
    timed,
)

NAME = "report"
DATABASES = ("sqlite", "postgres")
RUNS = scaled("BENCH_REPORT_RUNS", 5, 2)
FORM, UNIT, PERIOD = "tuyen-giao-9-thang", "HN", "2022N9"
FIGURE = "Word report, 9-month city report"


def run(database_url: str, folder: str) -> list[Result]:
    setup_django(database_url, folder)
    from django.core.management import call_command, get_commands

    database = database_label(database_url)
    if "report_render" not in get_commands():
        note = "the report_render command is not in this checkout"
        return [Result(NAME, FIGURE, database, None, "ms", note=note)]
    from docx import Document

    call_command("demo_load", verbosity=0, stdout=io.StringIO())
    output = Path(folder) / "bao-cao-9-thang.docx"
    copy = Path(folder) / "ban-sao.docx"

    def render() -> None:
        call_command(
            "report_render",
            "--form",
            FORM,
            "--unit",
            UNIT,
            "--period",
            PERIOD,
            "--format",
            "docx",
            "-o",
            str(output),
            stdout=io.StringIO(),
        )

    _, cold_s = timed(render)
    document = Document(str(output))  # a real Word file, with content
    paragraphs = len(document.paragraphs)
    tables = len(document.tables)
    if not paragraphs:
        raise RuntimeError("report_render wrote a document without paragraphs")
    reset_peak()
    ours = samples_ms(render, RUNS)
    render_mb = peak_mb()
    reference = samples_ms(lambda: Document(str(output)).save(str(copy)), RUNS)
    size_kb = output.stat().st_size / 1024
    print(
        f"  {FIGURE}: {size_kb:.0f} KB, {paragraphs} paragraphs, {tables} tables; "
        f"first run {cold_s * 1000:.0f} ms, then p50 {median(ours):.0f} ms "
        f"(python-docx open + save {median(reference):.0f} ms), peak {render_mb:.0f} MB"
    )
    return [
        Result(
            NAME,
            FIGURE + " (p50)",
            database,
            median(ours),
            "ms",
            reference=median(reference),
            reference_label="python-docx open + save",
            extra={"size_kb": size_kb, "paragraphs": paragraphs, "tables": tables},
        ),
        Result(NAME, FIGURE + ", first run", database, cold_s * 1000, "ms"),
        Result(NAME, FIGURE + ": peak memory", database, render_mb, "MB"),
    ]


if __name__ == "__main__":
    main(NAME, run, __file__)
