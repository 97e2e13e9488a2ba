"""Internal files move out of MEDIA_ROOT into the private folder, which has no public address
(core/files.py); stored names stay as they are, so existing rows keep working."""

from django.db import migrations, models

import tuyengiao.core.files
import tuyengiao.documents.models
from tuyengiao.core.files import move_into_private_storage


def move_files(apps, schema_editor, back=False):
    move_into_private_storage(apps.get_model("documents", "DocumentFile"), "file", back=back)


def move_files_back(apps, schema_editor):
    move_files(apps, schema_editor, back=True)


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0002_party_and_state_numbers_unique_per_issuing_unit"),
    ]

    operations = [
        migrations.AlterField(
            model_name="documentfile",
            name="file",
            field=models.FileField(
                max_length=255,
                storage=tuyengiao.core.files.private_storage,
                upload_to=tuyengiao.documents.models.document_file_path,
                verbose_name="file",
            ),
        ),
        migrations.RunPython(move_files, move_files_back),
    ]
