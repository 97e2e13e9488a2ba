"""What a person sees: the Vietnamese sign-in, the staff dashboard, the public home page."""

import pytest
from playwright.sync_api import expect

from tuyengiao.core.tests.personas import PERSONA_PASSWORD
from tuyengiao.demo.portal import ensure_home_page

pytestmark = pytest.mark.e2e


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_specialist_signs_in_and_sees_the_vietnamese_dashboard(
    live_server, page, screenshot, specialist
):
    page.goto(f"{live_server.url}/admin/")
    expect(page.get_by_role("heading", name="Đăng nhập Tuyên giáo số")).to_be_visible()
    screenshot(page, "admin-login")

    page.get_by_label("Tên đăng nhập").fill("chuyenvien")
    page.get_by_label("Mật khẩu").fill(PERSONA_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    expect(page.get_by_role("heading", name="Chào mừng đến với Tuyên giáo số")).to_be_visible()
    expect(page).to_have_title("Trang tổng quan - Tuyên giáo số")
    assert page.locator("html").get_attribute("lang") == "vi"
    path = screenshot(page, "admin-dashboard")
    assert path.stat().st_size > 10_000


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_public_home_page(live_server, page, screenshot):
    ensure_home_page()
    page.goto(live_server.url)
    expect(
        page.get_by_role("heading", name="Cổng thông tin Ban Tuyên giáo và Dân vận")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Chuyển đến nội dung chính")).to_be_attached()
    screenshot(page, "portal-home")
