"""Views of the public portal: pages render through :func:`serve_cached`, which keeps the
HTML for the next visitor (see pagecache.py). Documents are read as an anonymous visitor, so
only public ones ever show, whoever is signed in."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.html import escape, strip_tags
from django.utils.text import Truncator
from wagtail.models import Page, Site

from tuyengiao.documents.search import DocumentFilters, document_search, type_choices
from tuyengiao.documents.selectors import (
    document_for_user,
    documents_visible_to,
    implementation_chain,
)
from tuyengiao.portal import pagecache
from tuyengiao.portal.feeds import SectionAtomFeed, SectionRssFeed
from tuyengiao.portal.models import ArticlePage, DocumentsPage, HomePage, SectionPage
from tuyengiao.portal.references import link_documents
from tuyengiao.portal.selectors import (
    article_search,
    published_articles,
    related_articles,
    site_pages,
)

ARTICLES_PER_PAGE = 10
DOCUMENTS_PER_PAGE = 20
SEARCH_DOCUMENTS = 10


def _home(request: HttpRequest, page: Page) -> HomePage | None:
    site = Site.find_for_request(request)
    root = site.root_page if site else page.get_ancestors(inclusive=True).type(HomePage).first()
    return root.specific if root else None


def _context(page: Page, request: HttpRequest, extra: dict[str, Any] | None) -> dict[str, Any]:
    context = page.get_context(request)
    home = _home(request, page)
    context["home"] = home
    if home is not None:
        context.update(site_pages(home))
    if isinstance(page, ArticlePage):
        context.update(_article_context(page, context.get("documents_page")))
    context.update(extra or {})
    context["page_description"] = _description(page)
    context["canonical_url"] = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + (page.url or "/")
    context.update(pagecache.markers())
    return context


def _description(page: Page) -> str:
    """For search engines and link previews: the page's description, else its lead."""
    text = page.search_description or getattr(page, "lead", "") or getattr(page, "intro", "")
    return Truncator(strip_tags(str(text))).chars(200)


def _article_context(article: ArticlePage, documents_page: DocumentsPage | None) -> dict[str, Any]:
    url = documents_page.url if documents_page else None
    lead = link_documents(escape(article.lead), url)
    body = link_documents(str(article.body), url)
    cited = {document.pk: document for document in [*lead.documents, *body.documents]}
    return {
        "section": article.get_parent().specific,
        "lead_html": lead.html,
        "body_html": body.html,
        "cited_documents": list(cited.values()),
        "related": related_articles(article),
        "tags": list(article.tags.all()),
        "gallery": list(article.gallery_images.select_related("image")),
    }


def serve_cached(
    page: Page,
    request: HttpRequest,
    extra: dict[str, Any] | None = None,
    template: str | None = None,
) -> HttpResponse:
    """Render ``page`` with markers, keep it for the next plain anonymous request, and answer
    with the figures of the moment."""
    html = render_to_string(
        template or page.get_template(request), _context(page, request, extra), request
    )
    entry = pagecache.Entry(html, page.pk if isinstance(page, ArticlePage) else None)
    preview = getattr(request, "is_preview", False)
    if not preview and template is None:
        pagecache.store(request, entry)
    return pagecache.respond(request, entry, count=not preview)


def section_view(section: SectionPage, request: HttpRequest) -> HttpResponse:
    paginator = Paginator(published_articles().child_of(section), ARTICLES_PER_PAGE)
    articles = paginator.get_page(request.GET.get("page"))
    return serve_cached(section, request, {"articles": articles})


def section_rss(section: SectionPage, request: HttpRequest) -> HttpResponse:
    return SectionRssFeed()(request, section=section)


def section_atom(section: SectionPage, request: HttpRequest) -> HttpResponse:
    return SectionAtomFeed()(request, section=section)


def print_view(article: ArticlePage, request: HttpRequest) -> HttpResponse:
    return serve_cached(article, request, template="portal/article_print.html")


def search_view(home: HomePage, request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    extra: dict[str, Any] = {"query": query, "search_page": True}
    if query:
        documents = document_search(AnonymousUser(), query)
        extra.update(
            articles=article_search(query),
            documents=list(documents[:SEARCH_DOCUMENTS]),
            documents_count=documents.count(),
        )
    return serve_cached(home, request, extra, template="portal/search.html")


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def documents_view(page: DocumentsPage, request: HttpRequest) -> HttpResponse:
    anonymous = AnonymousUser()
    query = request.GET.get("q", "").strip()[:200]
    type_code = request.GET.get("type", "").strip() or None
    year = _int_or_none(request.GET.get("year"))
    results = document_search(anonymous, query, DocumentFilters(type_code=type_code, year=year))
    paginator = Paginator(results, DOCUMENTS_PER_PAGE)
    years = documents_visible_to(anonymous).dates("issue_date", "year", order="DESC")
    extra = {
        "query": query,
        "type_code": type_code or "",
        "year": year,
        "types": type_choices(anonymous),
        "years": [day.year for day in years],
        "results": paginator.get_page(request.GET.get("page")),
    }
    return serve_cached(page, request, extra)


def document_view(page: DocumentsPage, request: HttpRequest, document_id: int) -> HttpResponse:
    document = document_for_user(AnonymousUser(), document_id)
    above, below = implementation_chain(AnonymousUser(), document)
    extra = {"document": document, "chain_above": above, "chain_below": below}
    return serve_cached(page, request, extra, template="portal/document_detail.html")


def robots_txt(request: HttpRequest) -> HttpResponse:
    base = request.build_absolute_uri("/").rstrip("/")
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        f"Sitemap: {base}/sitemap.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
