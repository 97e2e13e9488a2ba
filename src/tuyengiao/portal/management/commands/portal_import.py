"""``tuyengiao portal_import FILE...``: plain-text article exports become draft articles.

Each file is read as one article (see ``tuyengiao.portal.importer``): title, date, section,
author and body, without the page chrome. The section is the one the page names, else the
first whose name the title contains, else ``--section``. All files or none: a file that
cannot be read, or has no section, stops the import before anything is created.
``--dry-run --json`` changes nothing and prints, per file, what was found.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tuyengiao.core.actors import SYSTEM
from tuyengiao.documents.management.commands.refs import read_input
from tuyengiao.portal.importer import ImportProblem, parse_export
from tuyengiao.portal.models import SectionPage
from tuyengiao.portal.services import ImportItem, article_import_drafts, section_for


class Command(BaseCommand):
    help = "Nhập bài viết từ tệp văn bản thuần (bản xuất trang tin) thành bản nháp chờ duyệt."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", help="Các tệp văn bản UTF-8, mỗi tệp một bài.")
        parser.add_argument(
            "--section",
            help="Chuyên mục (đường dẫn rút gọn, ví dụ tin-tuc-su-kien) khi tệp "
            "không cho biết chuyên mục.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Chỉ đọc, không tạo bài.")
        parser.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        sections = list(SectionPage.objects.all().order_by("path"))
        fallback = None
        if options["section"]:
            fallback = next((s for s in sections if s.slug == options["section"]), None)
            if fallback is None:
                raise CommandError(f"Không có chuyên mục “{options['section']}”.")
        found, problems = [], []
        for name in options["files"]:
            try:
                article = parse_export(read_input(name))
            except ImportProblem as problem:
                problems.append(f"{name}: {problem}.")
                continue
            section = section_for(article, sections) or fallback
            if section is None and not options["dry_run"]:
                problems.append(f"{name}: không xác định được chuyên mục; dùng --section.")
            found.append((name, article, section))
        if problems:
            raise CommandError("Không nhập bài nào.\n" + "\n".join(problems))
        if options["json"]:
            for name, article, section in found:
                self.stdout.write(json.dumps(_as_json(name, article, section), ensure_ascii=False))
        if options["dry_run"]:
            return
        items = [ImportItem(name, article, section) for name, article, section in found]
        created = article_import_drafts(items=items, actor=SYSTEM)
        for page in created:
            self.stdout.write(f"Đã tạo bản nháp: {page.title} ({page.get_parent().title}).")


def _as_json(name: str, article: Any, section: SectionPage | None) -> dict[str, Any]:
    return {
        "file": name,
        "title": article.title,
        "date": article.day.isoformat(),
        "time": article.at.strftime("%H:%M") if article.at else None,
        "section": section.title if section else article.section,
        "author": article.author,
        "source": article.source,
        "body": article.body,
    }
