"""The importer on the five seed articles: title, date and body found, no chrome left."""

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
