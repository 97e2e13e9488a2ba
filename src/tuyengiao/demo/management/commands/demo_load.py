"""``tuyengiao demo_load``: load the demo data and print the demo logins (idempotent)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tuyengiao.demo.accounts import DEMO_PASSWORD, ensure_demo_accounts
from tuyengiao.demo.portal import ensure_home_page


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu và in tài khoản mẫu; chạy lại nhiều lần vẫn an toàn."

    def handle(self, *args: object, **options: object) -> None:
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("Không nạp dữ liệu mẫu trên hệ thống đang chạy thật (production).")
        home = ensure_home_page()
        accounts = ensure_demo_accounts()
        base_url = settings.WAGTAILADMIN_BASE_URL
        self.stdout.write(self.style.SUCCESS(f"Dữ liệu mẫu đã sẵn sàng: trang chủ “{home.title}”."))
        self.stdout.write(
            f"Tài khoản mẫu — đăng nhập tại {base_url}/admin/ (mật khẩu: {DEMO_PASSWORD}):"
        )
        width = max(len(account.username) for account in accounts)
        for account in accounts:
            self.stdout.write(
                f"  {account.username:<{width}}  {account.full_name} — {account.role}"
            )
