"""RSS and Atom feeds of a section: its twenty newest articles.

Links point at the address the feed was asked at (see ``models.served_root_url``), while
the ids of the feed and its entries are the pages' addresses at the configured base URL, so
that a reader who reaches the portal under two names does not see every article twice
(RFC 4287 §4.2.6: an id never changes). The Atom feed carries what RFC 4287 requires: an
``updated`` date on the feed and on every entry (the article's date, or its last
publication when later), and an author: the portal on the feed, the byline on entries that
have one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

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

    def feed_guid(self, section: SectionPage) -> str:
        return section.get_full_url()

    def description(self, section: SectionPage) -> str:
        return section.intro or section.title

    def author_name(self, section: SectionPage) -> str:
        """The portal publishing the section: its home page's title."""
        return section.get_parent().title

    def items(self, section: SectionPage) -> list[ArticlePage]:
        return list(published_articles().child_of(section)[:FEED_ITEMS])

    def item_title(self, article: ArticlePage) -> str:
        return article.title

    def item_description(self, article: ArticlePage) -> str:
        # Feeds carry HTML here; the lead is plain text.
        return escape(article.lead)

    def item_link(self, article: ArticlePage) -> str:
        return article.get_full_url(self.request)

    def item_guid(self, article: ArticlePage) -> str:
        return article.get_full_url()

    def item_pubdate(self, article: ArticlePage) -> datetime:
        return article.date

    def item_updateddate(self, article: ArticlePage) -> datetime:
        published = article.last_published_at
        return max(article.date, published) if published else article.date

    def item_author_name(self, article: ArticlePage) -> str | None:
        return article.author or None


class SectionAtomFeed(SectionRssFeed):
    feed_type = Atom1Feed
    subtitle = SectionRssFeed.description
