"""The demo portal in a browser: every page type renders, axe-core finds no serious or
critical accessibility violation, and each page is photographed at phone and desktop widths.

axe-core comes from the npm registry (``package.json``; ``scripts/test`` runs ``npm ci``) and
is injected into each page from ``node_modules``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from tuyengiao.demo.portal import ensure_demo_portal
from tuyengiao.documents.tests.builders import register
from tuyengiao.portal.models import ArticlePage, ContactPage, DocumentsPage, GalleryPage

pytestmark = pytest.mark.e2e

AXE = Path(settings.PROJECT_DIR) / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def axe_violations(page: Page) -> list[str]:
    """Serious and critical violations on the page, one line each."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` (scripts/test does)")
    # Evaluated through Playwright rather than added as a <script>: the portal's
    # Content-Security-Policy refuses inline scripts, as it should.
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_demo_portal_pages_are_accessible_at_phone_and_desktop_widths(
    live_server, page, screenshot, city
):
    home = ensure_demo_portal()
    directive = register(
        city,
        "30-CT/TW",
        date(2024, 2, 5),
        "Chỉ thị của Ban Bí thư về công tác tuyên truyền miệng trong tình hình mới",
        visibility="public",
    )
    documents = DocumentsPage.objects.get()
    article = ArticlePage.objects.live().get(title__startswith="Ba Đình triển khai Chỉ thị")
    pages = {
        "home": (home.url, home.title),
        "section": (article.get_parent().url, article.get_parent().title),
        "article": (article.url, article.title),
        "search": (f"{home.url}tim-kiem/?q=tuyen+truyen+mieng", "Tìm kiếm"),
        "gallery": (GalleryPage.objects.get().url, "Thư viện hình ảnh"),
        "documents": (f"{documents.url}?q=tuyen+truyen+mieng", "Văn bản"),
        "document": (f"{documents.url}{directive.pk}/", "30-CT/TW"),
        "contact": (ContactPage.objects.get().url, "Liên hệ - Liên kết"),
    }
    page.goto(f"{live_server.url}{article.url}")
    expect(page.locator("a.document-ref").first).to_have_attribute(
        "href", f"{documents.url}{directive.pk}/"
    )
    for name, (url, heading) in pages.items():
        page.set_viewport_size(DESKTOP)
        page.goto(f"{live_server.url}{url}")
        expect(page.get_by_role("heading", name=heading, exact=True).first).to_be_attached()
        assert axe_violations(page) == [], name
        screenshot(page, f"portal-{name}-desktop")
        page.set_viewport_size(PHONE)
        page.reload()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
        screenshot(page, f"portal-{name}-phone")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reader_searches_without_accents_and_opens_the_article(live_server, page, screenshot):
    ensure_demo_portal()
    page.goto(live_server.url)
    page.get_by_label("Tìm tin bài và văn bản").fill("chi thi 30-ct/tw")
    page.get_by_role("button", name="Tìm kiếm").first.click()
    results = page.locator("ol.results").first
    expect(results.get_by_role("link").first).to_have_text(
        "Ba Đình triển khai Chỉ thị 30-CT/TW về công tác tuyên truyền miệng"
    )
    results.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Ba Đình triển khai Chỉ thị 30-CT/TW về công tác tuyên truyền miệng"
    )
    expect(page.locator("[data-views]")).to_have_text("1")
    expect(page.get_by_role("link", name="In trang")).to_be_visible()
    screenshot(page, "portal-article-from-search")
