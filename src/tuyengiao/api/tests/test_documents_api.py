"""The document registry API at /api/v1/documents: search, detail, register, change, refs,
and who may see or write what."""

from datetime import date

import pytest

from tuyengiao.documents.models import Document
from tuyengiao.documents.tests.builders import build_committees, confirm_suggested, register

pytestmark = pytest.mark.django_db

URL = "/api/v1/documents"


@pytest.fixture
def chain(city):
    """30-CT/TW ← 241-KH/TU ← 229-KH/QU, with the relations confirmed."""
    directive = register(
        city,
        "30-CT/TW",
        date(2024, 2, 5),
        "Chỉ thị về công tác tuyên truyền miệng trong tình hình mới",
        term="XIII",
        visibility="public",
    )
    plan = register(
        city,
        "241-KH/TU",
        date(2024, 5, 30),
        "Kế hoạch thực hiện Chỉ thị số 30-CT/TW ngày 05/02/2024 của Ban Bí thư",
        issuer=city.city,
        visibility="public",
    )
    district_plan = register(
        city,
        "229-KH/QU",
        date(2024, 6, 10),
        "Kế hoạch triển khai Kế hoạch số 241-KH/TU của Ban Thường vụ Thành ủy",
        owner=city.district,
        issuer=city.district,
    )
    confirm_suggested()
    return directive, plan, district_plan


def test_needs_a_caller(client, chain):
    assert client.get(URL).status_code == 401


def test_list_searches_and_filters(client, chain, city_specialist):
    client.force_login(city_specialist)
    assert client.get(URL, {"q": "tuyen truyen mieng"}).json()["count"] == 1
    # The number first, then the plan citing it.
    body = client.get(URL, {"q": "30 CT TW"}).json()
    assert body["count"] == 2
    assert [item["symbol"] for item in body["items"]] == ["30-CT/TW", "241-KH/TU"]
    first = body["items"][0]
    assert set(first) == {
        "id",
        "symbol",
        "family",
        "type_code",
        "issuer_code",
        "issuer_name",
        "issue_date",
        "summary",
        "status",
        "visibility",
    }
    assert first["issue_date"] == "2024-02-05"

    loose = client.get(URL, {"q": "229 KH QU"}).json()
    assert loose["items"][0]["symbol"] == "229-KH/QU"
    filtered = client.get(URL, {"type_code": "KH", "issuer_code": "TU"}).json()
    assert [item["symbol"] for item in filtered["items"]] == ["241-KH/TU"]
    assert client.get(URL, {"year": 2023}).json()["count"] == 0
    page = client.get(URL, {"limit": 1, "offset": 1}).json()
    assert page["count"] == 3
    assert [item["symbol"] for item in page["items"]] == ["241-KH/TU"]


def test_list_limit_is_at_most_100(client, city, city_specialist):
    for number in range(1, 106):
        register(city, f"{number}-TB/TU", date(2023, 1, 1), "Thông báo")
    client.force_login(city_specialist)
    body = client.get(URL, {"limit": 500}).json()
    assert body["count"] == 105
    assert len(body["items"]) == 100


def test_detail_shows_the_chain_and_files(client, chain, city_specialist):
    _, plan, district_plan = chain
    client.force_login(city_specialist)
    body = client.get(f"{URL}/{plan.pk}").json()
    assert body["symbol"] == "241-KH/TU"
    assert body["owner"] == "TP"
    assert body["issuer"] == "TP"
    assert body["issuer_name"] == "Thành ủy Thành phố"
    assert body["files"] == []
    up, down = body["relations"]["up"], body["relations"]["down"]
    assert [(node["symbol"], node["kind"]) for node in up] == [("30-CT/TW", "implements")]
    assert [node["symbol"] for node in down] == ["229-KH/QU"]

    body = client.get(f"{URL}/{district_plan.pk}").json()
    assert body["relations"]["up"][0]["symbol"] == "241-KH/TU"
    assert body["relations"]["up"][0]["children"][0]["symbol"] == "30-CT/TW"


def test_create_returns_201_with_the_document(client, city, ward_officer_a):
    client.force_login(ward_officer_a)
    response = client.post(
        URL,
        {
            "symbol": "Số 05 - KH/ĐU",
            "issue_date": "2024-07-01",
            "summary": "Kế hoạch tuyên truyền miệng năm 2024",
            "owner": "TP.Q1.A",
            "issuer": "TP.Q1.A",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["family"], body["type_code"], body["issuer_code"]) == ("party", "KH", "ĐU")
    assert body["owner"] == "TP.Q1.A"
    assert Document.objects.get(pk=body["id"]).registered_by == ward_officer_a


def test_duplicate_is_409_with_a_link_to_the_existing_document(client, chain, city_specialist):
    directive, _, _ = chain
    client.force_login(city_specialist)
    response = client.post(
        URL,
        {
            "symbol": "30-CT/TW",
            "issue_date": "2024-03-01",
            "summary": "Nhập lại",
            "owner": "TP",
            "term": "XIII",
        },
        content_type="application/json",
    )
    assert response.status_code == 409
    body = response.json()
    assert "30-CT/TW" in body["detail"]
    assert "đã có trong sổ văn bản" in body["detail"]
    assert body["existing"] == {"id": directive.pk, "url": f"{URL}/{directive.pk}"}


def test_each_district_committee_numbers_its_own_qu_documents(client, city, chain, city_specialist):
    """Every district committee signs QU: Quận Hai's 229-KH/QU is registered beside Quận Một's;
    Quận Một's number a second time is 409 with a link to its document."""
    _, _, district_plan = chain
    build_committees(city)
    client.force_login(city_specialist)
    payload = {
        "symbol": "229-KH/QU",
        "issue_date": "2024-06-12",
        "summary": "Kế hoạch triển khai Kế hoạch số 241-KH/TU",
        "owner": "TP.Q2",
        "issuer": "TP.Q2",
    }
    response = client.post(URL, payload, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["issuer_name"] == "Quận ủy Quận Hai"

    response = client.post(
        URL, {**payload, "owner": "TP.Q1", "issuer": "TP.Q1"}, content_type="application/json"
    )
    assert response.status_code == 409
    body = response.json()
    assert body["detail"] == "Văn bản 229-KH/QU ngày 10/06/2024 đã có trong sổ văn bản."
    assert body["existing"] == {"id": district_plan.pk, "url": f"{URL}/{district_plan.pk}"}
    assert Document.objects.filter(symbol="229-KH/QU").count() == 2


def test_bad_symbol_is_422_naming_the_field(client, city, city_specialist):
    client.force_login(city_specialist)
    response = client.post(
        URL,
        {"symbol": "Hà Nội", "issue_date": "2024-03-01", "summary": "Sai số", "owner": "TP"},
        content_type="application/json",
    )
    assert response.status_code == 422
    body = response.json()
    assert [error["field"] for error in body["errors"]] == ["symbol"]
    assert "không phải số, ký hiệu văn bản" in body["errors"][0]["message"]

    response = client.post(
        URL,
        {"symbol": "01-KH/TU", "issue_date": "2024-03-01", "summary": "x", "owner": "KHONGCO"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "owner", "message": "Không có đơn vị mã “KHONGCO”."}
    ]


def test_ward_officer_cannot_see_nor_write_for_another_ward(
    client, city, ward_officer_a, ward_officer_b
):
    internal = register(city, "07-KH/ĐU", date(2024, 3, 1), "Nội bộ phường B", owner=city.ward_b)
    client.force_login(ward_officer_a)
    response = client.get(f"{URL}/{internal.pk}")
    assert response.status_code == 404
    assert response.json()["detail"] == "Không tìm thấy văn bản."
    assert client.get(URL, {"q": "noi bo"}).json()["count"] == 0
    response = client.patch(
        f"{URL}/{internal.pk}", {"summary": "Sửa"}, content_type="application/json"
    )
    assert response.status_code == 404

    response = client.post(
        URL,
        {"symbol": "08-KH/ĐU", "issue_date": "2024-03-01", "summary": "x", "owner": "TP.Q1.B"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not Document.objects.filter(symbol="08-KH/ĐU").exists()

    # A public document of ward B is visible to ward A, but not editable.
    public = register(
        city,
        "09-TB/ĐU",
        date(2024, 3, 2),
        "Thông báo công khai",
        owner=city.ward_b,
        visibility="public",
    )
    assert client.get(f"{URL}/{public.pk}").status_code == 200
    response = client.patch(
        f"{URL}/{public.pk}", {"summary": "Sửa"}, content_type="application/json"
    )
    assert response.status_code == 403


def test_patch_changes_the_fields_given(client, chain, city_specialist):
    directive, _, _ = chain
    client.force_login(city_specialist)
    response = client.patch(
        f"{URL}/{directive.pk}",
        {"summary": "Chỉ thị về tuyên truyền miệng", "status": "replaced"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    directive.refresh_from_db()
    assert (directive.summary, directive.status, directive.term) == (
        "Chỉ thị về tuyên truyền miệng",
        "replaced",
        "XIII",
    )
    assert "chi thi ve tuyen truyen mieng" in directive.search_text
    response = client.patch(
        f"{URL}/{directive.pk}", {"summary": None}, content_type="application/json"
    )
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["summary"]


def test_refs_finds_the_references_in_a_text(client, city_specialist):
    client.force_login(city_specialist)
    text = (
        "Thực hiện Chỉ thị số 30-CT/TW ngày 05/02/2024 của Ban Bí thư Trung ương Đảng khóa "
        "XIII; Kế hoạch số 241-KH/TU ngày 30/5/2024 của Ban Thường vụ Thành ủy Hà Nội."
    )
    response = client.post(f"{URL}/refs", {"text": text}, content_type="application/json")
    assert response.status_code == 200
    found = response.json()
    assert [(ref["symbol"], ref["date"]) for ref in found] == [
        ("30-CT/TW", "2024-02-05"),
        ("241-KH/TU", "2024-05-30"),
    ]
    assert found[0]["kind_word"] == "Chỉ thị"
    assert found[0]["family"] == "party"
    assert text[found[1]["start"] : found[1]["end"]].startswith("Kế hoạch số 241-KH/TU")
