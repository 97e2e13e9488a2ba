"""The city's specialist prepares the demo's nine-month 2022 report in the browser: opens
its draft, gives it its number, sees the figures previewed in the texts, writes the Word
file and downloads it; the file carries the number and the seed's sentence of figures."""

from io import BytesIO

import pytest
from docx import Document as WordDocument
from playwright.sync_api import expect

from tuyengiao.demo.accounts import DEMO_PASSWORD, ensure_demo_accounts
from tuyengiao.demo.documents import ensure_demo_documents
from tuyengiao.demo.orgs import ensure_demo_orgs
from tuyengiao.demo.plans import ensure_demo_plans
from tuyengiao.demo.reporting import FORM_CODE, ensure_demo_reporting

pytestmark = pytest.mark.e2e
SEED_SENTENCE = "1.418 lớp/230.516 lượt học viên, trong đó khối Đảng 614 lớp/102.068 lượt học viên"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_specialist_edits_writes_and_downloads_the_word_report(
    live_server, page, screenshot, sign_in
):
    ensure_demo_orgs()
    ensure_demo_accounts()
    ensure_demo_documents()
    ensure_demo_plans()
    ensure_demo_reporting()

    sign_in(page, live_server.url, "chuyenvien", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/admin/reports/")
    page.get_by_role("link", name="Báo cáo chính thức").click()
    page.get_by_label("Biểu mẫu báo cáo").select_option(FORM_CODE)
    page.get_by_label("Mã đơn vị").fill("HN")
    page.get_by_label("Kỳ báo cáo").fill("2022N9")
    page.get_by_role("button", name="Mở").click()

    # The texts keep their placeholders; the previews show the figures they stand for.
    expect(page.locator("[data-preview]").filter(has_text=SEED_SENTENCE)).to_have_count(1)
    expect(page.locator("[data-preview]").filter(has_text="84/87")).to_have_count(1)
    page.get_by_label("Số, ký hiệu").fill("131-BC/BTGTU")
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.get_by_text("Đã lưu dự thảo.")).to_be_visible()
    expect(page.get_by_label("Số, ký hiệu")).to_have_value("131-BC/BTGTU")

    page.get_by_role("button", name="Tạo tệp Word (.docx)").click()
    row = page.locator("[data-render]").first
    expect(row.locator("[data-render-status]")).to_contain_text("xong")
    screenshot(page, "reporting-official-report")
    with page.expect_download() as download:
        row.get_by_role("link", name="Tải về").click()
    content = open(download.value.path(), "rb").read()  # noqa: SIM115
    document = WordDocument(BytesIO(content))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "Số 131-BC/BTGTU" in cells + text
    assert SEED_SENTENCE in text
    assert "84/87" in text
