"""Run every benchmark in ``bench/`` (scripts named ``bench_*.py``) and print their figures.

Benchmarks print figures and compare them with a reference measured in the same run; they
never fail on speed.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent


def main() -> int:
    scripts = sorted(BENCH_DIR.glob("bench_*.py"))
    if not scripts:
        print("Chưa có bài đo hiệu năng nào trong bench/ (no benchmarks yet).")
    for path in scripts:
        print(f"==> {path.name}")
        runpy.run_path(str(path), run_name="__main__")
    return 0


if __name__ == "__main__":
    sys.exit(main())
