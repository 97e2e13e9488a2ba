"""Counts inside translated sentences are grouped the Vietnamese way: 1.418, not 1418."""

from datetime import date

import pytest
from django.urls import reverse

from tuyengiao.documents.models import Document


@pytest.mark.django_db
def test_the_registry_counts_its_documents_the_vietnamese_way(client, city, system_admin):
    Document.objects.bulk_create(
        Document(
            family=Document.Family.PARTY,
            symbol=f"{number}-KH/TU",
            number=str(number),
            number_value=number,
            type_code="KH",
            issuer_code="TU",
            issue_date=date(2024, 1, 5),
            numbering_period="XVII",
            summary=f"Kế hoạch số {number}",
            status=Document.Status.IN_FORCE,
            visibility=Document.Visibility.PUBLIC,
            owner=city.city,
            symbol_loose=f"{number}khtu",
        )
        for number in range(1, 1419)
    )
    client.force_login(system_admin)

    html = client.get(reverse("documents:list")).content.decode()

    assert "1.418 văn bản" in html
    assert "1418 văn bản" not in html
