"""Demo content of the public portal: a district committee's news site in the style of the
Ba Đình portal, with sections, a dozen articles, the image library, the public documents page
and the contacts page.

The articles retell the events of the seed articles (their dates, names and figures) in the
project's own words. Pictures are drawn here with Pillow, so nothing is downloaded. Everything
is created once; running again changes nothing.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from datetime import datetime

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from PIL import Image as PillowImage
from PIL import ImageDraw
from wagtail.images.models import Image
from wagtail.models import Page, Site

from tuyengiao.portal.models import (
    ArticleGalleryImage,
    ArticlePage,
    ContactPage,
    DocumentsPage,
    GalleryPage,
    HomePage,
    SectionPage,
)

HOME_TITLE = "Cổng thông tin Ban Tuyên giáo và Dân vận"
HOME_INTRO = (
    "<p>Tin tức, văn bản và hoạt động của hệ thống tuyên giáo và dân vận: học tập, quán triệt "
    "nghị quyết; tuyên truyền miệng theo Chỉ thị 30-CT/TW; các cuộc thi trực tuyến.</p>"
)
# The page Wagtail creates on install, replaced by the portal's home page.
WAGTAIL_WELCOME_TITLE = "Welcome to your new Wagtail site!"

SECTIONS = [
    ("Tin tức - Sự kiện", "Hoạt động của cấp ủy, chính quyền và Nhân dân trên địa bàn."),
    ("Công tác tuyên giáo", "Sơ kết, tổng kết, học tập và quán triệt nghị quyết."),
    ("Tuyên truyền miệng", "Báo cáo viên, tuyên truyền viên và hội nghị báo cáo viên."),
    ("Dân vận", "Dân vận khéo, phối hợp với Mặt trận và các đoàn thể."),
    ("Văn hóa - Xã hội", "Văn hóa, giáo dục, thông tin cơ sở."),
]
LINKS = [
    ("Cổng thông tin điện tử Chính phủ", "https://chinhphu.vn/"),
    ("Báo Nhân Dân", "https://nhandan.vn/"),
    ("Tạp chí Cộng sản", "https://www.tapchicongsan.org.vn/"),
    ("Cổng thông tin điện tử thành phố Hà Nội", "https://hanoi.gov.vn/"),
]


@dataclass(frozen=True)
class DemoArticle:
    section: int  # index in SECTIONS
    title: str
    date: datetime
    author: str
    lead: str
    paragraphs: tuple[str, ...]
    caption: str
    tags: tuple[str, ...]
    featured: bool = False


def _at(day: int, month: int, year: int, hour: int = 9, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour, minute))


ARTICLES = [
    DemoArticle(
        1,
        "Ba Đình sơ kết công tác tuyên giáo 9 tháng năm 2022",
        _at(29, 9, 2022, 10),
        "Ban Tuyên giáo Quận ủy",
        "Sáng 29/9/2022, Quận ủy Ba Đình họp sơ kết công tác tuyên giáo 9 tháng và bàn nhiệm vụ "
        "trọng tâm của quý IV; đồng chí Nguyễn Công Thành, Phó Bí thư Thường trực Quận ủy, Chủ "
        "tịch HĐND quận dự và chỉ đạo.",
        (
            "Chín tháng qua, hệ thống tuyên giáo từ quận tới cơ sở bám chủ đề năm của Thành phố "
            "“Kỷ cương, trách nhiệm, hành động, sáng tạo, phát triển” và phương châm của quận "
            "“Đoàn kết - hành động - trách nhiệm - kỷ cương - hiệu quả”.",
            "Lớp bồi dưỡng chính trị hè cho đội ngũ giáo viên được tổ chức trực tiếp kết hợp "
            "trực tuyến tới 55 điểm cầu các trường mầm non, tiểu học, trung học cơ sở, với 3.173 "
            "cán bộ, giáo viên, nhân viên tham dự.",
            "Quận tiếp tục hướng dẫn các tổ chức cơ sở đảng thực hiện Kết luận số 01-KL/TW của "
            "Bộ Chính trị về tiếp tục thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 về học tập và "
            "làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh, gắn với đợt sinh hoạt chính trị "
            "“Tự soi, tự sửa”.",
        ),
        "Quang cảnh hội nghị sơ kết 9 tháng tại Quận ủy Ba Đình",
        ("sơ kết", "Ba Đình", "học tập và làm theo Bác"),
        featured=True,
    ),
    DemoArticle(
        1,
        "Tuyên giáo Thủ đô hoàn thành 84/87 đầu việc trong 9 tháng đầu năm 2022",
        _at(6, 10, 2022, 11),
        "Ban Tuyên giáo Thành ủy",
        "Ngày 6/10/2022, tại huyện Phúc Thọ, Trưởng ban Tuyên giáo Thành ủy Bùi Huyền Mai chủ trì "
        "hội nghị giao ban công tác tuyên giáo thành phố 9 tháng đầu năm 2022.",
        (
            "Ban Tuyên giáo Thành ủy đã tham mưu ban hành 1.420 văn bản chỉ đạo và hoàn thành "
            "84 trên 87 đầu việc đề ra cho 9 tháng.",
            "Hơn 10 ý kiến tham luận tại hội nghị nêu cách làm của các quận, huyện: gắn 10 "
            "chương trình công tác khóa XVII của Thành ủy với chương trình của từng địa phương, "
            "đẩy mạnh chuyển đổi số trong công tác tuyên giáo.",
            "Quý IV, các đơn vị khẩn trương hoàn thành 3 đầu việc còn lại và tập trung tuyên "
            "truyền, vận động Nhân dân ủng hộ dự án đường vành đai 4.",
        ),
        "Hội nghị giao ban công tác tuyên giáo thành phố tại huyện Phúc Thọ",
        ("giao ban", "chuyển đổi số", "vành đai 4"),
        featured=True,
    ),
    DemoArticle(
        0,
        "Hơn 1 triệu lượt người dự thi trực tuyến tìm hiểu Nghị quyết 15-NQ/TW",
        _at(6, 10, 2022, 15),
        "Ban Tuyên giáo Thành ủy",
        "Cuộc thi trực tuyến tìm hiểu Nghị quyết 15-NQ/TW về phương hướng, nhiệm vụ phát triển "
        "Thủ đô đến năm 2030, tầm nhìn đến năm 2045 đã thu hút hơn 1 triệu lượt người tham gia.",
        (
            "Những ngày đầu, cuộc thi gặp không ít vướng mắc; khi cấp ủy các địa phương vào cuộc "
            "quyết liệt, số người tham gia tăng nhanh.",
            "Kết quả được nêu tại hội nghị giao ban công tác tuyên giáo 9 tháng đầu năm 2022 như "
            "một điểm sáng của việc ứng dụng công nghệ thông tin.",
        ),
        "Người dân tham gia cuộc thi trên điện thoại",
        ("cuộc thi trực tuyến", "Nghị quyết 15"),
    ),
    DemoArticle(
        1,
        "1.418 lớp bồi dưỡng chính trị với 230.516 lượt học viên",
        _at(7, 10, 2022, 8, 30),
        "Ban Tuyên giáo Thành ủy",
        "Tính đến ngày 8/9/2022, toàn Thành phố đã mở 1.418 lớp với 230.516 lượt học viên, học "
        "trực tiếp và trực tuyến.",
        (
            "Khối Đảng mở 614 lớp với 102.068 lượt học viên; khối đoàn thể 288 lớp với 52.467 "
            "lượt; khối Nhà nước 490 lớp với 71.215 học viên; các lớp khác 26 lớp với 4.766 lượt.",
            "Quận Hoàn Kiếm lên kế hoạch 97 lớp trong năm 2022: 66 lớp cho khối Đảng, đoàn thể "
            "và 31 lớp cho khối quản lý Nhà nước.",
        ),
        "Một lớp bồi dưỡng lý luận chính trị",
        ("bồi dưỡng", "học tập nghị quyết"),
    ),
    DemoArticle(
        2,
        "Ba Đình triển khai Chỉ thị 30-CT/TW về công tác tuyên truyền miệng",
        _at(24, 7, 2024, 9, 15),
        "Phòng Văn hóa và Thông tin",
        "Quận ủy Ba Đình ban hành Kế hoạch số 229-KH/QU để thực hiện Chỉ thị số 30-CT/TW ngày "
        "05/02/2024 của Ban Bí thư về công tác tuyên truyền miệng trong tình hình mới.",
        (
            "Kế hoạch cụ thể hóa Kế hoạch số 241-KH/TU ngày 30/5/2024 của Ban Thường vụ Thành ủy "
            "và giao cho các tổ chức cơ sở đảng, Mặt trận và các đoàn thể bốn nhóm nhiệm vụ.",
            "Thứ nhất, nâng cao trách nhiệm của cấp ủy và người đứng đầu; thứ hai, chọn nội dung "
            "trọng yếu gắn với bảo vệ nền tảng tư tưởng của Đảng; thứ ba, đa dạng hóa hình thức "
            "từ trực tiếp đến trực tuyến; thứ tư, kiện toàn đội ngũ báo cáo viên, tuyên truyền "
            "viên.",
        ),
        "Hội nghị báo cáo viên quận Ba Đình",
        ("tuyên truyền miệng", "Chỉ thị 30", "Ba Đình"),
        featured=True,
    ),
    DemoArticle(
        2,
        "Đổi mới hình thức tuyên truyền miệng, hướng mạnh về cơ sở",
        _at(26, 7, 2024, 14),
        "Ban Tuyên giáo và Dân vận",
        "Đội ngũ báo cáo viên, tuyên truyền viên được cung cấp thông tin, tài liệu thường xuyên "
        "và bồi dưỡng kỹ năng để tuyên truyền theo từng nhóm đối tượng.",
        (
            "Bên cạnh hội nghị, tuyên truyền miệng được lồng ghép vào chương trình văn hóa, văn "
            "nghệ, hội thi và các mô hình “Dân vận khéo”; sinh viên, đồng bào tôn giáo, dân tộc "
            "có cách tiếp cận riêng.",
            "Thông tin được cung cấp kịp thời trước các sự kiện được dư luận quan tâm, để định "
            "hướng và phản bác thông tin sai trái trên mạng xã hội.",
        ),
        "Báo cáo viên nói chuyện thời sự tại tổ dân phố",
        ("tuyên truyền miệng", "báo cáo viên"),
    ),
    DemoArticle(
        4,
        "Thanh Xuân tuyên truyền Đại hội Đảng bộ quận lần thứ VI",
        _at(30, 7, 2020, 16, 47),
        "Phòng Văn hóa và Thông tin",
        "Quận Thanh Xuân tuyên truyền sâu rộng hướng tới Đại hội đại biểu Đảng bộ quận lần thứ "
        "VI, nhiệm kỳ 2020 - 2025, theo Chỉ thị số 35-CT/TW của Bộ Chính trị.",
        (
            "Quận ủy ban hành Kế hoạch số 149-KH/QU ngày 23/7/2019 và Kế hoạch số 158-KH/QU ngày "
            "26/11/2019; UBND quận có Kế hoạch số 147/KH-UBND ngày 15/5/2020 và Văn bản số "
            "838/UBND-VHTT ngày 9/6/2020.",
            "Cổng thông tin điện tử quận đã đăng 30 tin, bài; quận phối hợp với Báo Kinh tế và "
            "Đô thị đăng gần 30 bài báo điện tử và 11 bài báo in về đại hội của 11/11 phường.",
            "Kỷ yếu ảnh Đại hội được xuất bản; 06 đĩa CD tuyên truyền kỷ niệm 90 năm Ngày thành "
            "lập Đảng bộ thành phố Hà Nội được chuyển tới các phường.",
        ),
        "Pa-nô tuyên truyền Đại hội trên đường phố Thanh Xuân",
        ("đại hội đảng", "Thanh Xuân", "trực quan"),
    ),
    DemoArticle(
        1,
        "Sơ kết công tác tuyên giáo 9 tháng đầu năm 2023",
        _at(29, 9, 2023, 10, 5),
        "Hữu Thống",
        "Chiều 28/9/2023, Ban Tuyên giáo Huyện ủy họp sơ kết 9 tháng và triển khai nhiệm vụ 3 "
        "tháng cuối năm 2023; đồng chí Phan Anh Tuấn, Trưởng Ban Tuyên giáo Huyện ủy chủ trì.",
        (
            "Hội nghị thống nhất tăng cường nắm tình hình tư tưởng Nhân dân và cung cấp tài liệu "
            "kịp thời cho báo cáo viên, tuyên truyền viên cơ sở.",
            "Quý IV, huyện tiếp tục thực hiện Kết luận số 01-KL/TW gắn với Kết luận số 21-KL/TW "
            "ngày 25/10/2021 của Ban Chấp hành Trung ương về xây dựng, chỉnh đốn Đảng.",
        ),
        "Đại biểu thảo luận tại hội nghị",
        ("sơ kết", "xây dựng Đảng"),
    ),
    DemoArticle(
        0,
        "Đền Quán Thánh và Đền Voi Phục đón Bằng Di tích quốc gia đặc biệt",
        _at(20, 9, 2022, 8),
        "Ban Tuyên giáo Quận ủy",
        "Quận Ba Đình trang trọng tổ chức lễ đón Bằng công nhận Di tích quốc gia đặc biệt "
        "“Thăng Long tứ trấn” cho Đền Quán Thánh và Đền Voi Phục.",
        (
            "Ban Tuyên giáo Quận ủy tham mưu chương trình văn hóa, văn nghệ và tuyên truyền về giá "
            "trị của hệ thống di tích trấn giữ bốn phía kinh thành xưa.",
        ),
        "Đền Quán Thánh, một trong Thăng Long tứ trấn",
        ("di tích", "Ba Đình", "văn hóa"),
    ),
    DemoArticle(
        0,
        "Ba Đình kỷ niệm 77 năm Ngày Thương binh - Liệt sĩ",
        _at(23, 7, 2024, 9),
        "Phòng Văn hóa và Thông tin",
        "Sáng 22/7/2024, quận Ba Đình tổ chức lễ kỷ niệm 77 năm Ngày Thương binh - Liệt sĩ "
        "(27/7/1947 - 27/7/2024) và biểu dương các đơn vị có thành tích.",
        (
            "Lễ kỷ niệm do Quận ủy, HĐND, UBND và Ủy ban MTTQ Việt Nam quận phối hợp tổ chức, "
            "tri ân các gia đình chính sách trên địa bàn.",
        ),
        "Lãnh đạo quận tặng hoa các gia đình chính sách",
        ("tri ân", "Ba Đình"),
    ),
    DemoArticle(
        3,
        "Điểm truyền thông hưởng ứng Ngày Dân số thế giới tại Ba Đình",
        _at(11, 7, 2024, 10),
        "Phòng Văn hóa và Thông tin",
        "Sáng 10/7/2024, UBND quận Ba Đình cùng UBND phường Cống Vị và phường Vĩnh Phúc tổ chức "
        "điểm truyền thông hưởng ứng Ngày Dân số thế giới 11/7 tại Trường Tiểu học Nguyễn Bá "
        "Ngọc.",
        (
            "Cán bộ dân số, đoàn thể phường và giáo viên cùng trò chuyện với phụ huynh về chăm "
            "sóc sức khỏe sinh sản và nâng cao chất lượng dân số.",
        ),
        "Điểm truyền thông tại Trường Tiểu học Nguyễn Bá Ngọc",
        ("dân số", "dân vận"),
    ),
    DemoArticle(
        3,
        "Quận ủy Ba Đình ký chương trình phối hợp với Liên hiệp các tổ chức hữu nghị Hà Nội",
        _at(19, 7, 2024, 8, 30),
        "Phòng Văn hóa và Thông tin",
        "Chiều 18/7/2024, Quận ủy Ba Đình ký chương trình phối hợp công tác với Liên hiệp các tổ "
        "chức hữu nghị thành phố Hà Nội.",
        (
            "Hai bên thống nhất phối hợp trong thông tin đối ngoại, giới thiệu hình ảnh quận Ba "
            "Đình và vận động các tầng lớp Nhân dân tham gia hoạt động hữu nghị.",
        ),
        "Lễ ký kết chương trình phối hợp",
        ("đối ngoại", "Ba Đình"),
    ),
]

# Colours of the drawn pictures: the portal's red, gold, and calm backgrounds.
_PALETTE = [(168, 20, 26), (205, 150, 40), (40, 90, 140), (60, 120, 80), (120, 60, 120)]


def _picture(seed: int) -> bytes:
    """A 1200×675 picture drawn from ``seed``: a gradient sky, a hall and a crowd."""
    rng = random.Random(seed)
    top, bottom = rng.sample(_PALETTE, 2)
    width, height = 1200, 675
    image = PillowImage.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        share = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(int(a + (b - a) * share) for a, b in zip(top, bottom, strict=True)),
        )
    draw.rectangle([150, 200, 1050, 520], fill=(245, 238, 225))
    draw.polygon([(120, 210), (600, 60), (1080, 210)], fill=(168, 20, 26))
    for column in range(8):
        x = 200 + column * 110
        draw.rectangle([x, 260, x + 30, 520], fill=(225, 210, 185))
    draw.ellipse([560, 110, 640, 190], fill=(250, 210, 60))
    for _ in range(60):
        x, y = rng.randint(0, width), rng.randint(540, height)
        draw.ellipse([x, y, x + 26, y + 26], fill=rng.choice(_PALETTE))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()


def _image(title: str, seed: int) -> Image:
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    file = ImageFile(io.BytesIO(_picture(seed)), name=f"cong-thong-tin-{seed}.jpg")
    return Image.objects.create(title=title, file=file)


@transaction.atomic
def ensure_home_page() -> HomePage:
    """Make a published portal home page the root of the default site; safe to re-run."""
    home = HomePage.objects.first()
    if home is None:
        Page.objects.filter(
            depth=2, title=WAGTAIL_WELCOME_TITLE, content_type__model="page", numchild=0
        ).delete()
        root = Page.get_first_root_node()
        home = root.add_child(
            instance=HomePage(title=HOME_TITLE, slug="trang-chu", intro=HOME_INTRO)
        )
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Tuyên giáo số",
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "Tuyên giáo số"
        site.save()
    return home


def _publish(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _article(section: SectionPage, number: int, demo: DemoArticle) -> ArticlePage:
    image = _image(demo.caption, number)
    article = ArticlePage(
        title=demo.title,
        date=demo.date,
        author=demo.author,
        lead=demo.lead,
        featured=demo.featured,
        body=[
            ("paragraph", f"<p>{demo.paragraphs[0]}</p>"),
            ("image", {"image": image, "caption": demo.caption}),
            *(("paragraph", f"<p>{text}</p>") for text in demo.paragraphs[1:]),
        ],
        show_in_menus=False,
    )
    article.tags.add(*demo.tags)
    article.gallery_images.add(ArticleGalleryImage(image=image, caption=demo.caption))
    extra = _image(f"{demo.caption} (ảnh 2)", number + 100)
    article.gallery_images.add(ArticleGalleryImage(image=extra, caption=f"{demo.caption} (ảnh 2)"))
    return _publish(section, article)


@transaction.atomic
def ensure_demo_portal() -> HomePage:
    """The home page, then sections, articles and the other pages, once."""
    home = ensure_home_page()
    if SectionPage.objects.child_of(home).exists():
        return home
    home.links = [("link", {"title": title, "url": url}) for title, url in LINKS]
    home.save_revision().publish()
    sections = [
        _publish(home, SectionPage(title=title, intro=intro, show_in_menus=True))
        for title, intro in SECTIONS
    ]
    for number, demo in enumerate(ARTICLES, start=1):
        _article(sections[demo.section], number, demo)
    _publish(
        home,
        GalleryPage(
            title="Thư viện hình ảnh",
            intro="Ảnh các hoạt động, mới nhất trước.",
            show_in_menus=True,
        ),
    )
    _publish(
        home,
        DocumentsPage(
            title="Văn bản",
            intro="Văn bản công khai trong sổ văn bản của Ban: tìm theo số, ký hiệu hoặc nội "
            "dung, có dấu hay không dấu đều được.",
            show_in_menus=True,
        ),
    )
    _publish(
        home,
        ContactPage(
            title="Liên hệ - Liên kết",
            address="Số 1 phố Minh họa, phường Ba Đình, Hà Nội (địa chỉ minh họa)",
            phone="024 0000 0000",
            email="lienhe@tuyengiao.example",
            links=[("link", {"title": title, "url": url}) for title, url in LINKS],
            show_in_menus=True,
        ),
    )
    return home
