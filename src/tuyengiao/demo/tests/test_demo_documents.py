"""The demo documents: the seed articles' documents, their confirmed implementation chains,
and a second ``demo_load`` that changes nothing."""

from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from tuyengiao.demo.documents import DEMO_DOCUMENTS, IMPLEMENTS
from tuyengiao.documents.models import Document, DocumentRelation
from tuyengiao.documents.search import document_search
from tuyengiao.documents.selectors import implementation_chain

pytestmark = pytest.mark.django_db


def _load() -> str:
    out = StringIO()
    call_command("demo_load", stdout=out)
    return out.getvalue()


def _counts() -> tuple[int, int, int]:
    return (
        Document.objects.count(),
        DocumentRelation.objects.count(),
        DocumentRelation.objects.filter(state=DocumentRelation.State.CONFIRMED).count(),
    )


def _tree(nodes) -> list:
    return [(node.document.symbol, _tree(node.children)) for node in nodes]


@pytest.fixture
def loaded() -> str:
    return _load()


def test_demo_load_twice_gives_the_same_counts(loaded):
    first = _counts()
    assert first[0] == len(DEMO_DOCUMENTS)
    assert first[2] == len(IMPLEMENTS)
    second_output = _load()
    assert _counts() == first
    assert f"Sổ văn bản mẫu (vừa nạp): {len(DEMO_DOCUMENTS)} văn bản" in loaded
    assert "Sổ văn bản mẫu (đã có, không thay đổi)" in second_output


def test_the_chains_show_through_implementation_chain(loaded):
    admin = get_user_model().objects.get(username="quantri")
    district_plan = Document.objects.get(symbol="229-KH/QU")
    up, _ = implementation_chain(admin, district_plan)
    assert _tree(up) == [("241-KH/TU", [("30-CT/TW", [])])]

    directive = Document.objects.get(symbol="30-CT/TW")
    _, down = implementation_chain(admin, directive)
    assert _tree(down) == [("241-KH/TU", [("229-KH/QU", [])])]

    congress = Document.objects.get(symbol="35-CT/TW")
    _, down = implementation_chain(admin, congress)
    assert _tree(down) == [("155-KH/TU", [("149-KH/QU", []), ("158-KH/QU", [])])]


def test_numbers_dates_issuers_and_visibility(loaded):
    directive = Document.objects.get(symbol="30-CT/TW")
    assert (directive.issue_date, directive.term, directive.issuer_name) == (
        date(2024, 2, 5),
        "XIII",
        "Ban Bí thư",
    )
    assert directive.visibility == "public"
    assert "ban bi thu" in directive.search_text
    plan = Document.objects.get(symbol="241-KH/TU")
    assert (plan.issuer.code, plan.owner.code, plan.numbering_period) == ("HN", "HN", "khóa XVII")
    district_plan = Document.objects.get(symbol="229-KH/QU")
    assert (district_plan.issuer.code, district_plan.visibility) == ("HN.BADINH", "internal")
    assert Document.objects.get(symbol="149-KH/QU").issue_date == date(2019, 7, 23)
    letter = Document.objects.get(symbol="838/UBND-VHTT")
    assert (letter.family, letter.issuer_code, letter.unit_code) == ("state", "UBND", "VHTT")
    assert letter.issuer_name == "Ủy ban nhân dân quận Thanh Xuân"


def test_the_demo_documents_are_found_by_search(loaded):
    admin = get_user_model().objects.get(username="quantri")
    results = list(document_search(admin, "229 KH QU")[:5])
    assert results[0].symbol == "229-KH/QU"
    found = [document.symbol for document in document_search(admin, "tuyen truyen mieng")[:10]]
    assert found[:3] == ["229-KH/QU", "241-KH/TU", "30-CT/TW"]
