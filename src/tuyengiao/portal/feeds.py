"""RSS and Atom feeds of a section: its twenty newest articles."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from tuyengiao.portal.models import ArticlePage, SectionPage
from tuyengiao.portal.selectors import published_articles

FEED_ITEMS = 20


class SectionRssFeed(Feed):
    def get_object(self, request: Any, section: SectionPage) -> SectionPage:
        self.request = request
        return section

    def title(self, section: SectionPage) -> str:
        return section.title

    def link(self, section: SectionPage) -> str:
        return section.get_full_url(self.request)

    def description(self, section: SectionPage) -> str:
        return section.intro or section.title

    def items(self, section: SectionPage) -> list[ArticlePage]:
        return list(published_articles().child_of(section)[:FEED_ITEMS])

    def item_title(self, article: ArticlePage) -> str:
        return article.title

    def item_description(self, article: ArticlePage) -> str:
        return article.lead

    def item_link(self, article: ArticlePage) -> str:
        return article.get_full_url(self.request)

    def item_pubdate(self, article: ArticlePage) -> datetime:
        return article.date

    def item_author_name(self, article: ArticlePage) -> str:
        return article.author


class SectionAtomFeed(SectionRssFeed):
    feed_type = Atom1Feed
    subtitle = SectionRssFeed.description
