"""``tuyengiao generate_synthetic --scale {ward,city,country} [--seed N] [--quiet]``: fill an
empty database with synthetic data (``tuyengiao.demo.synthetic``) and print what it wrote.

A progress bar per stage goes to stderr (none with ``--quiet`` or ``--verbosity 0``); the
summary table, the time of each stage and a digest of the data (equal for the same scale and
seed) go to stdout.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tuyengiao.core.formatting import format_number
from tuyengiao.demo.synthetic import DEFAULT_SEED, SCALES, GenerationRefused, digest, generate

STAGES = {
    "orgs": "cây tổ chức",
    "accounts": "tài khoản",
    "documents": "văn bản",
    "plans": "kế hoạch",
    "activities": "hoạt động",
    "reporting": "báo cáo, bảng phân tích",
    "portal": "cổng thông tin",
    "contests": "cuộc thi",
}


class Command(BaseCommand):
    help = "Sinh dữ liệu tổng hợp (phường, thành phố, cả nước) vào cơ sở dữ liệu trống."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", required=True, choices=sorted(SCALES))
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument("--quiet", action="store_true", help="Không hiện thanh tiến độ.")
        parser.add_argument(
            "--no-digest", action="store_true", help="Không tính mã kiểm tra của dữ liệu."
        )

    def handle(self, *args: object, **options: object) -> None:
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError(
                "Không sinh dữ liệu tổng hợp trên hệ thống đang chạy thật (production)."
            )
        progress = not options["quiet"] and options["verbosity"] > 0
        try:
            result = generate(str(options["scale"]), int(options["seed"]), progress=progress)
        except GenerationRefused as error:
            raise CommandError(str(error)) from error
        width = max(len(label) for label in result.counts)
        self.stdout.write(
            self.style.SUCCESS(
                f"Dữ liệu tổng hợp quy mô “{result.scale}”, hạt giống {result.seed}:"
            )
        )
        for label, count in result.counts.items():
            self.stdout.write(f"  {label:<{width}}  {format_number(count):>12}")
        total = sum(result.seconds.values())
        times = ", ".join(
            f"{STAGES[stage]} {seconds:.1f}".replace(".", ",") + " s"
            for stage, seconds in result.seconds.items()
        )
        self.stdout.write(f"Thời gian: {total:.1f}".replace(".", ",") + f" s ({times}).")
        if not options["no_digest"]:
            self.stdout.write(f"Mã kiểm tra dữ liệu: {digest()}")
