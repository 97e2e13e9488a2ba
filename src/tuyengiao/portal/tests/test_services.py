"""Importing articles as drafts: who may, and what the revision and the audit entry name."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation
from wagtail.models import PageLogEntry

from tuyengiao.core.actors import SYSTEM
from tuyengiao.core.models import User
from tuyengiao.portal.importer import ParsedArticle
from tuyengiao.portal.models import ArticlePage
from tuyengiao.portal.services import IMPORT_ACTION, ImportItem, article_import_drafts
from tuyengiao.portal.tests.builders import build_portal

pytestmark = pytest.mark.django_db


def _item(section) -> ImportItem:  # type: ignore[no-untyped-def]
    parsed = ParsedArticle(
        title="Hội nghị báo cáo viên quý III",
        day=date(2024, 10, 15),
        at=None,
        section=None,
        author="Ban Tuyên giáo",
        source="",
        paragraphs=["Sáng 15/10, hội nghị báo cáo viên quý III.", "Đoạn thứ hai."],
    )
    return ImportItem("hoi-nghi.txt", parsed, section)


def test_the_system_imports_a_draft_audited_without_a_person() -> None:
    portal = build_portal()
    [page] = article_import_drafts(items=[_item(portal.work)], actor=SYSTEM)
    assert not page.live
    assert page.author == "Ban Tuyên giáo"
    assert page.get_latest_revision().user is None
    entry = PageLogEntry.objects.get(action=IMPORT_ACTION, page=page)
    assert entry.user is None


def test_an_editor_imports_and_is_named_on_the_revision_and_the_audit_entry(
    specialist: User,
) -> None:
    portal = build_portal()
    [page] = article_import_drafts(items=[_item(portal.work)], actor=specialist)
    assert page.get_latest_revision().user == specialist
    assert PageLogEntry.objects.get(action=IMPORT_ACTION, page=page).user == specialist


def test_a_person_without_the_right_to_add_pages_is_refused_in_vietnamese(
    outsider: User,
) -> None:
    portal = build_portal()
    with translation.override("vi"), pytest.raises(PermissionDenied) as refused:
        article_import_drafts(items=[_item(portal.work)], actor=outsider)
    assert str(refused.value) == "Không có quyền thêm bài vào chuyên mục Công tác tuyên giáo."
    assert not ArticlePage.objects.exists()
