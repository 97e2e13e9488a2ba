"""``tuyengiao plan_status``: done/total, overdue and on-time figures of a plan on a date.

Reads as the system (every share counts). ``--unit`` narrows the figures to the shares of a
unit's subtree on that date; ``--list`` lists the plans and their codes.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tuyengiao.core.actors import SYSTEM
from tuyengiao.core.formatting import format_date, format_percent, format_ratio
from tuyengiao.orgs.management.commands.orgs_tree import iso_date
from tuyengiao.orgs.models import Unit
from tuyengiao.plans.models import Plan
from tuyengiao.plans.selectors import plan_summary


class Command(BaseCommand):
    help = (
        "In số đầu việc hoàn thành/tổng số, quá hạn và đúng hạn của một kế hoạch tại một ngày "
        "(và của nhánh một đơn vị); --list liệt kê các kế hoạch."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--plan", help="Mã kế hoạch, ví dụ CTCT-2022-BTGTU.")
        parser.add_argument(
            "--as-of", type=iso_date, help="Ngày tính số liệu, dạng YYYY-MM-DD; mặc định hôm nay."
        )
        parser.add_argument("--unit", help="Chỉ tính phần việc của nhánh đơn vị có mã này.")
        parser.add_argument("--list", action="store_true", help="Liệt kê các kế hoạch.")
        parser.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            self._list(as_json=options["json"])
            return
        if not options["plan"]:
            raise CommandError("Hãy cho biết mã kế hoạch (--plan) hoặc dùng --list.")
        plan = Plan.objects.filter(code=options["plan"]).first()
        if plan is None:
            raise CommandError(f"Không có kế hoạch mã “{options['plan']}”; xem các mã bằng --list.")
        unit = None
        if options["unit"]:
            unit = Unit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"Không có đơn vị mã “{options['unit']}”.")
        as_of = options["as_of"] or timezone.localdate()
        summary = plan_summary(SYSTEM, plan, as_of=as_of, unit=unit)
        if options["json"]:
            data = {**summary.as_dict(), "unit": unit.code if unit else None}
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        scope = f", nhánh {unit.code}" if unit else ""
        rate = summary.on_time_rate
        self.stdout.write(f"{plan.code} — {plan.title}")
        self.stdout.write(f"Tính đến ngày {format_date(as_of)}{scope}:")
        self.stdout.write(f"  Hoàn thành: {format_ratio(summary.done, summary.total)} đầu việc")
        self.stdout.write(f"  Quá hạn: {summary.overdue}")
        self.stdout.write(
            f"  Đúng hạn: {summary.on_time}"
            + (f" ({format_percent(rate)} số đầu việc đã hoàn thành)" if rate is not None else "")
        )

    def _list(self, *, as_json: bool) -> None:
        plans = Plan.objects.select_related("owner").order_by("code")
        if as_json:
            rows = [
                {"code": p.code, "title": p.title, "kind": p.kind, "owner": p.owner.code}
                for p in plans
            ]
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        for plan in plans:
            self.stdout.write(f"{plan.code}\t{plan.owner.code}\t{plan.title}")
