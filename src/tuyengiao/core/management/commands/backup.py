"""``tuyengiao backup -o FILE``: the database and the stored files in one archive.

The work is in core/backup.py; this command only reports it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tuyengiao.core.backup import BackupError, backup_create
from tuyengiao.core.formatting import format_number


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu và các tệp đã lưu (MEDIA_ROOT, PRIVATE_FILES_ROOT) vào một tệp "
        "lưu trữ tar, nén gzip khi tên kết thúc bằng .gz, kèm bản kê manifest.json; dùng được "
        "khi hệ thống đang chạy. Khôi phục bằng `tuyengiao restore`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "-o",
            "--output",
            required=True,
            type=Path,
            help="Tệp sẽ ghi, ví dụ /srv/sao-luu/tuyengiao.tar.gz.",
        )

    def handle(self, *args: Any, output: Path, **options: Any) -> None:
        try:
            result = backup_create(path=output)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        megabytes = format_number(result.size / 1024 / 1024, 1)
        self.stdout.write(
            f"Đã sao lưu vào {result.path}: {result.tables} bảng, {format_number(result.rows)} "
            f"dòng, {format_number(result.files)} tệp ({megabytes} MB)."
        )
        self.stdout.write(
            "Giữ SECRET_KEY ở một nơi riêng, an toàn: mã API trong bản sao lưu chỉ dùng được với "
            "đúng khóa này. Bản sao lưu chứa khóa đăng nhập hai bước: cất giữ nó như mật khẩu."
        )
