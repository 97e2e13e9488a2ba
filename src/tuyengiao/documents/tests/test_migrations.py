"""Migrations of the document registry keep the documents already registered."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE_PER_UNIT_KEYS = [("documents", "0001_documents_files_relations")]
PER_UNIT_KEYS = [("documents", "0002_party_and_state_numbers_unique_per_issuing_unit")]

# (symbol, family, number, type, issuer code, issue date, term, period, issued by the district)
ROWS = [
    ("35-CT/TW", "party", 35, "CT", "TW", date(2019, 5, 30), "XII", "khóa XII", False),
    ("35-CT/TW", "party", 35, "CT", "TW", date(2024, 6, 14), "XIII", "khóa XIII", False),
    ("229-KH/QU", "party", 229, "KH", "QU", date(2024, 6, 10), "", "2024", True),
    ("230-KH/QU", "party", 230, "KH", "QU", date(2024, 6, 11), "", "2024", False),
    ("147/KH-UBND", "state", 147, "KH", "UBND", date(2020, 5, 15), "", "2020", False),
    ("838/UBND-VHTT", "state", 838, "", "UBND", date(2021, 6, 9), "", "2021", True),
    ("-NQ/ĐU", "party", None, "NQ", "ĐU", date(2024, 1, 5), "", "2024", False),
]


def _migrate(targets: list[tuple[str, str]]):
    """Bring the database to ``targets``; return the Document model of that state (later
    migrations may add columns the current model would ask for)."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps.get_model("documents", "Document")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_per_unit_keys_keep_every_registered_document(city):
    """Documents registered under the code-only keys are all there, unchanged, once the keys
    take the issuing unit; and then a second district's 229-KH/QU finds its place."""
    try:
        old_document = _migrate(BEFORE_PER_UNIT_KEYS)
        old_document.objects.bulk_create(
            old_document(
                symbol=symbol,
                family=family,
                number="" if number is None else str(number),
                number_value=number,
                type_code=type_code,
                issuer_code=issuer_code,
                issuer_id=city.district.pk if by_district else None,
                issue_date=day,
                term=term,
                numbering_period=period,
                summary=f"Văn bản {symbol}",
                owner_id=city.city.pk,
                symbol_loose=symbol.lower(),
            )
            for symbol, family, number, type_code, issuer_code, day, term, period, by_district in (
                ROWS
            )
        )
        before = list(old_document.objects.order_by("pk").values())

        new_document = _migrate(PER_UNIT_KEYS)

        assert list(new_document.objects.order_by("pk").values()) == before
        new_document.objects.create(
            **{
                **{key: value for key, value in before[2].items() if key != "id"},
                "issuer_id": city.ward_a.pk,
            }
        )
        assert new_document.objects.filter(symbol="229-KH/QU").count() == 2
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
