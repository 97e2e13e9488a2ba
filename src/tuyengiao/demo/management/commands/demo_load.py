"""``tuyengiao demo_load``: load the demo data and print the demo logins (idempotent).

Stages, each in its own transaction: the portal's home page, the organisation tree of
Hà Nội (``tuyengiao.demo.orgs``), the accounts with their roles in that tree, then the
documents of the seed articles with their implementation chains (``tuyengiao.demo.documents``),
then the plans and directive tracking (``tuyengiao.demo.plans``), the activity log
(``tuyengiao.demo.activities``), the 9-month reports of
2022 (``tuyengiao.demo.reporting``), and the portal's sections, articles and pages
(``tuyengiao.demo.portal``).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tuyengiao.demo.accounts import DEMO_PASSWORD, DemoDataError, DemoLogin, ensure_demo_accounts
from tuyengiao.demo.activities import ensure_demo_activities
from tuyengiao.demo.contests import ensure_demo_contest
from tuyengiao.demo.documents import ensure_demo_documents
from tuyengiao.demo.orgs import ensure_demo_orgs
from tuyengiao.demo.plans import ensure_demo_plans
from tuyengiao.demo.portal import ensure_demo_portal, ensure_home_page
from tuyengiao.demo.reporting import ensure_demo_reporting


def _login_line(login: DemoLogin, username_width: int, name_width: int) -> str:
    """``username  full name  role — unit (code)``, with the period of an ended role."""
    period = ""
    if login.valid_to is not None:
        period = f", {login.valid_from:%d/%m/%Y}–{login.valid_to:%d/%m/%Y}"
    return (
        f"  {login.username:<{username_width}}  {login.full_name:<{name_width}}  "
        f"{login.role_name} — {login.unit_name} ({login.unit_code}{period})"
    )


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu và in tài khoản mẫu; chạy lại nhiều lần vẫn an toàn."

    def handle(self, *args: object, **options: object) -> None:
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("Không nạp dữ liệu mẫu trên hệ thống đang chạy thật (production).")
        home = ensure_home_page()
        try:
            orgs = ensure_demo_orgs()
            logins = ensure_demo_accounts()
            documents = ensure_demo_documents()
            plans = ensure_demo_plans()
            activities = ensure_demo_activities()
            reporting = ensure_demo_reporting()
            portal = ensure_demo_portal()
            contest = ensure_demo_contest()
        except DemoDataError as error:
            raise CommandError(str(error)) from error
        base_url = settings.WAGTAILADMIN_BASE_URL
        self.stdout.write(self.style.SUCCESS(f"Dữ liệu mẫu đã sẵn sàng: trang chủ “{home.title}”."))
        state = "vừa nạp" if orgs.created else "đã có, không thay đổi"
        self.stdout.write(
            f"Cây tổ chức mẫu Hà Nội ({state}): {orgs.versions} phiên bản, "
            f"{orgs.units} đơn vị (dữ liệu minh họa)."
        )
        state = "vừa nạp" if documents.created else "đã có, không thay đổi"
        self.stdout.write(
            f"Sổ văn bản mẫu ({state}): {documents.documents} văn bản, "
            f"{documents.confirmed} liên kết thực hiện đã xác nhận."
        )
        state = "vừa nạp" if plans.created else "đã có, không thay đổi"
        self.stdout.write(
            f"Kế hoạch mẫu ({state}): {plans.plans} kế hoạch, {plans.items} đầu việc."
        )
        state = "vừa nạp" if activities.created else "đã có, không thay đổi"
        self.stdout.write(f"Nhật ký hoạt động mẫu ({state}): {activities.activities} hoạt động.")
        state = "vừa nạp" if reporting.created else "đã có, không thay đổi"
        self.stdout.write(
            f"Báo cáo định kỳ mẫu ({state}): {reporting.submissions} báo cáo 9 tháng năm 2022."
        )
        pages = portal.get_children().count()
        self.stdout.write(f"Cổng thông tin mẫu: {pages} trang con của trang chủ.")
        state = "vừa nạp" if contest.created else "đã có, không thay đổi"
        self.stdout.write(
            f"Cuộc thi mẫu ({state}): {contest.rounds} tuần thi, {contest.questions} câu hỏi, "
            f"{contest.entrants} người dự thi — {base_url}/cuoc-thi/"
        )
        self.stdout.write(
            f"Tài khoản mẫu — đăng nhập tại {base_url}/admin/ (mật khẩu: {DEMO_PASSWORD}):"
        )
        username_width = max(len(login.username) for login in logins)
        name_width = max(len(login.full_name) for login in logins)
        for login in logins:
            self.stdout.write(_login_line(login, username_width, name_width))
