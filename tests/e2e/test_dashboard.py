"""The city leader opens the dashboard of the demo's nine-month 2022 reports: the figure
cards, completeness and "84/87 đầu việc", both charts drawn by Chart.js served from the
platform itself (no request leaves the server), numbers the Vietnamese way, and a printed
page without the admin's sidebar and picker."""

import pytest
from playwright.sync_api import expect

from tuyengiao.demo.accounts import DEMO_PASSWORD, ensure_demo_accounts
from tuyengiao.demo.documents import ensure_demo_documents
from tuyengiao.demo.orgs import ensure_demo_orgs
from tuyengiao.demo.plans import ensure_demo_plans
from tuyengiao.demo.reporting import FORM_CODE, ensure_demo_reporting

pytestmark = pytest.mark.e2e

# Non-blank pixels of a canvas: a drawn chart has thousands, an empty canvas none.
PAINTED = """(id) => {
    const canvas = document.getElementById(id);
    const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    let painted = 0;
    for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) painted++; }
    return painted;
}"""


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_city_leader_reads_and_prints_the_dashboard(live_server, page, screenshot, sign_in):
    ensure_demo_orgs()
    ensure_demo_accounts()
    ensure_demo_documents()
    ensure_demo_plans()
    ensure_demo_reporting()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    sign_in(page, live_server.url, "lanhdao", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/admin/reports/")
    page.get_by_role("link", name="Bảng theo dõi báo cáo").first.click()
    page.get_by_label("Biểu mẫu báo cáo").select_option(FORM_CODE)
    page.get_by_label("Mã đơn vị").fill("HN")
    page.get_by_label("Kỳ báo cáo").fill("2022N9")
    page.get_by_label("Chỉ tiêu theo đơn vị").select_option(label="Số lượt học viên")
    page.get_by_role("button", name="Xem").click()

    expect(page.locator("[data-work-items]")).to_contain_text("84/87 đầu việc")
    expect(page.locator("[data-completeness]")).to_contain_text("31/31")
    expect(page.locator("[data-figure=classes]")).to_contain_text("1.418")
    expect(page.locator("[data-figure=documents_issued]")).to_contain_text("+13,6%")
    expect(page.locator("[data-bar-table]")).to_contain_text("Quận ủy Ba Đình")

    # Both charts drawn by Chart.js, from the figures of the tables.
    page.wait_for_function(
        "() => window.Chart && Chart.getChart('db-bar') && Chart.getChart('db-line')"
    )
    bars = page.evaluate("() => Chart.getChart('db-bar').data.datasets.map(d => d.label)")
    assert bars == ["9 tháng đầu năm 2022", "9 tháng đầu năm 2021"]
    units = page.evaluate("() => Chart.getChart('db-bar').data.labels.length")
    assert units == page.locator("[data-bar-table] tbody tr").count()
    assert page.evaluate(PAINTED, "db-bar") > 1000
    assert page.evaluate(PAINTED, "db-line") > 1000
    # The axis of learners reads the Vietnamese way: 10.000, not 10,000.
    ticks = page.evaluate("() => Chart.getChart('db-bar').scales.x.ticks.map(t => t.label)")
    assert any("." in str(label) for label in ticks), ticks
    assert not any("," in str(label) for label in ticks), ticks

    # Chart.js came from the platform's own static files; nothing from elsewhere.
    assert any(url.endswith("/static/vendor/chartjs/chart.umd.min.js") for url in requested)
    assert all(url.startswith((live_server.url, "data:")) for url in requested), [
        url for url in requested if not url.startswith(live_server.url)
    ]
    # The admin scrolls inside its main area: make the window as tall as the page to see it.
    height = page.evaluate("() => document.getElementById('main').scrollHeight")
    page.set_viewport_size({"width": 1280, "height": height})
    screenshot(page, "reporting-dashboard")

    # Printed: no sidebar, header or picker; the charts and their tables stay.
    expect(page.get_by_role("button", name="In")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator("#wagtail-sidebar")).to_be_hidden()
    expect(page.locator(".w-slim-header")).to_be_hidden()
    expect(page.get_by_label("Mã đơn vị")).to_be_hidden()
    expect(page.get_by_role("button", name="In")).to_be_hidden()
    expect(page.locator("#db-bar")).to_be_visible()
    expect(page.locator("[data-line-table]")).to_be_visible()
    screenshot(page, "reporting-dashboard-print")
