"""Registering documents: parsed numbers, uniqueness by issuer and term or year, relations,
access."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import ModelLogEntry

from tuyengiao.core.actors import SYSTEM
from tuyengiao.documents.models import Document, DocumentRelation
from tuyengiao.documents.selectors import documents_visible_to, implementation_chain
from tuyengiao.documents.services import (
    DuplicateDocument,
    document_register,
    document_update,
    relation_decide,
)
from tuyengiao.documents.tests.builders import Committees, build_committees
from tuyengiao.orgs.models import Unit

pytestmark = pytest.mark.django_db


def _register(city, symbol, issue_date, summary="Kế hoạch thực hiện", actor=SYSTEM, **extra):
    return document_register(
        symbol=symbol, issue_date=issue_date, summary=summary, owner=city.city, actor=actor, **extra
    )


def test_register_keeps_the_symbol_verbatim_and_parses_it(city, city_specialist):
    document = _register(city, "158 - KH/QU", date(2019, 11, 26), actor=city_specialist)
    assert document.symbol == "158 - KH/QU"
    assert (document.family, document.number_value, document.type_code, document.issuer_code) == (
        "party",
        158,
        "KH",
        "QU",
    )
    assert document.symbol_loose == "158 kh qu"
    assert "ke hoach thuc hien" in document.search_text
    assert ModelLogEntry.objects.for_instance(document).get().user == city_specialist


def test_issuer_name_is_kept_as_on_the_issue_date(city):
    document = _register(city, "09-NQ/TU", date(2022, 3, 1), issuer=city.city)
    assert document.issuer_name == "Thành ủy Thành phố"


def test_same_party_number_in_another_term_is_another_document(city):
    """35-CT/TW exists in 2019 (term XII) and in 2024 (term XIII)."""
    _register(city, "35-CT/TW", date(2019, 5, 30), term="XII")
    _register(city, "35-CT/TW", date(2024, 6, 14), term="XIII")
    with pytest.raises(DuplicateDocument) as duplicate:
        _register(city, "35-CT/TW", date(2024, 7, 1), term="XIII")
    assert duplicate.value.existing.issue_date == date(2024, 6, 14)
    assert "35-CT/TW" in str(duplicate.value)


def test_state_numbers_restart_each_year_and_ignore_type(city):
    _register(city, "147/KH-UBND", date(2020, 7, 1))
    _register(city, "147/KH-UBND", date(2021, 7, 1))
    with pytest.raises(DuplicateDocument):
        _register(city, "147/BC-UBND", date(2021, 9, 1))


def test_codes_are_case_and_d_sensitive(city):
    _register(city, "12-HĐ/TU", date(2022, 1, 5))
    _register(city, "12-HD/TU", date(2022, 1, 6))
    assert Document.objects.count() == 2


def test_unreadable_symbol_is_refused_by_field(city):
    with pytest.raises(ValidationError) as error:
        _register(city, "Hà Nội", date(2022, 1, 5))
    assert "symbol" in error.value.message_dict
    assert not Document.objects.exists()


def test_ward_officer_registers_only_for_own_ward(city, ward_officer_a):
    with pytest.raises(PermissionDenied):
        _register(city, "01-KH/ĐU", date(2024, 1, 5), actor=ward_officer_a)
    document = document_register(
        symbol="01-KH/ĐU",
        issue_date=date(2024, 1, 5),
        summary="Kế hoạch tuyên truyền",
        owner=city.ward_a,
        actor=ward_officer_a,
    )
    assert document.owner == city.ward_a


def test_internal_documents_stay_in_their_units_reach(city, ward_officer_a, ward_officer_b):
    internal = document_register(
        symbol="02-KH/ĐU",
        issue_date=date(2024, 1, 5),
        summary="Nội bộ",
        owner=city.ward_a,
        actor=SYSTEM,
    )
    public = _register(city, "03-TB/TU", date(2024, 1, 5), visibility="public")
    assert set(documents_visible_to(ward_officer_a)) == {internal, public}
    assert set(documents_visible_to(ward_officer_b)) == {public}


def test_citations_suggest_relations_and_confirmed_ones_form_the_chain(city, city_specialist):
    directive = _register(
        city, "30-CT/TW", date(2024, 2, 5), summary="Chỉ thị về tuyên truyền miệng"
    )
    plan = _register(
        city,
        "241-KH/TU",
        date(2024, 5, 30),
        summary="Kế hoạch thực hiện Chỉ thị số 30-CT/TW ngày 05/02/2024 của Ban Bí thư",
    )
    ward_plan = _register(
        city,
        "229-KH/QU",
        date(2024, 6, 10),
        summary="Kế hoạch triển khai Kế hoạch số 241-KH/TU của Ban Thường vụ Thành ủy",
    )
    suggestion = DocumentRelation.objects.get(source=plan)
    assert (suggestion.target, suggestion.kind, suggestion.state) == (
        directive,
        "implements",
        "suggested",
    )
    for relation in DocumentRelation.objects.all():
        relation_decide(relation=relation, confirm=True, actor=city_specialist)
    up, down = implementation_chain(city_specialist, plan)
    assert [node.document for node in up] == [directive]
    assert [node.document for node in down] == [ward_plan]
    up, _ = implementation_chain(city_specialist, ward_plan)
    assert up[0].document == plan
    assert up[0].children[0].document == directive


def test_update_recomputes_the_search_text(city):
    document = _register(city, "05-KL/TW", date(2021, 7, 1), summary="Kết luận")
    document_update(document=document, actor=SYSTEM, summary="Kết luận về học tập và làm theo Bác")
    assert "hoc tap va lam theo bac" in document.search_text


def test_city_keeps_seeing_documents_of_a_dissolved_district(city, city_specialist, ward_officer_a):
    """After the district is dissolved, its internal documents stay visible to the city."""
    from tuyengiao.orgs.services import (
        hierarchy_version_create,
        hierarchy_version_publish,
        unit_dissolve,
    )

    plan = document_register(
        symbol="229-KH/QU",
        issue_date=date(2024, 6, 10),
        summary="Kế hoạch",
        owner=city.district,
        actor=SYSTEM,
    )
    version = hierarchy_version_create(effective_date=date(2025, 7, 1), name="2025", actor=SYSTEM)
    unit_dissolve(version=version, unit=city.district, successor=city.city, actor=SYSTEM)
    hierarchy_version_publish(version=version, actor=SYSTEM)
    assert plan in documents_visible_to(city_specialist)
    assert plan not in documents_visible_to(ward_officer_a)


# --- Uniqueness: the issuing unit where it is one, the issuer code otherwise ------------------


@pytest.fixture
def committees(city) -> Committees:
    return build_committees(city)


def _issued(symbol: str, issuer: Unit | None, owner: Unit, day: date = date(2024, 3, 5)):
    return document_register(
        symbol=symbol, issue_date=day, summary="Kế hoạch", owner=owner, issuer=issuer, actor=SYSTEM
    )


def test_two_district_committees_each_have_their_own_qu_numbers(committees):
    """Quận ủy Quận Một's 12-KH/QU and Quận ủy Quận Hai's 12-KH/QU are two documents."""
    one = _issued("12-KH/QU", committees.district_one, committees.district_one)
    two = _issued("12-KH/QU", committees.district_two, committees.district_two)
    assert one.pk != two.pk
    assert (one.issuer_name, two.issuer_name) == ("Quận ủy Quận Một", "Quận ủy Quận Hai")
    assert one.numbering_period == two.numbering_period == "2024"


def test_a_number_used_twice_in_one_unit_is_refused_naming_the_first(committees):
    first = _issued("12-KH/QU", committees.district_one, committees.district_one)
    _issued("12-KH/QU", committees.district_two, committees.district_two)
    with pytest.raises(DuplicateDocument) as duplicate:
        # Another registrar, another day of the same year, the symbol written with spaces.
        _issued("12 - KH/QU", committees.district_one, committees.district_two, date(2024, 9, 1))
    assert duplicate.value.existing == first
    assert duplicate.value.message_dict == {
        "symbol": ["Văn bản 12-KH/QU ngày 05/03/2024 đã có trong sổ văn bản."]
    }
    assert Document.objects.filter(symbol_loose="12 kh qu").count() == 2


def test_an_edit_that_takes_another_units_number_is_refused(committees):
    """The key is checked on update too: moving a document to the unit that already holds
    its number."""
    first = _issued("12-KH/QU", committees.district_one, committees.district_one)
    other = _issued("12-KH/QU", committees.district_two, committees.district_two)
    with pytest.raises(DuplicateDocument) as duplicate:
        document_update(document=other, actor=SYSTEM, issuer=committees.district_one)
    assert duplicate.value.existing == first


def test_an_issuer_outside_the_system_is_keyed_by_its_code(committees):
    """Without an issuing unit only the code tells issuers apart: a second 35-CT/TW of the
    term is refused; a unit's own 12-KH/QU does not collide with a QU outside the system."""
    directive = _issued("35-CT/TW", None, committees.district_one)
    with pytest.raises(DuplicateDocument) as duplicate:
        _issued("35-CT/TW", None, committees.district_two, date(2024, 6, 1))
    assert duplicate.value.existing == directive
    _issued("12-KH/QU", None, committees.district_one)
    _issued("12-KH/QU", committees.district_two, committees.district_two)
    assert Document.objects.filter(symbol="12-KH/QU").count() == 2


def test_state_numbers_are_per_issuing_unit_and_year(committees):
    """Every people's committee signs UBND: each numbers its own documents from 1 January;
    in one committee the number is taken whatever the type (147/KH-UBND, 147/BC-UBND)."""
    one = _issued("147/KH-UBND", committees.peoples_one, committees.district_one)
    _issued("147/KH-UBND", committees.peoples_two, committees.district_two)
    _issued("147/KH-UBND", committees.peoples_one, committees.district_one, date(2025, 2, 1))
    with pytest.raises(DuplicateDocument) as duplicate:
        _issued("147/BC-UBND", committees.peoples_one, committees.district_one, date(2024, 8, 1))
    assert duplicate.value.existing == one
    outside = _issued("838/UBND-VHTT", None, committees.district_one)
    with pytest.raises(DuplicateDocument) as duplicate:
        _issued("838/KH-UBND", None, committees.district_two)
    assert duplicate.value.existing == outside
