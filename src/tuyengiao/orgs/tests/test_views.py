"""The organisation screens in the admin: tree by date, unit page, wizards, roles."""

from datetime import date

import pytest
from django.urls import reverse

from tuyengiao.core.actors import SYSTEM
from tuyengiao.orgs.models import HierarchyVersion, Membership, Succession, Unit
from tuyengiao.orgs.services import hierarchy_version_create, hierarchy_version_publish, unit_merge
from tuyengiao.orgs.tests.personas import kind, role

pytestmark = pytest.mark.django_db


def _reorganise(city):
    """2025-07-01: wards A and B merge into TP.P.HOP under the city; the district dissolves."""
    from tuyengiao.orgs.services import NewUnit, unit_dissolve

    version = hierarchy_version_create(
        effective_date=date(2025, 7, 1), name="Sắp xếp 2025", actor=SYSTEM
    )
    merged = unit_merge(
        version=version,
        units=[city.ward_a, city.ward_b],
        into=NewUnit("TP.P.HOP", "Đảng ủy phường Hợp Nhất", kind("commune_committee"), city.city),
        actor=SYSTEM,
    )
    unit_dissolve(version=version, unit=city.district, actor=SYSTEM)
    hierarchy_version_publish(version=version, actor=SYSTEM)
    return merged


def test_tree_shows_the_day_asked_for(client, city, city_specialist):
    """30/9/2022 shows the district and its wards; today shows the merged ward instead."""
    _reorganise(city)
    client.force_login(city_specialist)
    old = client.get(reverse("orgs:tree"), {"on": "30/09/2022"}).content.decode()
    new = client.get(reverse("orgs:tree")).content.decode()
    assert "Quận ủy Quận Một" in old
    assert "Đảng ủy phường Ánh Dương" in old
    assert "Hợp Nhất" not in old
    assert "Quận ủy Quận Một" not in new
    assert "Đảng ủy phường Hợp Nhất" in new
    assert "Cây tổ chức ngày 30/09/2022" in old


def test_tree_orders_the_vietnamese_way_and_searches_without_accents(client, city, city_specialist):
    client.force_login(city_specialist)
    html = client.get(reverse("orgs:tree")).content.decode()
    assert html.index("Ánh Dương") < html.index("Bình Minh")
    assert html.index("Ban Tuyên giáo Thành ủy") < html.index("Quận ủy Quận Một")
    found = client.get(reverse("orgs:tree"), {"q": "binh minh"}).content.decode()
    assert "<mark>Đảng ủy phường Bình Minh</mark>" in found
    assert "Ánh Dương" not in found


def test_tree_query_count_does_not_grow_with_the_tree(client, city, city_specialist):
    """Ten more units cost no extra query: the tree is read in a fixed number of queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tuyengiao.orgs.services import NewUnit, unit_create

    client.force_login(city_specialist)
    client.get(reverse("orgs:tree"))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("orgs:tree"))
    version = hierarchy_version_create(effective_date=date(2024, 1, 1), name="Thêm", actor=SYSTEM)
    for number in range(10):
        spec = NewUnit(
            f"TP.Q1.A.CB{number + 2}", f"Chi bộ số {number + 2}", kind("party_cell"), city.ward_a
        )
        unit_create(version=version, spec=spec, actor=SYSTEM)
    hierarchy_version_publish(version=version, actor=SYSTEM)
    with CaptureQueriesContext(connection) as large:
        html = client.get(reverse("orgs:tree")).content.decode()
    assert "Chi bộ số 11" in html
    assert len(large) == len(small) <= 25


def test_unit_page_shows_history_and_successors(client, city, city_specialist):
    merged = _reorganise(city)
    client.force_login(city_specialist)
    html = client.get(reverse("orgs:unit", args=[city.ward_a.code])).content.decode()
    assert "Đảng ủy phường Hợp Nhất" in html
    assert "100%" in html
    assert "30/06/2025" in html
    html = client.get(reverse("orgs:unit", args=[merged.code])).content.decode()
    assert "Đảng ủy phường Ánh Dương" in html  # "received from" in the history


def _merge_payload(city, **extra):
    return {
        "units": [city.ward_a.pk, city.ward_b.pk],
        "new_code": "TP.P.MOI",
        "new_name": "Đảng ủy phường Mới",
        "new_kind": kind("commune_committee").pk,
        "new_parent": city.city.pk,
        "effective_date": "2025-07-01",
        "legal_basis": "Nghị quyết 1656/NQ-UBTVQH15",
        "publish": "on",
        **extra,
    }


def test_merge_wizard_previews_then_records(client, city, city_specialist, ward_officer_a):
    client.force_login(city_specialist)
    preview = client.post(reverse("orgs:merge"), _merge_payload(city))
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Đảng ủy phường Ánh Dương" in html
    assert "Đảng ủy phường Mới" in html
    assert "Ngô Thị An" in html  # the ward officer's role ends with the ward
    assert not Unit.objects.filter(code="TP.P.MOI").exists(), "the preview keeps nothing"
    assert not Succession.objects.exists()

    done = client.post(reverse("orgs:merge"), _merge_payload(city, confirm="1"))
    assert done.status_code == 302
    new = Unit.objects.get(code="TP.P.MOI")
    assert Succession.objects.filter(kind="merge", successor=new).count() == 2
    assert HierarchyVersion.objects.get(effective_date=date(2025, 7, 1)).is_published
    assert Membership.objects.get(user=ward_officer_a).valid_to == date(2025, 6, 30)


def test_merge_wizard_explains_bad_input(client, city, city_specialist):
    client.force_login(city_specialist)
    response = client.post(reverse("orgs:merge"), _merge_payload(city, new_code="TP.BTG"))
    assert "TP.BTG" in response.content.decode()  # code already used
    assert not Succession.objects.exists()


def test_split_wizard(client, city, city_specialist):
    client.force_login(city_specialist)
    payload = {
        "effective_date": "2025-07-01",
        "publish": "on",
        "parts-TOTAL_FORMS": "3",
        "parts-INITIAL_FORMS": "0",
        "parts-0-unit": city.ward_b.pk,
        "parts-0-share": "0.25",
        "parts-1-new_code": "TP.Q1.C",
        "parts-1-new_name": "Đảng ủy phường Cầu Vồng",
        "parts-1-new_kind": kind("commune_committee").pk,
        "parts-1-share": "0.75",
        "confirm": "1",
    }
    response = client.post(reverse("orgs:split", args=[city.ward_a.code]), payload)
    assert response.status_code == 302, response.content.decode()[:3000]
    shares = dict(Succession.objects.filter(kind="split").values_list("successor__code", "share"))
    assert {code: float(share) for code, share in shares.items()} == {
        "TP.Q1.B": 0.25,
        "TP.Q1.C": 0.75,
    }


def test_rename_from_the_unit_page(client, city, city_specialist):
    client.force_login(city_specialist)
    response = client.post(
        reverse("orgs:rename", args=[city.board.code]),
        {
            "name": "Ban Tuyên giáo và Dân vận Thành ủy",
            "abbreviation": "BTGDVTU",
            "kind": kind("propaganda_board").pk,
            "effective_date": "2025-03-01",
        },
    )
    assert response.status_code == 302
    assert city.board.profile_on(date(2025, 3, 1)).name == "Ban Tuyên giáo và Dân vận Thành ủy"


def test_leader_grants_and_revokes_roles(client, city, city_leader, outsider):
    client.force_login(city_leader)
    response = client.post(
        reverse("orgs:membership_grant"),
        {
            "user": outsider.pk,
            "unit": city.ward_a.pk,
            "role": role("viewer").pk,
            "valid_from": "2025-01-01",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=outsider)
    listing = client.get(reverse("orgs:memberships")).content.decode()
    assert "Phạm Văn Ngoại" in listing
    client.post(reverse("orgs:membership_revoke", args=[membership.pk]))
    membership.refresh_from_db()
    assert membership.revoked_at is not None


def test_membership_opens_the_admin(client, city, ward_officer_a, outsider):
    """A valid role opens the staff workspace; no role, no workspace."""
    client.force_login(ward_officer_a)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    client.force_login(outsider)
    assert client.get(reverse("wagtailadmin_home")).status_code == 302


def _csv(*lines: str) -> bytes:
    header = "Mã đơn vị,Tên đơn vị,Tên viết tắt,Loại,Mã đơn vị cấp trên,Từ ngày,Đến ngày"
    return "\n".join([header, *lines]).encode()


def _snapshot():
    from tuyengiao.orgs.models import Placement, UnitProfile

    return [
        model.objects.count()
        for model in (Unit, UnitProfile, Placement, HierarchyVersion, Succession)
    ]


def test_import_screen_lists_every_bad_row_and_changes_nothing(client, city, city_specialist):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(city_specialist)
    before = _snapshot()
    content = _csv(
        "TP.Q1.C,Đảng ủy phường Cầu Vồng,,không-có-loại,TP.Q1,01/01/2026,",
        "TP.Q1.D,Đảng ủy phường Đông,,commune_committee,TP.KHONG,31/02/2026,",
    )
    response = client.post(
        reverse("orgs:import"),
        {
            "file": SimpleUploadedFile("cay.csv", content, content_type="text/csv"),
            "effective_date": "2026-01-01",
            "name": "Bổ sung 2026",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dòng 2" in html
    assert "Dòng 3" in html
    assert "TP.KHONG" in html
    assert _snapshot() == before


def test_import_screen_checks_then_imports(client, city, city_specialist):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(city_specialist)
    content = _csv("TP.Q1.C,Đảng ủy phường Cầu Vồng,,commune_committee,TP.Q1,01/01/2026,")
    form = {"effective_date": "2026-01-01", "name": "Bổ sung 2026", "legal_basis": ""}
    check = client.post(
        reverse("orgs:import"),
        {**form, "file": SimpleUploadedFile("cay.csv", content, content_type="text/csv")},
    )
    assert check.status_code == 200
    assert not Unit.objects.filter(code="TP.Q1.C").exists()
    done = client.post(reverse("orgs:import"), {**form, "confirm": "1"})
    assert done.status_code == 302
    assert Unit.objects.filter(code="TP.Q1.C").exists()
    assert HierarchyVersion.objects.get(effective_date=date(2026, 1, 1)).is_published


def test_export_downloads_the_tree(client, city, city_specialist):
    import io

    import openpyxl

    client.force_login(city_specialist)
    response = client.get(reverse("orgs:export"), {"on": "2022-09-30"})
    assert response["Content-Disposition"].endswith('cay-to-chuc-2022-09-30.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    codes = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert codes[:2] == ["TP", "TP.BTG"]
    assert "TP.Q1.B.CB1" in codes
