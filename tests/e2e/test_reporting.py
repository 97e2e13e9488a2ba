"""A ward officer fills in the monthly report with the keyboard, the draft saves itself, she
submits it; the city leader approves it; the figures screen shows it and exports Excel."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tuyengiao.reporting.models import DataValue, Submission
from tuyengiao.reporting.periods import period_containing
from tuyengiao.reporting.tests.builders import build_form

pytestmark = pytest.mark.e2e


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_enter_submit_approve_and_see_the_figures(
    live_server, browser, page, screenshot, city, ward_officer_a, city_leader, sign_in
):
    tf = build_form(city.ward_a, city.ward_b)
    period = period_containing("month", timezone.localdate())
    sign_in(page, live_server.url, "cb.phuonga")
    page.goto(f"{live_server.url}/admin/reports/")
    page.get_by_label("Mã đơn vị").fill("TP.Q1.A")
    page.get_by_label("Kỳ báo cáo").fill(period.code)
    page.get_by_role("button", name="Mở báo cáo").click()

    # Keyboard entry: type, Enter to the next cell.
    first = page.get_by_label("Số văn bản ban hành")
    first.click()
    first.fill("12")
    first.press("Enter")
    page.keyboard.type("3")
    page.keyboard.press("Enter")
    page.keyboard.type("1")
    page.keyboard.press("Enter")
    page.keyboard.type("0")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # no class of other blocks: the cell stays empty
    page.keyboard.type("45")
    expect(page.get_by_text("Đã lưu nháp lúc")).to_be_visible(timeout=10_000)
    screenshot(page, "reporting-entry")
    party = tf.options["party"]
    assert DataValue.objects.get(indicator=tf.documents).value == 12
    assert DataValue.objects.get(indicator=tf.classes, option=party).value == 3
    assert DataValue.objects.get(indicator=tf.learners, option=party).value == 45

    page.get_by_role("button", name="Gửi phê duyệt").click()
    expect(page.get_by_text("Đã gửi báo cáo để phê duyệt.")).to_be_visible()
    assert Submission.objects.get().status == Submission.Status.SUBMITTED

    leader = browser.new_context(locale="vi-VN").new_page()
    sign_in(leader, live_server.url, "ld.thanhpho")
    leader.goto(f"{live_server.url}/admin/reports/review/")
    leader.get_by_role("button", name="Phê duyệt").click()
    expect(leader.get_by_text("Đã phê duyệt báo cáo.")).to_be_visible()
    assert Submission.objects.get().status == Submission.Status.APPROVED

    leader.goto(
        f"{live_server.url}/admin/reports/pivot/?form={tf.form.code}&unit=TP.Q1"
        f"&period={period.code}&rows=unit"
    )
    table = leader.locator("[data-pivot]")
    expect(table.get_by_role("row", name="Đảng ủy phường Ánh Dương")).to_contain_text("12")
    expect(table.locator("[data-total]")).to_contain_text("45")
    screenshot(leader, "reporting-pivot")
    with leader.expect_download() as download:
        leader.get_by_role("link", name="Tải tệp Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    # The officer's report is locked now: no inputs to type in.
    page.reload()
    expect(page.get_by_role("button", name="Gửi phê duyệt")).to_have_count(0)
