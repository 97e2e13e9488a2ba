"""The demo portal: sections, a dozen articles with pictures, every page type, once."""

from __future__ import annotations

import pytest
from django.test import Client
from wagtail.models import Page

from tuyengiao.demo.portal import ARTICLES, SECTIONS, ensure_demo_portal
from tuyengiao.portal.models import ArticlePage, SectionPage

pytestmark = pytest.mark.django_db


def test_demo_portal_is_built_once_and_every_page_renders() -> None:
    home = ensure_demo_portal()
    pages = Page.objects.count()
    assert ensure_demo_portal().pk == home.pk
    assert Page.objects.count() == pages  # nothing added the second time

    assert [section.title for section in SectionPage.objects.order_by("path")] == [
        title for title, _ in SECTIONS
    ]
    articles = ArticlePage.objects.live()
    assert articles.count() == len(ARTICLES) >= 12
    assert all(article.main_image is not None for article in articles)
    client = Client()
    for page in home.get_descendants(inclusive=True).live():
        response = client.get(page.url)
        assert response.status_code == 200, page.url
    html = client.get(home.url).content.decode()
    assert "84/87 đầu việc" in html
    assert "Thống kê truy cập" in html
