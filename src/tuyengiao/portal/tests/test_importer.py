"""The importer on the five seed articles (title, date and body found, no chrome left) and on
the other ways portals close an article: bylines, sources, blocks of other articles."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from wagtail.models import PageLogEntry

from tuyengiao.core.text import fold
from tuyengiao.portal.importer import ImportProblem, parse_export
from tuyengiao.portal.models import ArticlePage
from tuyengiao.portal.tests.builders import build_portal

SEEDS = Path(settings.PROJECT_DIR).parent / "shared" / "seeds"

# file: (title, date, first words of the body, last words of the body, author)
EXPECTED = {
    "000_2fa3e06238549911.txt": (
        "Quận Ba Đình: Tổ chức Hội nghị Sơ kết công tác Tuyên giáo 9 tháng và triển khai "
        "nhiệm vụ trọng tâm 3 tháng cuối năm 2022",
        date(2022, 9, 29),
        "Sáng ngày 29/9/2022, Quận ủy Ba Đình",
        "hoạt động của Ban Chỉ đạo 35 quận.",
        "Ban Tuyên giáo QU",
    ),
    "001_fd018d078deb3e02.txt": (
        "CÔNG TÁC TUYÊN TRUYỀN ĐẠI HỘI ĐẢNG BỘ QUẬN THANH XUÂN LẦN THỨ VI, NHIỆM KỲ 2020 - 2025",
        date(2020, 7, 30),
        "Công tác tuyên truyền đại hội đảng bộ các cấp",
        "Thanh Xuân lần thứ VI, nhiệm kỳ 2020 - 2025.",
        "Phòng Văn hóa và Thông tin",
    ),
    "002_7ab33bf86e8abd86.txt": (
        "Chủ động, sáng tạo, tham mưu cấp ủy các cấp triển khai các mặt công tác Tuyên giáo",
        date(2022, 10, 6),
        "Sáng 6/10, tại UBND huyện Phúc Thọ",
        "ứng dụng công nghệ thông tin vào công tác này.",
        "Tuấn Dũng",
    ),
    "003_cfb8b36c757be6de.txt": (
        "SƠ KẾT CÔNG TÁC TUYÊN GIÁO 9 THÁNG ĐẦU NĂM 2023",
        date(2023, 9, 29),
        "Chiều ngày 28/9, Ban Tuyên giáo Huyện ủy",
        "tư tưởng cán bộ, đảng viên và các tầng lớp nhân dân.",
        "Hữu Thống",
    ),
    "004_72e5130f62c3af75.txt": (
        "Quận Ba Đình: Triển khai thực hiện “Chỉ thị số 30-CT/TW ngày 05/02/2024 của Ban Bí "
        "thư Trung ương Đảng khóa XIII về công tác tuyên truyền miệng trong tình hình mới”",
        date(2024, 7, 24),
        "Trong những năm qua, công tác tuyên truyền miệng",
        "sức thuyết phục cho công tác tuyên truyền miệng./.",
        "Phòng Văn hóa và Thông tin",
    ),
}
# Page chrome, folded: none of it may be left in a body.
CHROME = [
    "content:",
    "dang online",
    "dang truc tuyen",
    "luot truy cap",
    "tong so truy cap",
    "thong ke truy cap",
    "luot xem",
    "lien ket website",
    "thu vien hinh anh",
    "in trang",
    "toan canh hoi nghi\ntoan canh",
    "https://",
    "tong bi thu nguyen phu trong (1944-2024)",
]


def seed_files() -> list[Path]:
    if not SEEDS.is_dir():
        pytest.skip(f"the seed articles are not here ({SEEDS}); they live outside the project")
    return [SEEDS / name for name in EXPECTED]


@pytest.mark.parametrize("name", list(EXPECTED))
def test_seed_article_is_read_without_page_chrome(name: str) -> None:
    files = {path.name: path for path in seed_files()}
    title, day, first, last, author = EXPECTED[name]
    article = parse_export(files[name].read_text(encoding="utf-8"))
    assert article.title == title
    assert article.day == day
    assert article.paragraphs[0].startswith(first)
    assert article.paragraphs[-1].endswith(last)
    assert article.author == author
    body = fold(article.body)
    for chrome in CHROME:
        assert chrome not in body, chrome
    assert fold(title) not in body  # the picture's alt text repeating the title


def test_section_named_on_the_page_is_found() -> None:
    files = {path.name: path for path in seed_files()}
    article = parse_export(files["001_fd018d078deb3e02.txt"].read_text(encoding="utf-8"))
    assert article.section == "VĂN HÓA - XÃ HỘI"
    assert article.at is not None
    assert article.at.strftime("%H:%M") == "16:47"


def test_an_empty_export_is_refused_with_a_reason() -> None:
    with pytest.raises(ImportProblem, match="tiêu đề"):
        parse_export("content:\n\nThống kê truy cập\nĐang online: 12\n")


@pytest.mark.django_db
def test_dry_run_json_prints_each_file_and_changes_nothing() -> None:
    portal = build_portal()
    files = seed_files()
    out = StringIO()
    call_command("portal_import", *map(str, files), "--dry-run", "--json", stdout=out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [row["file"] for row in rows] == [str(path) for path in files]
    for row, name in zip(rows, EXPECTED, strict=True):
        title, day, first, last, _ = EXPECTED[name]
        assert row["title"] == title
        assert row["date"] == day.isoformat()
        assert row["body"].startswith(first)
        assert row["body"].endswith(last)
    # The title names the section "Công tác tuyên giáo" in three of them; the others have none
    # here (the demo portal has the sections they name).
    assert rows[0]["section"] == portal.work.title
    assert rows[1]["section"] == "VĂN HÓA - XÃ HỘI"
    assert not ArticlePage.objects.exists()


@pytest.mark.django_db
def test_import_creates_drafts_for_review_with_an_audit_entry() -> None:
    portal = build_portal()
    files = seed_files()
    call_command(
        "portal_import", *map(str, files), "--section", portal.news.slug, stdout=StringIO()
    )
    articles = ArticlePage.objects.order_by("date")
    assert articles.count() == 5
    assert not any(page.live for page in articles)
    assert all(page.has_unpublished_changes for page in articles)
    assert articles.first().get_parent().specific == portal.news  # 2020: no section of its own
    work = articles.get(date__date=date(2022, 9, 29))
    assert work.get_parent().pk == portal.work.pk
    assert work.author == "Ban Tuyên giáo QU"
    assert work.lead.startswith("Sáng ngày 29/9/2022")
    logged = PageLogEntry.objects.filter(action="portal.article_import", page=work).get()
    assert logged.data["file"].endswith("000_2fa3e06238549911.txt")


@pytest.mark.django_db
def test_one_unreadable_file_stops_the_whole_import(tmp_path: Path) -> None:
    build_portal()
    files = seed_files()
    bad = tmp_path / "trang-trong.txt"
    bad.write_text("Thống kê truy cập\nĐang online: 3\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"trang-trong\.txt: không tìm thấy tiêu đề"):
        call_command("portal_import", str(files[0]), str(bad), stdout=StringIO())
    assert not ArticlePage.objects.exists()


# --- Bylines and blocks of other articles ---------------------------------------------------


def seed_text(name: str) -> str:
    files = {path.name: path for path in seed_files()}
    return files[name].read_text(encoding="utf-8")


def with_foot(text: str, after: str, foot: str) -> str:
    """``text`` with ``foot`` inserted below its line ``after`` (the byline of a seed)."""
    lines = text.splitlines()
    index = next(i for i, line in enumerate(lines) if line.strip() == after)
    return "\n".join([*lines[: index + 1], *foot.splitlines(), *lines[index + 1 :]])


OTHER_ARTICLES = """
{heading}
Phường Kim Mã ra mắt mô hình loa truyền thanh thông minh (28/09/2022)
https://quanbadinh.hanoi.gov.vn/tin-tuc/loa-truyen-thanh-thong-minh.htm
Đoàn công tác Ban Tuyên giáo Thành ủy làm việc với quận
27/09/2022 - 120 Lượt xem
https://quanbadinh.hanoi.gov.vn/tin-tuc/doan-cong-tac.htm
"""


@pytest.mark.parametrize(
    "heading",
    [
        "Tin khác",
        "TIN KHÁC:",
        "tin khac",
        "» Tin khác",
        "Các tin khác",
        "Tin liên quan",
        "**Tin liên quan**",
        "Tin cùng chuyên mục",
        "TIN CÙNG CHUYÊN MỤC",
        "Bài viết liên quan",
        "Các bài viết liên quan:",
        "Tin bài liên quan",
        "Xem thêm",
    ],
)
def test_other_articles_heading_ends_the_body_and_the_byline_stays_the_author(
    heading: str,
) -> None:
    """Under a real seed, a block of other articles with its heading, links and dates: the
    heading is not the author, the byline above it is, and nothing of the block is read."""
    text = with_foot(
        seed_text("000_2fa3e06238549911.txt"),
        "Ban Tuyên giáo QU",
        OTHER_ARTICLES.format(heading=heading),
    )
    article = parse_export(text)
    assert article.author == "Ban Tuyên giáo QU"
    assert article.paragraphs[-1].endswith("hoạt động của Ban Chỉ đạo 35 quận.")
    assert article.day == date(2022, 9, 29)
    assert article.source == ""  # the links are other articles', not this one's source
    body = fold(article.body)
    assert "loa truyen thanh thong minh" not in body
    assert fold(heading).strip("»*: ") not in body


def test_a_byline_above_the_source_and_other_articles_keeps_the_source() -> None:
    text = with_foot(
        seed_text("002_7ab33bf86e8abd86.txt"),
        "https://laodongthudo.vn/chu-dong-sang-tao-tham-muu-cap-uy-cac-cap-trien-khai-cac-mat"
        "-cong-tac-tuyen-giao-147017.html",
        OTHER_ARTICLES.format(heading="Tin cùng chuyên mục"),
    )
    article = parse_export(text)
    assert article.author == "Tuấn Dũng"
    assert article.source.endswith("-147017.html")


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("**Hữu Thống**", "Hữu Thống"),
        ("<b>Hữu Thống</b>", "Hữu Thống"),
        ("Theo Báo Hànộimới", "Theo Báo Hànộimới"),
        ("(Theo Cổng thông tin điện tử huyện)", "Theo Cổng thông tin điện tử huyện"),
        ("Nguồn: Báo Kinh tế và Đô thị", "Nguồn: Báo Kinh tế và Đô thị"),
        ("Tác giả: Hữu Thống", "Hữu Thống"),
    ],
)
def test_a_seed_byline_in_other_forms_is_the_author(byline: str, author: str) -> None:
    text = seed_text("003_cfb8b36c757be6de.txt").replace("\nHữu Thống\n", f"\n{byline}\n")
    article = parse_export(with_foot(text, byline, OTHER_ARTICLES.format(heading="Tin khác")))
    assert article.author == author
    assert article.paragraphs[-1].endswith("các tầng lớp nhân dân.")


def test_a_seed_without_byline_keeps_its_last_paragraph() -> None:
    text = seed_text("001_fd018d078deb3e02.txt").replace(
        "Phòng Văn hóa và Thông tin", "Tin liên quan\nCông tác tuyên truyền năm 2019"
    )
    article = parse_export(text)
    assert article.author == ""
    assert article.paragraphs[-1].endswith("Thanh Xuân lần thứ VI, nhiệm kỳ 2020 - 2025.")
    assert "Công tác tuyên truyền năm 2019" not in article.body


# Exports written here, so that these run without the seeds too.
LAST_OF_BODY = "Hội nghị đã thông tin nhiều nội dung thời sự trong nước và quốc tế."


def export(*closing: str) -> str:
    return "\n".join(
        [
            "Hội nghị báo cáo viên quý III năm 2024",
            "Ngày đăng 15/10/2024 | 09:30",
            "Sáng 15/10, Ban Tuyên giáo Quận ủy tổ chức hội nghị báo cáo viên quý III.",
            "",
            LAST_OF_BODY,
            "",
            *closing,
        ]
    )


@pytest.mark.parametrize(
    ("closing", "author", "last"),
    [
        (
            ["Ban Tuyên giáo", "", "Tin khác", "Hội thi tuyên truyền viên giỏi"],
            "Ban Tuyên giáo",
            "",
        ),
        (
            ["__Minh Anh - Hoàng Hà__", "TIN LIÊN QUAN", "- Hội nghị quý II"],
            "Minh Anh - Hoàng Hà",
            "",
        ),
        (
            ["Theo Báo điện tử Đảng Cộng sản Việt Nam"],
            "Theo Báo điện tử Đảng Cộng sản Việt Nam",
            "",
        ),
        (["(Nguồn: TTXVN)", "Bài viết liên quan:"], "Nguồn: TTXVN", ""),
        # Below the heading: the byline of another article.
        (["Tin khác", "Phòng Văn hóa và Thông tin"], "", LAST_OF_BODY),
        # Lines of the article, not bylines.
        (
            ["Tăng cường tuyên truyền ở cơ sở"],
            "",
            "Tăng cường tuyên truyền ở cơ sở",
        ),
        (
            ["Hội nghị kết thúc lúc 11 giờ./.", "Tin cùng chuyên mục"],
            "",
            "Hội nghị kết thúc lúc 11 giờ./.",
        ),
    ],
)
def test_closing_lines_of_varied_layouts(closing: list[str], author: str, last: str) -> None:
    article = parse_export(export(*closing))
    assert article.author == author
    assert article.paragraphs[-1] == (last or LAST_OF_BODY)
    body = fold(article.body)
    for heading in ("tin khac", "tin lien quan", "bai viet lien quan", "tin cung chuyen muc"):
        assert heading not in body
    assert "hoi thi tuyen truyen vien" not in body
    assert "hoi nghi quy ii" not in body


def test_a_paragraph_opening_with_the_words_of_a_heading_is_kept() -> None:
    article = parse_export(
        export("Tin liên quan đến hội nghị được đăng trên trang của quận.", "Ban Tuyên giáo")
    )
    assert article.author == "Ban Tuyên giáo"
    assert article.paragraphs[-1].startswith("Tin liên quan đến hội nghị")


def test_dates_of_other_articles_are_not_taken_for_the_article_date() -> None:
    text = "\n".join(
        [
            "Tuyên truyền miệng trong tình hình mới",
            "Công tác tuyên truyền miệng trên địa bàn quận đạt nhiều kết quả.",
            "Phòng Văn hóa và Thông tin",
            "Tin khác",
            "23/07/2024 - 32 Lượt xem",
        ]
    )
    with pytest.raises(ImportProblem, match="ngày đăng"):
        parse_export(text)
    listed = parse_export(text.replace("Tin khác\n", ""))  # the portal's list of latest articles
    assert listed.day == date(2024, 7, 23)
    assert listed.author == "Phòng Văn hóa và Thông tin"
