"""Run every benchmark in ``bench/`` on SQLite and PostgreSQL, print one table of figures and
write ``bench/results.json``.

``make bench`` runs this. Each benchmark (``bench_*.py``) runs once per database kind in a
process of its own, in an empty database (see ``common.py``); the table has one row per
figure and database: ours, the reference measured in the same run, their ratio, the target
the issues set and whether it is met. Benchmarks never fail on speed; a benchmark that
breaks shows as "failed" in the table and makes the exit status 1.

Usage::

    .venv/bin/python bench/run.py [NAME …]     # all benchmarks, or only these (portal api …)
    BENCH_QUICK=1 .venv/bin/python bench/run.py # small sizes: checks everything works
    BENCH_DATABASES=sqlite .venv/bin/python bench/run.py
    .venv/bin/python bench/run.py --readme      # the README's table from bench/results.json

PostgreSQL: ``DATABASE_URL=postgres://…`` (a database per benchmark is created there and
dropped), or as root a throw-away cluster; otherwise the PostgreSQL rows say why they are
missing. Each benchmark's sizes can be set by its own variables (see its docstring).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    BENCH_DIR,
    QUICK,
    ROOT,
    PostgresServer,
    Result,
    load_bench,
    machine,
    run_one,
    selected_kinds,
    table,
)

RESULTS = BENCH_DIR / "results.json"
README = ROOT / "README.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
# The order of the table: data-heavy benchmarks first, then the servers.
ORDER = (
    "documents",
    "activities",
    "reporting",
    "report",
    "portal",
    "api",
    "production",
    "contests",
    "synthetic",
    "backup",
)


def _load_average() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


def readme_section(data: dict) -> str:
    """The README's table: the machine, the date, the figures."""
    m = data["machine"]
    memory = f"{m['memory_gb']:.0f} GB" if m.get("memory_gb") else "?"
    postgres = f", PostgreSQL {m['postgresql']}" if m.get("postgresql") else ""
    load = data["load_average_start"], data["load_average_end"]
    lines = [
        f"Measured {data['date'][:10]} on {m['cpu']}, {m['cores']} cores, {memory}, {m['os']}; "
        f"Python {m['python']}, SQLite {m['sqlite']}{postgres}; whole run "
        f"{data['wall_s'] / 60:.0f} min{' (BENCH_QUICK sizes)' if data.get('quick') else ''}; "
        f"load average {load[0][0]} at the start, {load[1][0]} at the end.",
        "",
        table([Result.from_json(item) for item in data["results"]], markdown=True),
    ]
    return "\n".join(lines)


def write_readme() -> int:
    if not RESULTS.exists():
        print("bench/results.json is missing: run make bench first.")
        return 1
    text = README.read_text()
    if BEGIN not in text or END not in text:
        print(f"README.md has no {BEGIN} … {END} markers.")
        return 1
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    section = readme_section(json.loads(RESULTS.read_text()))
    README.write_text(f"{head}{BEGIN}\n{section}\n{END}{tail}")
    print("README.md: benchmark table updated from bench/results.json.")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description="Run the benchmarks, print one table.")
    parser.add_argument("names", nargs="*", help=f"only these benchmarks ({', '.join(ORDER)})")
    parser.add_argument("--readme", action="store_true", help="update README.md's table only")
    parser.add_argument("--json", default=str(RESULTS), help="where to write the results")
    args = parser.parse_args()
    if args.readme:
        return write_readme()

    benches = {bench.name: bench for bench in map(load_bench, BENCH_DIR.glob("bench_*.py"))}
    names = args.names or sorted(
        benches, key=lambda n: (ORDER.index(n) if n in ORDER else len(ORDER), n)
    )
    unknown = [name for name in names if name not in benches]
    if unknown:
        parser.error(f"no benchmark {', '.join(unknown)} (there are: {', '.join(benches)})")

    started = time.perf_counter()
    load_start = _load_average()
    date = datetime.now(UTC).isoformat(timespec="seconds")
    server = PostgresServer()
    results: list[Result] = []
    postgres_version = ""
    try:
        if "postgres" in selected_kinds():
            server.start()
            postgres_version = server.version()
        for name in names:
            for kind in selected_kinds():
                results += run_one(benches[name], kind, server)
    finally:
        server.stop()
    wall = time.perf_counter() - started
    data = {
        "date": date,
        "quick": QUICK,
        "wall_s": round(wall, 1),
        "load_average_start": load_start,
        "load_average_end": _load_average(),
        "machine": machine(postgres_version),
        "results": [result.as_json() for result in results],
    }
    Path(args.json).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n")

    print("\n" + table(results))
    notes = [r for r in results if r.note and r.ours is not None]
    for result in notes:
        print(f"  note: {result.benchmark}, {result.figure} ({result.database}): {result.note}")
    print(
        f"\nWhole run {wall / 60:.1f} min; load average {load_start[0]} at the start, "
        f"{data['load_average_end'][0]} at the end. Results: {args.json}"
    )
    failed = [r for r in results if r.figure == "(failed)"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
