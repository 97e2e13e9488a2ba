"""Internal files move out of MEDIA_ROOT into the private folder, which has no public address
(core/files.py); stored names stay as they are, so existing rows keep working."""

from django.db import migrations, models

import tuyengiao.activities.models
import tuyengiao.core.files
from tuyengiao.core.files import move_into_private_storage


def move_files(apps, schema_editor, back=False):
    move_into_private_storage(apps.get_model("activities", "ActivityFile"), "file", back=back)


def move_files_back(apps, schema_editor):
    move_files(apps, schema_editor, back=True)


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0003_activity_is_highlighted"),
    ]

    operations = [
        migrations.AlterField(
            model_name="activityfile",
            name="file",
            field=models.FileField(
                max_length=255,
                storage=tuyengiao.core.files.private_storage,
                upload_to=tuyengiao.activities.models.activity_file_path,
                verbose_name="file",
            ),
        ),
        migrations.RunPython(move_files, move_files_back),
    ]
