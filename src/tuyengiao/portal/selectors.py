"""Reads of the public portal: what visitors may see is live, public pages only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from wagtail.models import Page
from wagtail.query import PageQuerySet

from tuyengiao.core.text import fold, normalize
from tuyengiao.portal.models import (
    ArticleGalleryImage,
    ArticlePage,
    ContactPage,
    DocumentsPage,
    GalleryPage,
    HomePage,
    SectionPage,
)

LATEST_PER_SECTION = 4
FEATURED = 3
RELATED = 4
SEARCH_LIMIT = 200


def published_articles() -> PageQuerySet:
    """Live, public articles, newest first; a Wagtail page queryset (``child_of``, ``search``)."""
    return ArticlePage.objects.live().public().order_by("-date", "-pk")


def sections(home: Page) -> QuerySet[SectionPage]:
    return SectionPage.objects.child_of(home).live().public()


@dataclass(frozen=True)
class SectionNews:
    section: SectionPage
    articles: list[ArticlePage]


def home_blocks(home: HomePage) -> dict[str, Any]:
    """Featured articles, the latest of each section, and the portal's other pages."""
    articles = published_articles().descendant_of(home)
    featured = list(articles.filter(featured=True)[:FEATURED])
    section_news = []
    for section in sections(home):
        latest = list(articles.child_of(section).exclude(pk__in=[a.pk for a in featured]))
        section_news.append(SectionNews(section, latest[:LATEST_PER_SECTION]))
    return {"featured": featured, "section_news": section_news, **site_pages(home)}


def site_pages(home: Page) -> dict[str, Any]:
    """The navigation: sections, then the library, documents and contacts pages."""
    children = home.get_children().live().public().in_menu().specific()
    return {
        "menu": list(children),
        "gallery_page": GalleryPage.objects.child_of(home).live().first(),
        "documents_page": DocumentsPage.objects.child_of(home).live().first(),
        "contact_page": ContactPage.objects.child_of(home).live().first(),
    }


def related_articles(article: ArticlePage) -> list[ArticlePage]:
    """Articles sharing the most tags, then the newest of the same section."""
    others = published_articles().exclude(pk=article.pk)
    # all(), not values_list(): in a preview the tags are the editor's unsaved, in-memory ones.
    tag_ids = [tag.pk for tag in article.tags.all() if tag.pk is not None]
    related: list[ArticlePage] = []
    if tag_ids:
        related = list(
            others.filter(tagged_items__tag_id__in=tag_ids)
            .annotate(shared=Count("tagged_items"))
            .order_by("-shared", "-date")[:RELATED]
        )
    if len(related) < RELATED:
        parent = article.get_parent()
        rest = others.child_of(parent).exclude(pk__in=[a.pk for a in related])
        related += list(rest[: RELATED - len(related)])
    return related


def gallery_items() -> QuerySet[ArticleGalleryImage]:
    """Every published article's gallery pictures, newest article first."""
    return (
        ArticleGalleryImage.objects.filter(page__in=published_articles())
        .select_related("image", "page")
        .order_by("-page__date", "page_id", "sort_order")
    )


# --- Search ------------------------------------------------------------------------------------


def article_search(query: str) -> list[ArticlePage]:
    """Published articles with every word of ``query``, accents or not, best first.

    Words are matched in the folded title, lead and text through the search index. Results
    then come in tiers, newest first within each: the query exactly as typed (accents
    included, case aside) in the title, then in the lead or text, then the accent-free query
    as a phrase in the title, then the rest.
    """
    folded_query = fold(query)
    if not folded_query:
        return []
    found = list(
        published_articles()
        .order_by("-date")
        .search(folded_query, operator="and", order_by_relevance=False)[:SEARCH_LIMIT]
    )
    exact = normalize(query).casefold()

    def tier(article: ArticlePage) -> int:
        if exact in normalize(article.title).casefold():
            return 0
        if exact in normalize(f"{article.lead} {article.plain_text()}").casefold():
            return 1
        if folded_query in fold(article.title):
            return 2
        return 3

    found.sort(key=lambda article: (-article.date.timestamp(), -article.pk))
    return sorted(found, key=tier)
