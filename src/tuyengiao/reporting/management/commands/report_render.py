"""``tuyengiao report_render``: write a unit's official report to a file.

``--form CODE --unit CODE --period PERIOD --format docx|xlsx -o FILE`` writes the report of
the unit's subtree for the period: Word in the official layout (the unit's draft if one was
started, its template if it uploaded one), or the figures workbook. Reads as the system.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from tuyengiao.core.actors import SYSTEM
from tuyengiao.orgs.models import Unit
from tuyengiao.reporting.models import ReportForm
from tuyengiao.reporting.official.render import FORMATS, render_report
from tuyengiao.reporting.periods import HELP, PeriodError, parse_period


class Command(BaseCommand):
    help = (
        "Xuất báo cáo chính thức của một đơn vị cho một biểu mẫu và một kỳ ra tệp Word "
        "(thể thức văn bản) hoặc Excel."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--form", required=True, help="Mã biểu mẫu báo cáo.")
        parser.add_argument("--unit", required=True, help="Mã đơn vị, ví dụ HN.")
        parser.add_argument("--period", required=True, help=HELP)
        parser.add_argument(
            "--format", default="docx", choices=FORMATS, help="docx (mặc định) hoặc xlsx."
        )
        parser.add_argument(
            "-o", "--output", required=True, help="Tệp kết quả, ví dụ bao-cao.docx."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            self._handle(options)

    def _handle(self, options: dict[str, Any]) -> None:
        form = ReportForm.objects.filter(code=options["form"]).first()
        if form is None:
            raise CommandError(
                f"Không có biểu mẫu mã “{options['form']}” (xem report_figures --list)."
            )
        unit = Unit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(f"Không có đơn vị mã “{options['unit']}”.")
        try:
            period = parse_period(options["period"])
        except PeriodError as error:
            raise CommandError(str(error)) from error
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(f"Không có thư mục “{output.parent}” để ghi tệp.")
        last = -1

        def progress(percent: int) -> None:
            nonlocal last
            if options["verbosity"] > 1 and percent != last:
                self.stdout.write(f"{percent}%")
                last = percent

        try:
            content = render_report(
                SYSTEM,
                form=form,
                unit=unit,
                period=period,
                fmt=options["format"],
                progress=progress,
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        output.write_bytes(content)
        self.stdout.write(f"Đã ghi {output} ({len(content):,} byte).".replace(",", "."))
