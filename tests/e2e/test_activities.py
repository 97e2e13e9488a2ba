"""A ward officer logs a conference from a phone, then finds it in the list and calendar."""

import pytest
from playwright.sync_api import expect

from tuyengiao.activities.models import Activity
from tuyengiao.activities.selectors import figure_values
from tuyengiao.core.tests.personas import PERSONA_PASSWORD

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_log_a_conference_from_a_phone(live_server, browser, screenshot, city, ward_officer_a):
    context = browser.new_context(locale="vi-VN", viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Tên đăng nhập").fill("cb.phuonga")
    page.get_by_label("Mật khẩu").fill(PERSONA_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    page.goto(f"{live_server.url}/admin/activities/new/")
    screenshot(page, "activities-pick-type-phone")
    page.get_by_role("link", name="Hội nghị", exact=True).click()
    page.get_by_label("Tên hoạt động").fill("Hội nghị quán triệt Chỉ thị 30-CT/TW")
    page.get_by_label("Đơn vị").select_option(label="Đảng ủy phường Ánh Dương (TP.Q1.A)")
    page.locator("#id_start_date").fill("2022-09-08")
    page.get_by_label("trực tiếp kết hợp trực tuyến").check()
    page.get_by_label("Khối Đảng").fill("70")
    page.get_by_label("Khối Đoàn thể").fill("30")
    page.get_by_label("Số điểm cầu").fill("5")
    screenshot(page, "activities-quick-entry-phone")
    page.get_by_role("button", name="Lưu").click()

    expect(page.get_by_role("heading", name="Hội nghị quán triệt Chỉ thị 30-CT/TW")).to_be_visible()
    figures = page.get_by_role("region", name="Số liệu")
    expect(figures).to_contain_text("100 người")
    expect(figures).to_contain_text("Khối Đảng")
    screenshot(page, "activities-detail-phone")
    activity = Activity.objects.get()
    assert figure_values(activity)["participants"] == 100

    page.goto(f"{live_server.url}/admin/activities/calendar/?month=2022-09")
    expect(page.get_by_role("link", name="Hội nghị quán triệt Chỉ thị 30-CT/TW")).to_be_visible()
    screenshot(page, "activities-calendar-phone")
    context.close()
