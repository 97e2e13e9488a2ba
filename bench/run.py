"""Run every benchmark in ``bench/`` (files named ``bench_*.py``) and print their figures.

Benchmarks print figures and compare them with a reference measured in the same run; they
never fail on speed. Each module exposes ``main() -> None``.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent


def main() -> int:
    modules = sorted(BENCH_DIR.glob("bench_*.py"))
    if not modules:
        print("Chưa có bài đo hiệu năng nào trong bench/ (no benchmarks yet).")
        return 0
    for path in modules:
        print(f"==> {path.name}")
        spec = importlib.util.spec_from_file_location(path.stem, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
