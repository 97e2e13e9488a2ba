"""The Content-Security-Policy in a browser: public pages and the staff admin load and work
without a single violation reported in chromium's console (a violation means a script or a
style the policy blocked, i.e. a broken page or a policy that states the wrong needs)."""

from __future__ import annotations

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from tuyengiao.demo.portal import ensure_demo_portal
from tuyengiao.portal.models import ArticlePage

pytestmark = pytest.mark.e2e


@pytest.fixture
def violations(page: Page) -> list[str]:
    """Console errors about the Content-Security-Policy, as chromium reports them."""
    found: list[str] = []

    def collect(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Permissions-Policy" in message.text:
            found.append(f"{page.url}: {message.text}")

    page.on("console", collect)
    return found


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_public_pages_run_under_the_strict_policy(live_server, page, violations):
    home = ensure_demo_portal()
    article = ArticlePage.objects.live().first()
    for url in (
        home.url,
        article.url,
        f"{home.url}tim-kiem/?q=tuyen+truyen",
        "/cuoc-thi/",
        "/api/v1/docs",
    ):
        response = page.goto(f"{live_server.url}{url}")
        assert response is not None
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
    # The API's interactive documentation runs from the project's static files too.
    expect(page.get_by_role("heading", name="Tuyên giáo số API")).to_be_visible()
    assert violations == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_admin_pages_run_under_the_admin_policy(
    live_server, page, violations, sign_in, system_admin, screenshot
):
    home = ensure_demo_portal()
    article = ArticlePage.objects.live().first()
    sign_in(page, live_server.url, system_admin.username)
    for url in (
        "/admin/",
        f"/admin/pages/{home.pk}/",
        f"/admin/pages/{article.pk}/edit/",
        "/admin/images/multiple/add/",
        "/admin/documents/multiple/add/",
        "/admin/users/",
        "/admin/account/",
        "/admin/reports/site-history/",
    ):
        page.goto(f"{live_server.url}{url}")
        page.wait_for_load_state("networkidle")
        expect(page.locator("#wagtail-sidebar")).to_be_attached()
    # The live preview shows the public page, under the public policy, in a frame of the
    # editor.
    page.goto(f"{live_server.url}/admin/pages/{home.pk}/edit/")
    page.get_by_role("button", name="Xem trước").first.click()
    preview = page.frame_locator("iframe").first
    expect(preview.get_by_role("heading", name=home.title).first).to_be_visible()
    screenshot(page, "csp-admin-editor-preview")
    assert violations == []
