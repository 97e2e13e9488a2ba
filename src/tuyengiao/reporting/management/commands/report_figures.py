"""``tuyengiao report_figures``: the aggregated figures of a report form, or the list of forms.

``--form CODE --unit CODE --period PERIOD`` prints the figures of the unit's subtree for the
period (tree in force for the period, reorganisations carried), by indicator and category
option, with completeness and the notes on carried figures; ``--json`` prints the same as
one JSON object. ``--list`` lists the report forms. Reads as the system.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from tuyengiao.core.actors import SYSTEM
from tuyengiao.core.formatting import format_number, format_percent
from tuyengiao.orgs.models import Unit
from tuyengiao.reporting.models import ReportForm
from tuyengiao.reporting.periods import HELP, PeriodError, parse_period
from tuyengiao.reporting.selectors import ReportFigures, report_figures


def _figure(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return format_number(value, 0 if value == value.to_integral() else 2)


def _text(found: ReportFigures) -> list[str]:
    done = found.completeness
    lines = [
        f"{found.form.name} ({found.form.code}) — {found.unit} — {found.period.label}",
        f"Đã gửi {done.submitted}/{done.expected} báo cáo ({format_percent(done.rate, 1)}), "
        f"đúng hạn {done.on_time}.",
    ]
    for item in found.figures:
        indicator = item.indicator
        total = f"{_figure(item.total)} {indicator.unit_label}".rstrip()
        lines.append(f"{indicator.code}\t{indicator.name}: {total}")
        for code, value in item.by_option.items():
            lines.append(f"  {code}\t{item.option_names[code]}: {_figure(value)}")
    if done.missing_units:
        lines.append(
            "Chưa gửi: " + ", ".join(f"{m.name} ({m.unit.code})" for m in done.missing_units)
        )
    lines += [f"Ghi chú: {note.text}" for note in found.carried]
    return lines


class Command(BaseCommand):
    help = (
        "In số liệu tổng hợp của một biểu mẫu báo cáo cho một đơn vị và một kỳ "
        "(--list: các biểu mẫu)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--form", help="Mã biểu mẫu báo cáo.")
        parser.add_argument("--unit", help="Mã đơn vị, ví dụ HN.")
        parser.add_argument("--period", help=HELP)
        parser.add_argument("--json", action="store_true", help="In dạng JSON.")
        parser.add_argument("--list", action="store_true", help="Liệt kê các biểu mẫu.")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            self._handle(options)

    def _handle(self, options: dict[str, Any]) -> None:
        if options["list"]:
            forms = ReportForm.objects.order_by("code")
            if options["json"]:
                rows = [
                    {"code": f.code, "name": f.name, "period_type": f.period_type} for f in forms
                ]
                self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            else:
                for form in forms:
                    self.stdout.write(
                        f"{form.code}\t{form.name} ({form.get_period_type_display()})"
                    )
            return
        missing = [name for name in ("form", "unit", "period") if not options[name]]
        if missing:
            raise CommandError(
                "Thiếu " + ", ".join(f"--{name}" for name in missing) + " (hoặc dùng --list)."
            )
        form = ReportForm.objects.filter(code=options["form"]).first()
        if form is None:
            raise CommandError(f"Không có biểu mẫu mã “{options['form']}” (xem --list).")
        unit = Unit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(f"Không có đơn vị mã “{options['unit']}”.")
        try:
            period = parse_period(options["period"])
        except PeriodError as error:
            raise CommandError(str(error)) from error
        found = report_figures(SYSTEM, form=form, unit=unit, period=period)
        if options["json"]:
            self.stdout.write(json.dumps(found.as_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n".join(_text(found)))
