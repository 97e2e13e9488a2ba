"""A ward officer marks its share of a work item done; the city's figures change."""

from datetime import date

import pytest
from playwright.sync_api import expect

from tuyengiao.core.actors import SYSTEM
from tuyengiao.plans.services import assignment_status_set
from tuyengiao.plans.tests.builders import small_plan, status

pytestmark = pytest.mark.e2e


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ward_update_changes_the_city_figure(
    live_server, browser, page, screenshot, city, city_specialist, ward_officer_a, sign_in
):
    small = small_plan(city)
    assignment_status_set(
        assignment=small.share_b, status=status("done"), on=date(2022, 6, 20), actor=SYSTEM
    )
    plan_url = f"{live_server.url}/admin/plans/{small.plan.pk}/"

    sign_in(page, live_server.url, "cv.thanhpho")
    page.goto(plan_url)
    expect(page.locator("[data-figure=done]")).to_have_text("0/3")
    screenshot(page, "plans-city-before")

    ward = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    ward_page = ward.new_page()
    sign_in(ward_page, live_server.url, "cb.phuonga")
    ward_page.goto(f"{live_server.url}/admin/plans/")
    ward_page.get_by_role("link", name="CT-2022").click()
    # The ward sees its own share only: one item, not the board's own work.
    expect(ward_page.get_by_role("link", name="Tham mưu kế hoạch năm")).to_have_count(0)
    ward_page.get_by_role("link", name="Học tập nghị quyết").click()
    row = ward_page.locator("tr[data-unit='TP.Q1.A']")
    expect(ward_page.locator("tr[data-unit='TP.Q1.B']")).to_have_count(0)
    row.get_by_role("combobox").select_option(label="Hoàn thành")
    row.get_by_role("button", name="Lưu").click()
    expect(ward_page.locator("tr[data-unit='TP.Q1.A'] [data-status]")).to_contain_text("Hoàn thành")
    expect(ward_page.get_by_text("Đã cập nhật trạng thái.")).to_be_visible()
    screenshot(ward_page, "plans-ward-updated")
    ward.close()

    page.reload()
    expect(page.locator("[data-figure=done]")).to_have_text("1/3")
    expect(page.locator("[data-figure=progress]")).to_have_text("25%")
    screenshot(page, "plans-city-after")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_city_adds_a_work_item_for_two_wards(
    live_server, page, screenshot, city, city_specialist, sign_in
):
    small = small_plan(city)
    sign_in(page, live_server.url, "cv.thanhpho")
    page.goto(f"{live_server.url}/admin/plans/{small.plan.pk}/")
    page.get_by_role("link", name="Thêm đầu việc").click()
    page.get_by_label("Đầu việc cha").select_option(label=str(small.group))
    page.get_by_label("Tiêu đề").fill("Tổ chức hội nghị học tập")
    page.locator("#id_due_on").fill("2022-08-31")
    page.get_by_label("Đơn vị được giao").select_option(["TP.Q1.A", "TP.Q1.B"])
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã thêm đầu việc.")).to_be_visible()
    expect(page.locator("tr[data-unit]")).to_have_count(2)
    screenshot(page, "plans-item-added")
    page.get_by_role("link", name=small.plan.code).first.click()
    expect(page.locator("[data-figure=done]")).to_have_text("0/4")
