"""Every page type renders for visitors: lists, article extras, documents, feeds, search."""

from __future__ import annotations

from datetime import date, datetime
from xml.etree import ElementTree

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from tuyengiao.documents.tests.builders import register, seed_chain
from tuyengiao.portal.models import ContactPage, GalleryPage, SectionPage
from tuyengiao.portal.selectors import article_search, related_articles
from tuyengiao.portal.tests.builders import Portal, article, build_portal, publish

pytestmark = pytest.mark.django_db
PUBLIC = {"visibility": "public"}


@pytest.fixture
def portal() -> Portal:
    return build_portal()


def _at(day: int, month: int, year: int) -> datetime:
    return timezone.make_aware(datetime(year, month, day, 9, 0))


def test_slugs_fold_vietnamese(portal: Portal) -> None:
    section = publish(portal.home, SectionPage(title="Đống Đa"))
    assert section.slug == "dong-da"
    typed = publish(portal.home, SectionPage(title="Tin Hòa Bình", slug="Hòa-Bình Đẹp"))
    assert typed.slug == "hoa-binh-dep"


def test_home_shows_latest_news_per_section_and_the_statistics_box(portal: Portal) -> None:
    article(portal.news, "Ba Đình kỷ niệm Ngày Thương binh - Liệt sĩ", _at(23, 7, 2024))
    article(portal.work, "Sơ kết công tác tuyên giáo 9 tháng", _at(29, 9, 2022))
    article(portal.work, "Bản nháp chưa duyệt", live=False)
    html = Client().get("/").content.decode()
    assert "Ba Đình kỷ niệm Ngày Thương binh - Liệt sĩ" in html
    assert "Sơ kết công tác tuyên giáo 9 tháng" in html
    assert "29/09/2022" in html
    assert "Bản nháp chưa duyệt" not in html
    assert "Đang trực tuyến" in html
    assert "Tổng số lượt truy cập" in html
    assert "@@tg-" not in html  # every marker replaced


def test_section_is_paginated_newest_first_with_vietnamese_dates(portal: Portal) -> None:
    for day in range(1, 13):
        article(portal.work, f"Tin ngày {day:02d}", _at(day, 3, 2024))
    first = Client().get(portal.work.url).content.decode()
    assert first.index("Tin ngày 12") < first.index("Tin ngày 03")
    assert "Tin ngày 02" not in first
    assert "12/03/2024" in first
    second = Client().get(portal.work.url, {"page": 2}).content.decode()
    assert "Tin ngày 02" in second
    assert "Tin ngày 01" in second
    assert "Trang 2/2" in second


def test_article_links_public_documents_it_cites_and_not_internal_ones(
    city, portal: Portal
) -> None:
    directive, plan, ward_plan = seed_chain(city)  # 30-CT/TW public; the plans internal
    page = article(
        portal.work,
        "Triển khai Chỉ thị 30",
        paragraphs=(
            "Thực hiện Chỉ thị số 30-CT/TW ngày 05/02/2024 của Ban Bí thư và "
            "Kế hoạch số 229-KH/QU của Quận ủy.",
        ),
        tags=("tuyên truyền miệng",),
    )
    html = Client().get(page.url).content.decode()
    link = f'href="{portal.documents.url}{directive.pk}/"'
    assert f'<a class="document-ref" {link}>Chỉ thị số 30-CT/TW ngày 05/02/2024' in html
    assert f"{portal.documents.url}{ward_plan.pk}/" not in html
    assert 'property="og:type" content="article"' in html
    assert f'<link rel="canonical" href="http://testserver{page.url}">' in html
    assert "<script" not in html  # no third-party (or any) scripts
    document_page = Client().get(f"{portal.documents.url}{directive.pk}/")
    assert document_page.status_code == 200
    assert "Chỉ thị về tăng cường công tác tuyên truyền miệng" in document_page.content.decode()
    assert Client().get(f"{portal.documents.url}{plan.pk}/").status_code == 404


def test_related_articles_share_tags_first(portal: Portal) -> None:
    page = article(portal.news, "Tuyên truyền miệng ở cơ sở", tags=("tuyên truyền miệng",))
    article(portal.work, "Báo cáo viên được bồi dưỡng", tags=("tuyên truyền miệng",))
    article(portal.news, "Tin khác cùng chuyên mục")
    article(portal.work, "Tin khác chuyên mục khác")
    html = Client().get(page.url).content.decode()
    related = html[html.index('id="related-title"') :]
    assert related.index("Báo cáo viên được bồi dưỡng") < related.index("Tin khác cùng chuyên mục")
    assert "Tin khác chuyên mục khác" not in related


def test_related_articles_of_a_previewed_revision_with_unsaved_tags(portal: Portal) -> None:
    """The admin's preview renders the editor's revision, whose tags live in memory."""
    page = article(portal.news, "Tuyên truyền miệng ở cơ sở", tags=("tuyên truyền miệng",))
    other = article(portal.work, "Báo cáo viên được bồi dưỡng", tags=("tuyên truyền miệng",))
    page.save_revision()
    preview = page.get_latest_revision_as_object()
    preview.tags.add("bài mới")
    assert other in related_articles(preview)


def test_print_view_has_the_article_without_navigation(portal: Portal) -> None:
    page = article(portal.news, "Bài để in", paragraphs=("Đoạn văn cần in.",))
    html = Client().get(f"{page.url}in/").content.decode()
    assert "Đoạn văn cần in." in html
    assert 'class="portal-nav"' not in html
    assert 'name="robots" content="noindex"' in html


def test_public_documents_page_searches_without_accents_and_filters(city, portal: Portal) -> None:
    register(
        city, "30-CT/TW", date(2024, 2, 5), "Chỉ thị về tuyên truyền miệng", visibility="public"
    )
    register(
        city, "15-NQ/TW", date(2022, 5, 5), "Nghị quyết phát triển Thủ đô", visibility="public"
    )
    register(city, "241-KH/TU", date(2024, 5, 30), "Kế hoạch tuyên truyền miệng nội bộ")
    client = Client()
    html = client.get(portal.documents.url, {"q": "tuyen truyen mieng"}).content.decode()
    assert "30-CT/TW" in html
    assert "241-KH/TU" not in html
    assert "15-NQ/TW" not in html
    html = client.get(portal.documents.url, {"year": "2022"}).content.decode()
    assert "15-NQ/TW" in html
    assert "30-CT/TW" not in html
    html = client.get(portal.documents.url, {"type": "NQ"}).content.decode()
    assert "15-NQ/TW" in html
    assert "30-CT/TW" not in html


def test_search_is_accent_insensitive_with_exact_matches_first(city, portal: Portal) -> None:
    article(portal.news, "Hội thi tuyên truyền viên giỏi", _at(1, 6, 2024))
    article(portal.news, "Tuyên truyền miệng trong tình hình mới", _at(1, 1, 2023))
    article(
        portal.news,
        "Tin mới về cơ sở",
        _at(1, 7, 2024),
        paragraphs=("Đội ngũ làm công tác tuyên truyền và miệng nói tay làm.",),
    )
    register(
        city, "30-CT/TW", date(2024, 2, 5), "Chỉ thị về tuyên truyền miệng", visibility="public"
    )
    titles = [page.title for page in article_search("tuyen truyen mieng")]
    assert titles == ["Tuyên truyền miệng trong tình hình mới", "Tin mới về cơ sở"]
    exact_first = [page.title for page in article_search("Tuyên truyền miệng")]
    assert exact_first[0] == "Tuyên truyền miệng trong tình hình mới"
    html = Client().get(f"{portal.home.url}tim-kiem/", {"q": "TUYEN TRUYEN MIENG"}).content.decode()
    assert "Tuyên truyền miệng trong tình hình mới" in html
    assert "30-CT/TW" in html


def test_section_feeds_list_the_newest_articles(portal: Portal) -> None:
    article(portal.work, "Bài thứ nhất", _at(1, 3, 2024))
    article(portal.work, "Bài thứ hai", _at(2, 3, 2024))
    rss = ElementTree.fromstring(Client().get(f"{portal.work.url}rss/").content)
    assert [item.findtext("title") for item in rss.iter("item")] == ["Bài thứ hai", "Bài thứ nhất"]
    atom = ElementTree.fromstring(Client().get(f"{portal.work.url}atom/").content)
    entries = atom.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 2


def test_sitemap_and_robots(portal: Portal) -> None:
    page = article(portal.work, "Bài trong sơ đồ trang")
    sitemap = Client().get("/sitemap.xml").content.decode()
    assert f"http://testserver{page.url}" in sitemap  # the address asked, not the Site record
    robots = Client().get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in robots
    assert "Sitemap: http://testserver/sitemap.xml" in robots


def test_gallery_and_contact_pages_render(portal: Portal) -> None:
    gallery = publish(portal.home, GalleryPage(title="Thư viện hình ảnh"))
    contact = publish(
        portal.home, ContactPage(title="Liên hệ", phone="024 3823 0000", address="Ba Đình")
    )
    assert Client().get(gallery.url).status_code == 200
    html = Client().get(contact.url).content.decode()
    assert 'href="tel:02438230000"' in html


@override_settings(PORTAL_COUNTING=False)
def test_a_cached_page_is_served_without_queries_and_refreshed_on_publish(
    portal: Portal, django_assert_max_num_queries
) -> None:
    client = Client()
    assert client.get("/").status_code == 200
    with django_assert_max_num_queries(0):
        assert client.get("/").status_code == 200
    article(portal.news, "Tin vừa đăng")
    assert "Tin vừa đăng" in client.get("/").content.decode()
