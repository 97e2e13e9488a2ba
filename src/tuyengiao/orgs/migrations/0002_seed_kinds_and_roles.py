"""Seed the unit kinds and roles. Re-running updates names and capabilities in place."""

from django.db import migrations

UNIT_KINDS = [
    ("central_committee", "Ban Chấp hành Trung ương", 0),
    ("city_committee", "Thành ủy, Tỉnh ủy", 10),
    ("district_committee", "Quận ủy, Huyện ủy, Thị ủy", 20),
    ("commune_committee", "Đảng ủy xã, phường, thị trấn", 30),
    ("grassroots_committee", "Đảng ủy cơ sở", 40),
    ("party_cell", "Chi bộ", 50),
    ("propaganda_board", "Ban Tuyên giáo (và Dân vận)", 60),
    ("mass_mobilisation_board", "Ban Dân vận", 61),
    ("fatherland_front", "Ủy ban Mặt trận Tổ quốc", 70),
    ("mass_organisation", "Đoàn thể chính trị - xã hội", 71),
    ("peoples_committee", "Ủy ban nhân dân", 80),
    ("other", "Khác", 99),
]

# code, name, rank, description, capabilities
ROLES = [
    (
        "system_admin",
        "Quản trị hệ thống",
        100,
        "Toàn quyền trong phạm vi đơn vị: cây tổ chức, phân quyền, dữ liệu, cổng thông tin.",
        {"can_edit_data", "can_approve", "can_manage_units", "can_grant", "can_publish_portal", "can_brief"},
    ),
    (
        "leader",
        "Lãnh đạo",
        80,
        "Lãnh đạo ban, thường trực cấp ủy: duyệt báo cáo, phân quyền cho cán bộ trong phạm vi.",
        {"can_edit_data", "can_approve", "can_grant"},
    ),
    (
        "specialist",
        "Chuyên viên",
        60,
        "Chuyên viên ban: văn bản, kế hoạch, đầu việc, tổng hợp báo cáo, điều chỉnh cây tổ chức.",
        {"can_edit_data", "can_manage_units", "can_brief"},
    ),
    (
        "grassroots_officer",
        "Cán bộ cơ sở",
        40,
        "Cán bộ xã, phường, chi bộ, đoàn thể: ghi hoạt động, nhập số liệu, cập nhật đầu việc.",
        {"can_edit_data"},
    ),
    (
        "reporter",
        "Báo cáo viên",
        30,
        "Báo cáo viên, tuyên truyền viên: nhận tài liệu, ghi buổi nói chuyện và số người nghe.",
        {"can_brief"},
    ),
    (
        "portal_editor",
        "Biên tập viên cổng thông tin",
        20,
        "Đăng tin bài trên cổng thông tin điện tử của ban.",
        {"can_publish_portal"},
    ),
    ("viewer", "Người theo dõi", 10, "Chỉ xem số liệu và báo cáo trong phạm vi đơn vị.", set()),
]

CAPABILITIES = [
    "can_edit_data",
    "can_approve",
    "can_manage_units",
    "can_grant",
    "can_publish_portal",
    "can_brief",
]


def seed(apps, schema_editor):
    UnitKind = apps.get_model("orgs", "UnitKind")
    Role = apps.get_model("orgs", "Role")
    for code, name, sort_order in UNIT_KINDS:
        UnitKind.objects.update_or_create(code=code, defaults={"name": name, "sort_order": sort_order})
    for code, name, rank, description, capabilities in ROLES:
        Role.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "rank": rank,
                "description": description,
                "can_access_admin": True,
                **{capability: capability in capabilities for capability in CAPABILITIES},
            },
        )


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_units_versions_memberships")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
