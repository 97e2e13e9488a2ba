"""Seed the categories, figures and activity types (data; safe to re-run)."""

from django.db import migrations

# code, name, options (code, name)
CATEGORIES = [
    (
        "block",
        "Khối",
        [
            ("party", "Khối Đảng"),
            ("mass", "Khối Đoàn thể"),
            ("state", "Khối Nhà nước"),
            ("other", "Khác"),
        ],
    ),
    (
        "channel",
        "Kênh đăng tải",
        [
            ("portal", "Cổng/Trang thông tin điện tử"),
            ("online_press", "Báo điện tử"),
            ("print_press", "Báo in"),
            ("radio_tv", "Phát thanh, truyền hình"),
            ("social", "Mạng xã hội"),
        ],
    ),
    (
        "publication",
        "Loại ấn phẩm",
        [
            ("book", "Sách"),
            ("yearbook", "Kỷ yếu"),
            ("cd", "Đĩa CD"),
            ("leaflet", "Tờ gấp, tài liệu"),
        ],
    ),
]

# code, name, counted in, category
FIGURES = [
    ("participants", "Số người tham dự", "người", "block"),
    ("expected", "Số người phải tham dự", "người", None),
    ("remote_points", "Số điểm cầu", "điểm cầu", None),
    ("classes", "Số lớp", "lớp", "block"),
    ("learners", "Số lượt học viên", "lượt học viên", "block"),
    ("opinions", "Số ý kiến, kiến nghị tổng hợp", "ý kiến", None),
    ("performances", "Số tiết mục", "tiết mục", None),
    ("banners", "Số băng rôn, khẩu hiệu", "băng rôn", None),
    ("panels", "Số pa nô, áp phích", "pa nô", None),
    ("places", "Số điểm tuyên truyền", "điểm", None),
    ("broadcasts", "Số lượt phát thanh", "lượt phát", None),
    ("minutes", "Thời lượng phát", "phút", None),
    ("titles", "Số đầu ấn phẩm", "đầu ấn phẩm", "publication"),
    ("copies", "Số bản", "bản", None),
    ("articles", "Số tin, bài", "tin, bài", "channel"),
    ("entries", "Số lượt dự thi", "lượt dự thi", None),
    ("prizes", "Số giải thưởng", "giải", None),
]

# code, name, description, figures (code, required)
TYPES = [
    ("conference", "Hội nghị", "", [("participants", False), ("remote_points", False)]),
    (
        "study_conference",
        "Hội nghị học tập, quán triệt nghị quyết",
        "Học tập, quán triệt, triển khai nghị quyết, chỉ thị, kết luận của Đảng.",
        [("participants", False), ("expected", False), ("remote_points", False)],
    ),
    (
        "training_class",
        "Lớp bồi dưỡng, tập huấn",
        "Lớp bồi dưỡng lý luận chính trị, nghiệp vụ, tập huấn.",
        [("classes", True), ("learners", True), ("remote_points", False)],
    ),
    ("oral_propaganda", "Buổi tuyên truyền miệng", "", [("participants", False)]),
    (
        "reporters_briefing",
        "Hội nghị báo cáo viên",
        "",
        [("participants", False), ("remote_points", False)],
    ),
    (
        "opinion_meeting",
        "Giao ban cộng tác viên dư luận xã hội",
        "",
        [("participants", False), ("opinions", False)],
    ),
    (
        "cultural_event",
        "Hoạt động văn hóa, văn nghệ",
        "",
        [("participants", False), ("performances", False)],
    ),
    (
        "visual_propaganda",
        "Tuyên truyền trực quan",
        "Băng rôn, khẩu hiệu, pa nô, áp phích.",
        [("banners", False), ("panels", False), ("places", False)],
    ),
    (
        "loudspeaker",
        "Tuyên truyền trên hệ thống loa truyền thanh",
        "",
        [("broadcasts", False), ("minutes", False), ("places", False)],
    ),
    (
        "publication",
        "Xuất bản ấn phẩm",
        "Sách, kỷ yếu, đĩa CD, tờ gấp.",
        [("titles", True), ("copies", False)],
    ),
    (
        "article",
        "Tin, bài trên cổng thông tin, báo chí",
        "",
        [("articles", True)],
    ),
    ("contest", "Cuộc thi", "", [("entries", False), ("prizes", False)]),
]


def seed(apps, schema_editor):
    Category = apps.get_model("activities", "Category")
    CategoryOption = apps.get_model("activities", "CategoryOption")
    Figure = apps.get_model("activities", "Figure")
    ActivityType = apps.get_model("activities", "ActivityType")
    TypeFigure = apps.get_model("activities", "TypeFigure")
    categories = {}
    for code, name, options in CATEGORIES:
        category, _ = Category.objects.update_or_create(code=code, defaults={"name": name})
        categories[code] = category
        for order, (option_code, option_name) in enumerate(options):
            CategoryOption.objects.update_or_create(
                category=category,
                code=option_code,
                defaults={"name": option_name, "sort_order": order},
            )
    figures = {}
    for code, name, unit_label, category in FIGURES:
        figures[code], _ = Figure.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "unit_label": unit_label,
                "category": categories[category] if category else None,
            },
        )
    for order, (code, name, description, type_figures) in enumerate(TYPES):
        activity_type, _ = ActivityType.objects.update_or_create(
            code=code, defaults={"name": name, "description": description, "sort_order": order}
        )
        for position, (figure, required) in enumerate(type_figures):
            TypeFigure.objects.update_or_create(
                activity_type=activity_type,
                figure=figures[figure],
                defaults={"sort_order": position, "required": required},
            )


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_activity_log")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
