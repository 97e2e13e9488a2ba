"""``tuyengiao plan_reminders``: remind assignees of work due soon or overdue."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from tuyengiao.core.formatting import format_date
from tuyengiao.plans.reminders import reminders_send
from tuyengiao.plans.tasks import DEFAULT_DAYS, schedule_next_run


class Command(BaseCommand):
    help = (
        "Nhắc các đơn vị về đầu việc sắp đến hạn (trong N ngày) và quá hạn, trong trang quản "
        "trị và qua thư điện tử; --schedule đặt lịch chạy hằng ngày lúc 07:00."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days", type=int, default=DEFAULT_DAYS, help="Số ngày báo trước (mặc định 3)."
        )
        parser.add_argument("--schedule", action="store_true", help="Đặt lịch chạy nền hằng ngày.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        made = reminders_send(today=today, days=options["days"])
        self.stdout.write(f"Ngày {format_date(today)}: {len(made)} lời nhắc mới.")
        if options["schedule"]:
            run_at = schedule_next_run(options["days"])
            if run_at is None:
                self.stdout.write("Đã có lịch chạy hằng ngày, hoặc hàng đợi không hỗ trợ hẹn giờ.")
            else:
                self.stdout.write(f"Lần chạy tới: {run_at:%d/%m/%Y %H:%M}.")
