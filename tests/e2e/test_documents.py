"""A specialist finds a plan without typing accents and sees its implementation chain."""

import pytest
from playwright.sync_api import expect

from tuyengiao.core.tests.personas import PERSONA_PASSWORD
from tuyengiao.documents.tests.builders import seed_chain

pytestmark = pytest.mark.e2e


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_search_and_chain(live_server, page, screenshot, city, city_specialist):
    seed_chain(city)
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Tên đăng nhập").fill("cv.thanhpho")
    page.get_by_label("Mật khẩu").fill(PERSONA_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(f"{live_server.url}/admin/registry/")
    page.get_by_label("Tìm kiếm").fill("229 kh qu")
    page.get_by_role("button", name="Tìm kiếm").click()
    screenshot(page, "documents-search")
    page.get_by_role("link", name="229-KH/QU").click()
    chain = page.get_by_role("region", name="Chuỗi triển khai thực hiện")
    expect(chain.get_by_role("link", name="241-KH/TU")).to_be_visible()
    expect(chain.get_by_role("link", name="30-CT/TW")).to_be_visible()
    screenshot(page, "documents-chain")
