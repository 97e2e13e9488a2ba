"""Seed the work statuses. Re-running updates names and percentages in place."""

from django.db import migrations

# code, name, percent, is_done, is_excluded, sort order
STATUSES = [
    ("not_started", "Chưa triển khai", 0, False, False, 10),
    ("in_progress", "Đang thực hiện", 50, False, False, 20),
    ("reported", "Đã báo cáo, chờ đánh giá", 90, False, False, 30),
    ("done", "Hoàn thành", 100, True, False, 40),
    ("cancelled", "Không thực hiện (đã điều chỉnh)", 0, False, True, 90),
]


def seed(apps, schema_editor):
    WorkStatus = apps.get_model("plans", "WorkStatus")
    for code, name, percent, is_done, is_excluded, order in STATUSES:
        WorkStatus.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "percent": percent,
                "is_done": is_done,
                "is_excluded": is_excluded,
                "sort_order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_plans_items_assignments_tracking")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
