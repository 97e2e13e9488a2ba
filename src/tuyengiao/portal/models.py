"""Page types of the committee's public portal, and the counters behind its statistics box.

The tree: the home page (root of the site) holds section indexes, each holding articles, and
one page each of the image library, the public documents and the contacts and links. Pages
keep slugs folded the Vietnamese way (``Đống Đa`` → ``dong-da``) whatever the editor typed.
"""

from __future__ import annotations

from collections.abc import Callable
from html import unescape
from typing import Any

from django.conf import settings
from django.db import models
from django.http import HttpRequest
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Orderable, Page, Site
from wagtail.search import index

from tuyengiao.core.text import fold, slugify_vi


def _view(name: str) -> Callable[..., Any]:
    """The view ``name`` of views.py, imported when called (the views import these models)."""

    def call(*args: Any, **kwargs: Any) -> Any:
        from tuyengiao.portal import views

        return getattr(views, name)(*args, **kwargs)

    return call


class FoldedSlugMixin:
    """Slugs fold Vietnamese: ``đ`` becomes ``d``, accents go (``Đống Đa`` → ``dong-da``)."""

    def full_clean(self, *args: Any, **kwargs: Any) -> None:
        self.slug = slugify_vi(self.slug or self.title, max_length=200) or "trang"
        super().full_clean(*args, **kwargs)


def served_root_url(site_id: int, request: Any = None) -> str | None:
    """Scheme and host the portal is reached at, for the pages of the site ``site_id``.

    Wagtail builds full URLs from the Site record's hostname and port, ``http://localhost``
    for the site made on install, whatever address visitors use. Instead: for the site that
    answers ``request``, the request's own scheme and host (``get_host()`` refuses a host
    outside ALLOWED_HOSTS, and honours the proxy settings); without a request, when the
    deployment has one site, its configured address (``BASE_URL``, that is
    ``WAGTAILADMIN_BASE_URL``). None where the Site record's address stands: pages of another
    site of a multi-site deployment.
    """
    if isinstance(request, HttpRequest):
        site = Site.find_for_request(request)
        if site is not None and site.pk == site_id:
            return f"{request.scheme}://{request.get_host()}"
        return None
    if len({root.site_id for root in Site.get_site_root_paths()}) == 1:
        return str(settings.WAGTAILADMIN_BASE_URL).rstrip("/")
    return None


class ServedAddressMixin:
    """Full page URLs (feeds, sitemap, links to share) at the address the portal is reached
    at: see :func:`served_root_url`."""

    def get_url_parts(self, request: Any = None) -> tuple[int, str | None, str | None] | None:
        parts = super().get_url_parts(request)
        if parts is None or parts[1] is None:
            return parts
        site_id, root_url, page_path = parts
        return site_id, served_root_url(site_id, request) or root_url, page_path


class LinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"))
    url = blocks.URLBlock(label=_("address"))

    class Meta:
        icon = "link"
        label = _("link")


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False)

    class Meta:
        icon = "image"
        label = _("image with caption")
        template = "portal/blocks/captioned_image.html"


class ArticleBodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(label=_("heading"), form_classname="title", icon="title")
    paragraph = blocks.RichTextBlock(
        label=_("paragraph"), features=["bold", "italic", "link", "ol", "ul"]
    )
    image = CaptionedImageBlock()
    quote = blocks.BlockQuoteBlock(label=_("quotation"))


class HomePage(FoldedSlugMixin, ServedAddressMixin, RoutablePageMixin, Page):
    """The portal's front page: featured and latest news, statistics, links; the search
    page is one of its routes (``tim-kiem/``)."""

    intro = RichTextField(_("introduction"), blank=True)
    links = StreamField(
        [("link", LinkBlock())], verbose_name=_("links block"), blank=True, default=list
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("links")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def __str__(self) -> str:
        return self.title

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from tuyengiao.portal.selectors import home_blocks

        context = super().get_context(request, *args, **kwargs)
        context.update(home_blocks(self))
        return context

    @path("")
    def home(self, request: Any) -> Any:
        return _view("serve_cached")(self, request)

    @path("tim-kiem/", name="search")
    def search(self, request: Any) -> Any:
        return _view("search_view")(self, request)


class SectionPage(FoldedSlugMixin, ServedAddressMixin, RoutablePageMixin, Page):
    """A section (chuyên mục): its articles newest first, ten to a page, with feeds."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.ArticlePage"]

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    @path("")
    def listing(self, request: Any) -> Any:
        return _view("section_view")(self, request)

    @path("rss/", name="rss")
    def rss(self, request: Any) -> Any:
        return _view("section_rss")(self, request)

    @path("atom/", name="atom")
    def atom(self, request: Any) -> Any:
        return _view("section_atom")(self, request)


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "portal.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class ArticlePage(FoldedSlugMixin, ServedAddressMixin, RoutablePageMixin, Page):
    """A news article (tin, bài): date, author or source, lead, body, tags and a gallery."""

    date = models.DateTimeField(_("date"))
    author = models.CharField(_("author or source"), max_length=255, blank=True)
    lead = models.TextField(_("lead"), blank=True)
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"), blank=True, default=list)
    featured = models.BooleanField(
        _("featured"), default=False, help_text=_("Shown at the top of the home page.")
    )
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True, verbose_name=_("tags"))
    # Accent-free title, lead and text, kept for the search index.
    search_text = models.TextField(editable=False, default="")

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("author"), FieldPanel("featured")],
            heading=_("publication"),
        ),
        FieldPanel("lead"),
        FieldPanel("body"),
        FieldPanel("tags"),
        InlinePanel("gallery_images", label=_("gallery")),
    ]
    parent_page_types = ["portal.SectionPage"]
    subpage_types: list[str] = []
    search_fields = [
        *Page.search_fields,
        index.SearchField("search_text"),
        index.FilterField("date"),
    ]

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def full_clean(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = fold(f"{self.title} {self.lead} {self.plain_text()}")
        super().full_clean(*args, **kwargs)

    def plain_text(self) -> str:
        """The body's words without markup: headings, paragraphs, captions, quotations."""
        parts = []
        for block in self.body:
            if block.block_type == "paragraph":
                parts.append(unescape(strip_tags(block.value.source)))
            elif block.block_type == "image":
                parts.append(block.value["caption"] or "")
            else:
                parts.append(str(block.value))
        return " ".join(part for part in parts if part)

    @property
    def main_image(self) -> Any:
        """The first image of the body, or else of the gallery: the article's picture."""
        for block in self.body:
            if block.block_type == "image":
                return block.value["image"]
        first = self.gallery_images.first()
        return first.image if first else None

    @path("")
    def article(self, request: Any) -> Any:
        return _view("serve_cached")(self, request)

    @path("in/", name="print")
    def print_view(self, request: Any) -> Any:
        return _view("print_view")(self, request)


class ArticleGalleryImage(Orderable):
    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="gallery_images")
    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.CASCADE, related_name="+", verbose_name=_("image")
    )
    caption = models.CharField(_("caption"), max_length=255, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]


class GalleryPage(FoldedSlugMixin, ServedAddressMixin, Page):
    """The image library (thư viện hình ảnh): every article's pictures, newest first."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("image library")
        verbose_name_plural = _("image libraries")

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from tuyengiao.portal.selectors import gallery_items

        context = super().get_context(request, *args, **kwargs)
        context["items"] = gallery_items()
        return context

    def serve(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return _view("serve_cached")(self, request)


class DocumentsPage(FoldedSlugMixin, ServedAddressMixin, RoutablePageMixin, Page):
    """The public documents of the registry, searchable and filtered; each document has its
    own public page under this one (``<id>/``)."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("public documents page")
        verbose_name_plural = _("public documents pages")

    @path("")
    def listing(self, request: Any) -> Any:
        return _view("documents_view")(self, request)

    @path("<int:document_id>/", name="document")
    def document(self, request: Any, document_id: int) -> Any:
        return _view("document_view")(self, request, document_id)


class ContactPage(FoldedSlugMixin, ServedAddressMixin, Page):
    """How to reach the committee, and links to related sites."""

    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("telephone"), max_length=64, blank=True)
    email = models.EmailField(_("email"), blank=True)
    body = RichTextField(_("text"), blank=True)
    links = StreamField([("link", LinkBlock())], verbose_name=_("links"), blank=True, default=list)

    content_panels = [
        *Page.content_panels,
        FieldPanel("address"),
        FieldPanel("phone"),
        FieldPanel("email"),
        FieldPanel("body"),
        FieldPanel("links"),
    ]
    parent_page_types = ["portal.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("contacts and links page")
        verbose_name_plural = _("contacts and links pages")

    def serve(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return _view("serve_cached")(self, request)


# --- Counters ----------------------------------------------------------------------------------


class ArticleViews(models.Model):
    """How many times an article was read; added to in batches (see counters.py)."""

    page = models.OneToOneField(
        ArticlePage, on_delete=models.CASCADE, primary_key=True, related_name="views"
    )
    count = models.PositiveBigIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("article views")
        verbose_name_plural = _("article views")

    def __str__(self) -> str:
        return f"{self.page_id}: {self.count}"


class VisitDay(models.Model):
    """Visits to the portal on one day (a visit: a visitor's first page in 30 minutes)."""

    day = models.DateField(_("day"), unique=True)
    visits = models.PositiveBigIntegerField(_("visits"), default=0)

    class Meta:
        verbose_name = _("visits of a day")
        verbose_name_plural = _("visits by day")

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y}: {self.visits}"


class RecentVisitor(models.Model):
    """A visitor seen in the last half hour, known only by a salted hash that changes every
    day (no address or cookie is kept): who is online, and when a visit starts."""

    key = models.CharField(max_length=32, primary_key=True)
    last_seen = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("recent visitor")
        verbose_name_plural = _("recent visitors")

    def __str__(self) -> str:
        return self.key
