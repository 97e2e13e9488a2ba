"""Two-step sign-in in a browser: a leader, for whom it is required, sets up an authenticator
app at first sign-in (QR code, secret, ten recovery codes), signs out, signs in again with a
code from the app, then with a recovery code; on a 390 px phone as on a desktop."""

from __future__ import annotations

import time
from base64 import b32decode

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import ConsoleMessage, Page, expect

from tuyengiao.core.tests.personas import PERSONA_PASSWORD

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def app_code(secret: str, username: str) -> str:
    """What the authenticator app shows now; the next step's code when the server already
    accepted this step's (it never accepts a code twice)."""
    key = b32decode(secret.replace(" ", ""))
    device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
    step_now = int(time.time()) // 30
    ahead = 1 if device is not None and device.last_t >= step_now else 0
    return f"{totp(key, drift=ahead):06d}"


def sign_in_with_password(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PERSONA_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def sign_out(page: Page) -> None:
    page.set_viewport_size(DESKTOP)  # the sidebar's account menu
    page.locator("#wagtail-sidebar .sidebar-footer__account").click()
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_label("Tên đăng nhập")).to_be_visible()


def fits_the_phone(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_leader_sets_up_two_step_sign_in_then_signs_in_with_a_code_and_a_recovery_code(
    live_server, page, screenshot, city_leader, settings
):
    settings.TWO_FACTOR_REQUIRED = True
    violations: list[str] = []

    def collect(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            violations.append(message.text)

    page.on("console", collect)
    username = city_leader.username

    # First sign-in: the password opens the set-up page, not the workspace.
    page.set_viewport_size(PHONE)
    sign_in_with_password(page, live_server.url, username)
    expect(page.get_by_role("heading", name="Cài đặt xác thực hai bước")).to_be_visible()
    expect(page.get_by_text("Vai trò của bạn bắt buộc xác thực hai bước")).to_be_visible()
    expect(page.locator("svg.twofactor-qr")).to_be_visible()
    assert fits_the_phone(page)
    screenshot(page, "twofactor-enrol-phone")
    page.set_viewport_size(DESKTOP)
    screenshot(page, "twofactor-enrol-desktop")

    # A wrong code is refused with a Vietnamese message; the app's code turns it on.
    secret = page.get_by_test_id("secret").inner_text()
    page.get_by_label("Mã trên ứng dụng").fill("000000")
    page.get_by_role("button", name="Bật xác thực hai bước").click()
    expect(page.get_by_text("Mã không đúng hoặc đã hết hạn.")).to_be_visible()
    page.get_by_label("Mã trên ứng dụng").fill(app_code(secret, username))
    page.get_by_role("button", name="Bật xác thực hai bước").click()

    # Ten recovery codes, shown once.
    expect(page.get_by_role("heading", name="Mã dự phòng của bạn")).to_be_visible()
    expect(page.get_by_text("Đã bật xác thực hai bước.")).to_be_visible()
    codes = page.get_by_test_id("recovery-codes").locator("code").all_inner_texts()
    assert len(codes) == 10
    page.set_viewport_size(PHONE)
    assert fits_the_phone(page)
    screenshot(page, "twofactor-recovery-codes-phone")
    page.set_viewport_size(DESKTOP)
    page.get_by_role("link", name="Tôi đã lưu lại, tiếp tục").click()
    expect(page.locator("#wagtail-sidebar")).to_be_attached()

    # Signed out and in again: the password, then a code from the app.
    sign_out(page)
    page.set_viewport_size(PHONE)
    sign_in_with_password(page, live_server.url, username)
    expect(page.get_by_role("heading", name="Nhập mã xác thực")).to_be_visible()
    assert fits_the_phone(page)
    screenshot(page, "twofactor-code-phone")
    page.set_viewport_size(DESKTOP)
    page.get_by_label("Mã xác thực").fill(app_code(secret, username))
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.locator("#wagtail-sidebar")).to_be_attached()
    expect(page.get_by_role("heading", name="Chào mừng đến với Tuyên giáo số")).to_be_visible()

    # Without the phone: a recovery code, used up.
    sign_out(page)
    sign_in_with_password(page, live_server.url, username)
    page.get_by_label("Mã xác thực").fill(codes[0])
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.locator("#wagtail-sidebar")).to_be_attached()
    expect(page.get_by_text("Bạn đã đăng nhập bằng mã dự phòng; còn lại 9 mã.")).to_be_visible()
    screenshot(page, "twofactor-signed-in-with-recovery-code")

    # The account page says so, and keeps the leader from turning it off.
    page.goto(f"{live_server.url}/admin/two-factor/")
    expect(page.get_by_text("Còn 9 mã dự phòng chưa dùng.")).to_be_visible()
    expect(page.get_by_role("button", name="Tắt xác thực hai bước")).to_have_count(0)
    page.set_viewport_size(PHONE)
    assert fits_the_phone(page)
    screenshot(page, "twofactor-account-phone")

    # A used recovery code does not open the workspace twice.
    sign_out(page)
    sign_in_with_password(page, live_server.url, username)
    page.get_by_label("Mã xác thực").fill(codes[0])
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_text("Mã không đúng hoặc đã hết hạn.")).to_be_visible()
    assert violations == []
