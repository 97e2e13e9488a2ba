"""Searching the registry: folded words, loose numbers first, summary phrases next, filters,
access, and the filter choices."""

from datetime import date

import pytest
from django.db.models import QuerySet

from tuyengiao.documents.models import Document, Topic
from tuyengiao.documents.search import (
    RANK_OTHER,
    RANK_SUMMARY_PHRASE,
    RANK_SYMBOL,
    DocumentFilters,
    document_search,
    issuer_choices,
    type_choices,
)
from tuyengiao.documents.tests.builders import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(city):
    """A few documents of the seed articles' chain, plus one that only cites them."""
    directive = register(
        city,
        "30-CT/TW",
        date(2024, 2, 5),
        "Chỉ thị về công tác tuyên truyền miệng trong tình hình mới",
        term="XIII",
        visibility="public",
    )
    city_plan = register(
        city,
        "241-KH/TU",
        date(2024, 5, 30),
        "Kế hoạch thực hiện Chỉ thị số 30-CT/TW của Ban Bí thư",
        issuer=city.city,
        term="XVII",
        visibility="public",
    )
    district_plan = register(
        city,
        "229-KH/QU",
        date(2024, 6, 10),
        "Kế hoạch triển khai Chỉ thị 30-CT/TW trong toàn Đảng bộ quận",
        owner=city.district,
        issuer=city.district,
        body="Thực hiện Kế hoạch số 241-KH/TU ngày 30/5/2024 của Ban Thường vụ Thành ủy.",
    )
    report = register(
        city,
        "12-BC/QU",
        date(2024, 9, 29),
        "Báo cáo sơ kết công tác tuyên giáo 9 tháng",
        owner=city.district,
        body="Quận ủy đã ban hành Kế hoạch số 229-KH/QU về tuyên truyền miệng; đội ngũ báo cáo "
        "viên được bồi dưỡng.",
    )
    letter = register(
        city,
        "838/UBND-VHTT",
        date(2020, 6, 9),
        "Đẩy mạnh tuyên truyền Đại hội đại biểu Đảng bộ quận lần thứ VI",
        status="expired",
    )
    return {
        "directive": directive,
        "city_plan": city_plan,
        "district_plan": district_plan,
        "report": report,
        "letter": letter,
    }


def _symbols(results) -> list[str]:
    return [document.symbol for document in results]


def _search(user, query="", **filters) -> list[Document]:
    return list(document_search(user, query, DocumentFilters(**filters))[:50])


def test_words_match_without_accents_and_all_are_required(registry, city_specialist):
    accented = _symbols(_search(city_specialist, "tuyên truyền miệng"))
    folded = _symbols(_search(city_specialist, "TUYEN truyen MIENG"))
    assert accented == folded
    assert set(accented) == {"30-CT/TW", "12-BC/QU"}
    # đ folds to d: "Đảng bộ" is found by "dang bo"
    assert set(_symbols(_search(city_specialist, "dang bo"))) == {"229-KH/QU", "838/UBND-VHTT"}
    assert _symbols(_search(city_specialist, "tuyên truyền miệng xyzzy")) == []


@pytest.mark.parametrize("query", ["229 KH QU", "229-kh/qu", "Số 229-KH/QU", "229 - KH/QU"])
def test_a_number_in_any_loose_form_comes_first_then_the_texts_citing_it(
    registry, city_specialist, query
):
    results = _search(city_specialist, query)
    assert results[0].symbol == "229-KH/QU"
    assert results[0].search_rank == RANK_SYMBOL
    assert "12-BC/QU" in _symbols(results[1:])


def test_summary_phrase_ranks_before_other_matches_newest_first_within(registry, city_specialist):
    results = _search(city_specialist, "tuyen truyen")
    ranks = [(document.symbol, document.search_rank) for document in results]
    assert ranks == [
        ("30-CT/TW", RANK_SUMMARY_PHRASE),
        ("838/UBND-VHTT", RANK_SUMMARY_PHRASE),
        ("12-BC/QU", RANK_OTHER),
    ]


def test_punctuated_chunks_and_quoted_phrases_must_occur_as_phrases(registry, city_specialist):
    assert _symbols(_search(city_specialist, "241-kh/tu"))[0] == "241-KH/TU"
    assert "229-KH/QU" in _symbols(_search(city_specialist, "241-kh/tu"))
    assert _symbols(_search(city_specialist, '"bao cao vien"')) == ["12-BC/QU"]
    assert _symbols(_search(city_specialist, '"vien bao cao"')) == []


def test_filters_narrow_the_results(registry, city, city_specialist):
    topic = Topic.objects.create(name="Tuyên truyền miệng", sort_key="tuyen")
    registry["directive"].topics.add(topic)
    assert _symbols(_search(city_specialist, "", type_code="KH")) == ["229-KH/QU", "241-KH/TU"]
    # 229-KH/QU says "kế hoạch" in its summary, 12-BC/QU only in its text
    assert _symbols(_search(city_specialist, "ke hoach", issuer_code="QU")) == [
        "229-KH/QU",
        "12-BC/QU",
    ]
    assert _symbols(_search(city_specialist, "dang", year=2020)) == ["838/UBND-VHTT"]
    assert _symbols(_search(city_specialist, "", status="expired")) == ["838/UBND-VHTT"]
    assert _symbols(_search(city_specialist, "", topic=topic.pk)) == ["30-CT/TW"]


def test_empty_query_lists_everything_visible_newest_first(registry, city_specialist):
    assert _symbols(_search(city_specialist)) == [
        "12-BC/QU",
        "229-KH/QU",
        "241-KH/TU",
        "30-CT/TW",
        "838/UBND-VHTT",
    ]


def test_internal_documents_of_another_ward_are_not_found(city, ward_officer_a, ward_officer_b):
    register(
        city,
        "05-KH/ĐU",
        date(2024, 3, 1),
        "Kế hoạch tuyên truyền miệng của phường",
        owner=city.ward_a,
    )
    assert _symbols(_search(ward_officer_a, "tuyen truyen mieng")) == ["05-KH/ĐU"]
    assert _symbols(_search(ward_officer_b, "tuyen truyen mieng")) == []
    assert _symbols(_search(ward_officer_b, "05 KH DU")) == []


def test_pages_and_counts_are_those_of_the_plain_queryset(registry, city, city_specialist):
    for number in range(1, 31):
        register(
            city,
            f"{number}-TB/TU",
            date(2023, 1, number),
            "Thông báo về tuyên truyền" if number % 3 else "Thông báo kết luận",
            body="Tiếp tục tuyên truyền Chỉ thị 30-CT/TW.",
        )
    for query in ("tuyen truyen", "30-ct/tw", "thong bao", "229 KH QU"):
        results = document_search(city_specialist, query)
        plain = results.filter()  # a changed queryset: ranked and sorted in one query
        for start, stop in ((0, 10), (10, 20), (5, 40)):
            fast = [(d.pk, d.search_rank) for d in results[start:stop]]
            slow = [(d.pk, d.search_rank) for d in QuerySet.__getitem__(plain, slice(start, stop))]
            assert fast == slow, (query, start, stop)
        assert results.count() == plain.count() == results.all().count()


def test_issuer_and_type_choices_are_in_vietnamese_order(registry, city_specialist):
    assert issuer_choices(city_specialist) == [
        ("QU", "Quận ủy Quận Một (QU)"),
        ("TU", "Thành ủy Thành phố (TU)"),
        ("TW", "TW"),  # no issuing unit, so no name
        ("UBND", "UBND"),
    ]
    types = type_choices(city_specialist)
    assert types == [("BC", "Báo cáo (BC)"), ("CT", "Chỉ thị (CT)"), ("KH", "Kế hoạch (KH)")]
