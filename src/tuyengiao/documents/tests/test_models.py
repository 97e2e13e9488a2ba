"""The database holds the registry's uniqueness key even for writes that skip the services
(bulk loads such as the synthetic data)."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from tuyengiao.documents.models import Document

pytestmark = pytest.mark.django_db


def _row(symbol: str, family: str, number: int, type_code: str, code: str, issuer, owner):
    return Document(
        symbol=symbol,
        family=family,
        number=str(number),
        number_value=number,
        type_code=type_code,
        issuer_code=code,
        issuer=issuer,
        issue_date=date(2024, 3, 5),
        numbering_period="2024",
        summary=symbol,
        owner=owner,
        symbol_loose=symbol,
    )


@pytest.mark.parametrize(
    ("symbol", "family", "type_code", "code"),
    [("12-KH/QU", "party", "KH", "QU"), ("147/KH-UBND", "state", "KH", "UBND")],
)
def test_a_number_is_unique_per_issuing_unit(city, symbol, family, type_code, code):
    number = int(symbol.split("-")[0].split("/")[0])
    Document.objects.bulk_create(
        [
            _row(symbol, family, number, type_code, code, city.district, city.city),
            _row(symbol, family, number, type_code, code, city.ward_a, city.city),
            _row(symbol, family, number, type_code, code, None, city.city),
        ]
    )
    for issuer in (city.district, None):
        with pytest.raises(IntegrityError), transaction.atomic():
            _row(symbol, family, number, type_code, code, issuer, city.ward_b).save()
    assert Document.objects.count() == 3
