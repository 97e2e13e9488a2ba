"""Writes of the public portal: articles imported as drafts for editors to review."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from wagtail.models import Page

from tuyengiao.core.actors import Actor, person_of
from tuyengiao.core.audit import audit
from tuyengiao.core.text import fold
from tuyengiao.portal.importer import ParsedArticle
from tuyengiao.portal.models import ArticlePage, SectionPage

# Imported articles without a time of day are dated at the start of office hours.
DEFAULT_TIME = time(8, 0)
IMPORT_ACTION = "portal.article_import"


def section_for(parsed: ParsedArticle, sections: list[SectionPage]) -> SectionPage | None:
    """The section the page named; else the first whose name the title contains."""
    if parsed.section:
        named = fold(parsed.section)
        found = next((section for section in sections if fold(section.title) == named), None)
        if found:
            return found
    title = fold(parsed.title)
    return next((section for section in sections if fold(section.title) in title), None)


@dataclass(frozen=True)
class ImportItem:
    name: str  # the file, for messages and the audit entry
    article: ParsedArticle
    section: SectionPage


def _may_import(actor: Actor, section: Page) -> bool:
    """Wagtail's own answer: may ``actor`` add a page under ``section``? The system actor
    answers as a superuser, so the command line may, wherever articles are allowed."""
    return bool(section.permissions_for_user(actor).can_add_subpage())


def article_import_drafts(*, items: list[ImportItem], actor: Actor) -> list[ArticlePage]:
    """Create one draft article per item, all or none; each is left for review."""
    for item in items:
        if not _may_import(actor, item.section):
            raise PermissionDenied(
                _("You may not add articles to the section %(section)s.")
                % {"section": item.section.title}
            )
    created = []
    with transaction.atomic():
        for item in items:
            parsed = item.article
            when = timezone.make_aware(datetime.combine(parsed.day, parsed.at or DEFAULT_TIME))
            page = ArticlePage(
                title=parsed.title,
                date=when,
                author=parsed.author,
                lead=parsed.paragraphs[0],
                body=[
                    ("paragraph", f"<p>{escape(paragraph)}</p>")
                    for paragraph in parsed.paragraphs[1:]
                ],
                live=False,
            )
            item.section.add_child(instance=page)
            page.save_revision(user=person_of(actor))
            audit(
                instance=page,
                action=IMPORT_ACTION,
                actor=actor,
                data={"file": item.name, "source": parsed.source},
            )
            created.append(page)
    return created
