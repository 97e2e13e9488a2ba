"""``tuyengiao restore FILE``: an archive of ``tuyengiao backup`` into an empty instance.

The work and its checks are in core/restore.py; this command only reports them. Pending
migrations of an archive from an older schema are not applied here: the command says to
run ``tuyengiao migrate``.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tuyengiao.core.backup import BackupError
from tuyengiao.core.formatting import format_number
from tuyengiao.core.restore import backup_restore


class Command(BaseCommand):
    help = (
        "Khôi phục một bản sao lưu của `tuyengiao backup` vào hệ thống TRỐNG (cơ sở dữ liệu "
        "chưa có bảng nào, thư mục tệp trống), rồi đối chiếu từng bảng và từng tệp với bản kê."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Tệp sao lưu (.tar hoặc .tar.gz).")

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            result = backup_restore(path=file)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        manifest = result.manifest
        created_at = timezone.localtime(datetime.fromisoformat(manifest["created_at"]))
        self.stdout.write(
            f"Đã khôi phục từ {file} (sao lưu lúc {created_at:%d/%m/%Y %H:%M:%S}, phiên bản "
            f"{manifest['platform_version']}): {result.tables} bảng, "
            f"{format_number(result.rows)} dòng, {format_number(result.files)} tệp."
        )
        self.stdout.write("Số dòng, mã kiểm tra của từng bảng và của từng tệp khớp với bản kê.")
        if result.pending_migrations:
            self.stdout.write(
                f"Bản sao lưu có lược đồ cũ hơn phiên bản này ({result.pending_migrations} "
                "migration chưa áp dụng): hãy chạy `tuyengiao migrate` trước khi mở hệ thống."
            )
        else:
            self.stdout.write("Lược đồ cơ sở dữ liệu khớp với phiên bản phần mềm này.")
