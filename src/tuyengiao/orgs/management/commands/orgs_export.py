"""``tuyengiao orgs_export``: write the tree in force on a date to an .xlsx or .csv file,
as the system (every unit). The file re-imports with ``orgs_import``."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tuyengiao.core.actors import SYSTEM
from tuyengiao.core.formatting import format_date
from tuyengiao.orgs.exports import hierarchy_rows, hierarchy_to_csv, hierarchy_to_xlsx
from tuyengiao.orgs.management.commands.orgs_tree import iso_date, require_tree

FORMATS = ("xlsx", "csv")


class Command(BaseCommand):
    help = "Xuất cây tổ chức có hiệu lực vào một ngày ra tệp Excel (.xlsx) hoặc CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--as-of", type=iso_date, help="Ngày của cây, dạng YYYY-MM-DD; mặc định hôm nay."
        )
        parser.add_argument(
            "--format",
            choices=FORMATS,
            help="Định dạng tệp; mặc định theo đuôi tên tệp, nếu không thì xlsx.",
        )
        parser.add_argument("-o", "--output", required=True, help="Tệp cần ghi.")

    def handle(self, *args: Any, **options: Any) -> None:
        on: date = options["as_of"] or timezone.localdate()
        output = Path(options["output"])
        suffix = output.suffix.lower().lstrip(".")
        file_format = options["format"] or (suffix if suffix in FORMATS else "xlsx")
        require_tree(on)
        rows = hierarchy_rows(SYSTEM, on)
        content = (
            hierarchy_to_xlsx(rows, on=on) if file_format == "xlsx" else hierarchy_to_csv(rows)
        )
        try:
            output.write_bytes(content)
        except OSError as exc:
            raise CommandError(f"Không ghi được tệp {output}: {exc.strerror or exc}.") from exc
        self.stdout.write(
            f"Đã xuất {len(rows)} đơn vị (cây tổ chức ngày {format_date(on)}) vào {output}."
        )
