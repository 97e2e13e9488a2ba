"""``tuyengiao contests_purge``: erase entrants' personal data once their contest's retention
date has passed (run daily, e.g. from cron or a scheduled task)."""

from django.core.management.base import BaseCommand

from tuyengiao.contests.services import contests_purge_expired
from tuyengiao.core.actors import SYSTEM


class Command(BaseCommand):
    help = "Xóa dữ liệu cá nhân người dự thi của các cuộc thi đã hết thời hạn lưu trữ."

    def handle(self, *args: object, **options: object) -> None:
        count = contests_purge_expired(actor=SYSTEM)
        self.stdout.write(f"Đã xóa dữ liệu cá nhân của {count} người dự thi.")
