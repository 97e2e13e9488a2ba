"""The public portal: the home page (the demo's, made the site root if missing), six
sections and the articles of 2024–2025, the image library, public documents and contacts.

Pages go through Wagtail's tree API (``add_child``), which gives each its place in the tree,
its URL path, a validated slug and its entry in the search index. Sections and the other
pages are published with a revision; articles are created live with their publication
dates set to their own date (a revision per article would double the time at city size
and adds nothing an editor's first change would not).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from wagtail.models import Page

from tuyengiao.core.text import slugify_vi
from tuyengiao.demo.portal import ensure_home_page
from tuyengiao.demo.synthetic.base import (
    FIRST_DAY,
    LAST_DAY,
    REFORM,
    Context,
    aware,
    person_name,
)
from tuyengiao.demo.synthetic.documents import CENTRAL, _anniversary
from tuyengiao.demo.synthetic.orgs import Tree
from tuyengiao.portal.models import (
    ArticlePage,
    ContactPage,
    DocumentsPage,
    GalleryPage,
    SectionPage,
)

SECTIONS = (
    ("Tin tức - Sự kiện", "Hoạt động của cấp ủy, chính quyền và Nhân dân trên địa bàn."),
    ("Học tập, quán triệt nghị quyết", "Hội nghị học tập, quán triệt và triển khai nghị quyết."),
    ("Tuyên truyền miệng", "Báo cáo viên, tuyên truyền viên và hội nghị báo cáo viên."),
    ("Dân vận", "Dân vận khéo, phối hợp với Mặt trận và các đoàn thể."),
    ("Văn hóa - Xã hội", "Văn hóa, giáo dục, thông tin cơ sở."),
    ("Sắp xếp tổ chức bộ máy", "Thông tin về sắp xếp đơn vị hành chính và tổ chức bộ máy."),
)
TITLES = (
    "{unit} tổ chức hội nghị học tập, quán triệt {central}",
    "{unit} sôi nổi các hoạt động chào mừng {anniversary}",
    "Hội nghị báo cáo viên tháng {month}/{year} tại {unit}",
    "{unit} ra mắt mô hình “Dân vận khéo” năm {year}",
    "Tuyên truyền trực quan chào mừng {anniversary} tại {unit}",
    "{unit} tổng kết công tác tuyên giáo năm {year}",
)
TAGS = ("học tập nghị quyết", "tuyên truyền miệng", "dân vận khéo", "chuyển đổi số",
        "sắp xếp bộ máy", "văn hóa cơ sở", "báo cáo viên")  # fmt: skip


def _publish(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def generate_portal(ctx: Context, tree: Tree) -> None:
    # Wagtail logs every page it creates; thousands of lines would bury the progress bar.
    wagtail_log = logging.getLogger("wagtail")
    level = wagtail_log.level
    wagtail_log.setLevel(logging.WARNING)
    try:
        _portal(ctx, tree)
    finally:
        wagtail_log.setLevel(level)


def _portal(ctx: Context, tree: Tree) -> None:
    rng, fake = ctx.rng("portal"), ctx.faker("portal")
    home = ensure_home_page()
    sections = [
        _publish(home, SectionPage(title=title, slug=slugify_vi(title), intro=intro,
                                   show_in_menus=True))
        for title, intro in SECTIONS
    ]  # fmt: skip
    for page in (
        GalleryPage(title="Thư viện hình ảnh", intro="Ảnh các hoạt động.", show_in_menus=True),
        DocumentsPage(title="Văn bản", intro="Văn bản công khai.", show_in_menus=True),
        ContactPage(title="Liên hệ", address=f"Số 1, {tree.root.name}", show_in_menus=True),
    ):
        if not type(page).objects.exists():
            _publish(home, page)
    total = ctx.scale.articles
    levels = ("ward", "commune", "district", "board")
    pools = {
        after: [node for node in nodes if node.level in levels]
        for after, nodes in ((False, tree.before), (True, tree.after))
    }
    _articles(ctx, rng, fake, sections, pools, total)
    ctx.count("Trang cổng thông tin", 1 + len(sections) + 3)
    ctx.count("Tin bài", total)


def _articles(ctx: Context, rng, fake, sections, pools, total: int) -> None:
    days = (LAST_DAY - FIRST_DAY).days
    with ctx.bar("Tin bài cổng thông tin", total) as bar:
        for number in range(1, total + 1):
            day = FIRST_DAY + timedelta(days=rng.randrange(days + 1))
            node = rng.choice(pools[day >= REFORM])
            central = rng.choice([c for c in CENTRAL if c.issue_date <= day])
            title = rng.choice(TITLES).format(
                unit=node.name, central=central.short, anniversary=_anniversary(rng, day.year),
                month=day.month, year=day.year,
            )  # fmt: skip
            title = title[0].upper() + title[1:]
            at = aware(day, rng.randint(7, 21), rng.randrange(60))
            lead = (
                f"Ngày {day.day}/{day.month}/{day.year}, {node.name} đã tổ chức hoạt động với sự "
                f"tham gia của {rng.randint(50, 500)} cán bộ, đảng viên và Nhân dân."
            )
            article = ArticlePage(
                title=title[:255],
                slug=f"{slugify_vi(title, max_length=180)}-{number}",
                date=at,
                author=person_name(fake, rng),
                lead=lead,
                featured=rng.random() < 0.01,
                body=[
                    ("paragraph", f"<p>{lead}</p>"),
                    ("heading", "Nội dung chính"),
                    (
                        "paragraph",
                        f"<p>Các đại biểu đã nghe quán triệt {central.citation}; "
                        "thảo luận về các giải pháp tổ chức thực hiện.</p>",
                    ),
                ],
                live=True,
                has_unpublished_changes=False,
                first_published_at=at,
                last_published_at=at,
                show_in_menus=False,
            )
            article.tags.add(*rng.sample(TAGS, 2))
            rng.choice(sections).add_child(instance=article)
            bar.update(1)
