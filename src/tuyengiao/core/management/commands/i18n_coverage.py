"""``tuyengiao i18n_coverage``: how much of the interface has Vietnamese, and what is missing.

Prints the gaps (a message without a Vietnamese translation, or whose translation breaks its
placeholders), then the coverage of each catalogue in use and in total; exits non-zero while
any gap remains. What counts as "in use" is explained in ``tuyengiao.core.i18n_coverage``.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from tuyengiao.core.formatting import format_number
from tuyengiao.core.i18n_coverage import coverage_in_use, percent


class Command(BaseCommand):
    help = "Kiểm tra mọi thông điệp giao diện đã có bản dịch tiếng Việt giữ đúng tham số."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--limit",
            type=int,
            default=20,
            help="Số thông điệp thiếu được liệt kê cho mỗi danh mục (0: liệt kê tất cả).",
        )

    def handle(self, *args: object, limit: int, **options: object) -> None:
        results = coverage_in_use()
        for result in results:
            shown = result.gaps if limit == 0 else result.gaps[:limit]
            for gap in shown:
                self.stdout.write(str(gap))
            if len(result.gaps) > len(shown):
                hidden = format_number(len(result.gaps) - len(shown))
                self.stdout.write(f"{result.catalogue.label}: … và {hidden} thông điệp khác")
        width = max(len(result.catalogue.label) for result in results)
        self.stdout.write(f"\n{'Danh mục':<{width}}  {'thông điệp':>10}  {'đã dịch':>8}  tỉ lệ")
        for result in results:
            self.stdout.write(
                self._row(result.catalogue.label, result.total, result.translated, width)
            )
        total = sum(result.total for result in results)
        translated = sum(result.translated for result in results)
        self.stdout.write(self._row("Tổng cộng", total, translated, width))
        if translated < total:
            raise CommandError(
                f"Còn {format_number(total - translated)} thông điệp chưa có bản dịch tiếng Việt "
                "hoặc sai tham số (xem danh sách ở trên)."
            )

    @staticmethod
    def _row(label: str, total: int, translated: int, width: int) -> str:
        return (
            f"{label:<{width}}  {format_number(total):>10}  {format_number(translated):>8}  "
            f"{percent(translated, total)}"
        )
