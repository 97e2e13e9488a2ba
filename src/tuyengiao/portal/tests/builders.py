"""A small portal for tests: the home page, sections and published articles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from tuyengiao.demo.portal import ensure_home_page
from tuyengiao.portal.models import ArticlePage, DocumentsPage, HomePage, SectionPage


@dataclass
class Portal:
    home: HomePage
    news: SectionPage
    work: SectionPage
    documents: DocumentsPage


def publish(parent, page):  # type: ignore[no-untyped-def]
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def build_portal() -> Portal:
    home = ensure_home_page()
    news = publish(home, SectionPage(title="Tin tức - Sự kiện", show_in_menus=True))
    work = publish(home, SectionPage(title="Công tác tuyên giáo", show_in_menus=True))
    documents = publish(home, DocumentsPage(title="Văn bản", show_in_menus=True))
    return Portal(home, news, work, documents)


def article(
    section: SectionPage,
    title: str,
    when: datetime | None = None,
    paragraphs: tuple[str, ...] = ("Nội dung bài viết.",),
    lead: str = "",
    tags: tuple[str, ...] = (),
    live: bool = True,
) -> ArticlePage:
    page = ArticlePage(
        title=title,
        date=when or timezone.now(),
        lead=lead,
        body=[("paragraph", f"<p>{text}</p>") for text in paragraphs],
    )
    page.tags.add(*tags)
    if not live:
        page.live = False
        section.add_child(instance=page)
        page.save_revision()
        return page
    return publish(section, page)
