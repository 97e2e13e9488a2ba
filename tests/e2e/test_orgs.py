"""A specialist walks the organisation tree and merges two wards with the wizard."""

import pytest
from playwright.sync_api import expect

from tuyengiao.orgs.models import Succession

pytestmark = pytest.mark.e2e


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_walk_the_tree_and_merge_two_wards(
    live_server, page, screenshot, city, city_specialist, ward_officer_a, sign_in
):
    sign_in(page, live_server.url, "cv.thanhpho")
    page.goto(f"{live_server.url}/admin/units/?on=2022-09-30")
    tree = page.get_by_role("tree")
    expect(tree.get_by_role("link", name="Thành ủy Thành phố")).to_be_visible()
    district = tree.locator("summary", has=page.get_by_role("link", name="Quận ủy Quận Một"))
    district.click(position={"x": 4, "y": 8})  # the disclosure marker, not the link
    expect(tree.get_by_role("link", name="Đảng ủy phường Bình Minh")).to_be_visible()
    screenshot(page, "orgs-tree-2022")

    page.get_by_label("Tìm kiếm").fill("binh minh")
    page.get_by_role("button", name="Xem").click()
    expect(page.locator("mark")).to_have_text(
        ["Đảng ủy phường Bình Minh", "Chi bộ khu phố 1 Bình Minh"]
    )
    screenshot(page, "orgs-tree-search")

    page.get_by_role("link", name="Đảng ủy phường Bình Minh").click()
    expect(page.get_by_role("heading", name="Lịch sử")).to_be_visible()
    screenshot(page, "orgs-unit")

    page.goto(f"{live_server.url}/admin/units/merge/")
    page.get_by_label("Đơn vị hợp nhất").select_option(
        label=["Đảng ủy phường Ánh Dương (TP.Q1.A)", "Đảng ủy phường Bình Minh (TP.Q1.B)"]
    )
    page.get_by_label("Mã đơn vị mới").fill("TP.P.MOI")
    page.get_by_label("Tên đơn vị mới").fill("Đảng ủy phường Hòa Bình")
    page.get_by_label("Loại đơn vị mới").select_option(label="Đảng ủy xã, phường, thị trấn")
    page.get_by_label("Đơn vị cấp trên của đơn vị mới").select_option(
        label="Thành ủy Thành phố (TP)"
    )
    page.get_by_label("Ngày hiệu lực").fill("2025-07-01")
    page.get_by_label("Căn cứ pháp lý").fill("Nghị quyết 1656/NQ-UBTVQH15")
    page.get_by_role("button", name="Xem trước").click()
    preview = page.get_by_role("region", name="Xem trước: những gì sẽ được ghi nhận")
    expect(preview).to_contain_text("Đảng ủy phường Ánh Dương")
    expect(preview).to_contain_text("Ngô Thị An")
    screenshot(page, "orgs-merge-preview")
    assert not Succession.objects.exists()

    page.get_by_role("button", name="Xác nhận và ghi nhận").click()
    expect(
        page.get_by_role("tree").get_by_role("link", name="Đảng ủy phường Hòa Bình")
    ).to_be_visible()
    screenshot(page, "orgs-tree-after-merge")
    assert Succession.objects.filter(kind="merge").count() == 2
