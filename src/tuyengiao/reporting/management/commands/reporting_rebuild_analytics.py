"""``tuyengiao reporting_rebuild_analytics``: recompute the analytics table in full."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from tuyengiao.reporting.analytics import rebuild


class Command(BaseCommand):
    help = "Tính lại toàn bộ bảng số liệu tổng hợp (analytics) từ số liệu đã gửi."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        rows = rebuild()
        seconds = time.perf_counter() - started
        self.stdout.write(f"Đã tính lại bảng tổng hợp: {rows} dòng trong {seconds:.1f} giây.")
