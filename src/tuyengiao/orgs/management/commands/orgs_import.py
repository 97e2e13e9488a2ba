"""``tuyengiao orgs_import``: import a hierarchy file as a new published version, as the
system. Every row error is printed and the command exits non-zero; nothing changes then.

``--dry-run`` performs the whole import, services included, and rolls it back, so it
reports the problems a real run would meet, not only those of the file itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from tuyengiao.core.actors import SYSTEM
from tuyengiao.core.formatting import format_date
from tuyengiao.orgs.imports import (
    MAX_BYTES,
    HierarchyImportError,
    ImportResult,
    import_hierarchy,
    parse_hierarchy_file,
    validate_hierarchy,
)
from tuyengiao.orgs.management.commands.orgs_tree import iso_date


class _Rollback(Exception):
    def __init__(self, result: ImportResult) -> None:
        self.result = result


class Command(BaseCommand):
    help = (
        "Nhập cây tổ chức từ tệp .xlsx hoặc .csv thành một phiên bản mới (thêm và cập nhật "
        "đơn vị, không xóa); lỗi ở bất kỳ dòng nào thì không thay đổi gì."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Tệp .xlsx hoặc .csv.")
        parser.add_argument(
            "--effective-date", type=iso_date, required=True, help="Ngày hiệu lực, YYYY-MM-DD."
        )
        parser.add_argument("--name", required=True, help="Tên phiên bản cây tổ chức.")
        parser.add_argument("--legal-basis", default="", help="Căn cứ pháp lý (số văn bản).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Chạy thử rồi hoàn tác, không ghi gì."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            with path.open("rb") as file:
                content = file.read(MAX_BYTES + 1)  # one byte over is enough to refuse
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp {path}: {exc.strerror or exc}.") from exc
        try:
            result = self._import(path.name, content, options)
        except HierarchyImportError as exc:
            for error in exc.row_errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"Không nhập được tệp {path.name}: {len(exc.row_errors)} lỗi; "
                "cây tổ chức không thay đổi."
            ) from exc
        for warning in result.warnings:
            self.stdout.write(f"Lưu ý — {warning}")
        prefix = "Chạy thử (không ghi gì)" if options["dry_run"] else "Đã nhập"
        self.stdout.write(
            f"{prefix}: phiên bản “{result.version.name}” hiệu lực từ "
            f"{format_date(result.version.effective_date)}: {result.created} đơn vị mới, "
            f"{result.renamed} đổi tên, {result.moved} chuyển cấp trên, "
            f"{result.unchanged} giữ nguyên, {result.skipped} không đặt vào cây."
        )

    def _import(self, filename: str, content: bytes, options: dict[str, Any]) -> ImportResult:
        effective_date = options["effective_date"]
        plan = validate_hierarchy(
            parse_hierarchy_file(filename, content), effective_date=effective_date
        )
        try:
            with transaction.atomic():
                result = import_hierarchy(
                    plan,
                    effective_date=effective_date,
                    version_name=options["name"],
                    legal_basis=options["legal_basis"],
                    actor=SYSTEM,
                )
                if options["dry_run"]:
                    raise _Rollback(result)
        except _Rollback as rollback:
            return rollback.result
        return result
