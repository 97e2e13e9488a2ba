"""A document number is unique per issuing unit, and per issuer code only for an issuer
outside the system.

Every district committee signs ``QU`` and every people's committee ``UBND``: keyed on the code
alone, Quận ủy Ba Đình's 12-KH/QU and Quận ủy Hoàn Kiếm's 12-KH/QU were one document. The new
keys add the issuing unit where there is one (``tuyengiao.documents.models``).

Every existing row is kept as it is, and nothing needs a backfill: each new key holds the old
one's columns, only on fewer rows (those with an issuing unit, or those without one), so rows
that were unique under the old constraints are unique under the new ones. Going back
restores the old constraints; it fails, leaving the rows untouched, once two units' documents
share a number and code, since the old key cannot hold those two documents.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_documents_files_relations"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="document",
            name="documents_unique_party_number",
        ),
        migrations.RemoveConstraint(
            model_name="document",
            name="documents_unique_state_number",
        ),
        migrations.AddConstraint(
            model_name="document",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    ("family", "party"), ("issuer__isnull", False), ("number_value__isnull", False)
                ),
                fields=("issuer", "issuer_code", "type_code", "number_value", "numbering_period"),
                name="documents_unique_party_number_by_unit",
            ),
        ),
        migrations.AddConstraint(
            model_name="document",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    ("family", "party"), ("issuer__isnull", True), ("number_value__isnull", False)
                ),
                fields=("issuer_code", "type_code", "number_value", "numbering_period"),
                name="documents_unique_party_number_by_code",
            ),
        ),
        migrations.AddConstraint(
            model_name="document",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    ("family", "state"), ("issuer__isnull", False), ("number_value__isnull", False)
                ),
                fields=("issuer", "issuer_code", "number_value", "numbering_period"),
                name="documents_unique_state_number_by_unit",
            ),
        ),
        migrations.AddConstraint(
            model_name="document",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    ("family", "state"), ("issuer__isnull", True), ("number_value__isnull", False)
                ),
                fields=("issuer_code", "number_value", "numbering_period"),
                name="documents_unique_state_number_by_code",
            ),
        ),
    ]
