"""Admin screens and API endpoints of plans, as the ward and the city see them."""

import io
import json
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tuyengiao.api.tests.errors import field_errors
from tuyengiao.core.actors import SYSTEM
from tuyengiao.plans.models import Assignment
from tuyengiao.plans.services import assignment_status_set, work_item_add
from tuyengiao.plans.tests.builders import small_plan, status

pytestmark = pytest.mark.django_db


def test_city_sees_the_whole_plan_with_figures(client, city, city_specialist):
    small = small_plan(city)
    client.force_login(city_specialist)
    page = client.get(
        reverse("plans:detail", args=[small.plan.pk]), {"as_of": "2022-07-01"}
    ).content.decode()
    assert "Tham mưu kế hoạch năm" in page
    assert 'data-figure="done">0/3<' in page
    listing = client.get(reverse("plans:list")).content.decode()
    assert "CT-2022" in listing


def test_plan_page_queries_do_not_grow_with_items(
    client, city, city_specialist, django_assert_max_num_queries
):
    """The reach is read a fixed number of times; items, shares and statuses in bulk."""
    small = small_plan(city)
    client.force_login(city_specialist)
    url = reverse("plans:detail", args=[small.plan.pk])
    client.get(url)  # the session's first page also settles its two-step sign-in check
    with django_assert_max_num_queries(50) as small_page:
        assert client.get(url).status_code == 200
    for number in range(20):
        work_item_add(
            plan=small.plan,
            parent=small.group,
            title=f"Việc thêm {number}",
            owner=city.board,
            assignees=[city.ward_a, city.ward_b],
            actor=SYSTEM,
        )
    with django_assert_max_num_queries(len(small_page)):
        assert client.get(url).status_code == 200


def test_ward_updates_its_share_through_the_form(client, city, ward_officer_a):
    small = small_plan(city)
    client.force_login(ward_officer_a)
    item_url = reverse("plans:item", args=[small.shared.pk])
    page = client.get(item_url).content.decode()
    assert 'data-unit="TP.Q1.A"' in page
    assert 'data-unit="TP.Q1.B"' not in page
    prefix = f"s{small.share_a.pk}"
    response = client.post(
        reverse("plans:assignment_status", args=[small.share_a.pk]),
        {f"{prefix}-status": status("done").pk, f"{prefix}-effective_on": "2022-06-15"},
    )
    assert response.status_code == 302
    share = Assignment.objects.get(pk=small.share_a.pk)
    assert (share.status.code, share.done_on) == ("done", date(2022, 6, 15))
    response = client.post(
        reverse("plans:assignment_status", args=[small.share_b.pk]),
        {f"s{small.share_b.pk}-status": status("done").pk},
    )
    assert response.status_code == 404


def test_export_downloads_open_as_files(client, city, city_specialist):
    small = small_plan(city)
    client.force_login(city_specialist)
    response = client.get(reverse("plans:export", args=[small.plan.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value.startswith("CT-2022")
    assert client.get(reverse("plans:export", args=[small.plan.pk, "pdf"])).status_code == 404


def test_import_page_reports_bad_rows(client, city, city_specialist):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tuyengiao.plans.tests.test_imports import workbook

    small = small_plan(city)
    client.force_login(city_specialist)
    upload = SimpleUploadedFile("x.xlsx", workbook(["9", "", "", "", "", "", "", "", ""]))
    page = client.post(reverse("plans:import", args=[small.plan.pk]), {"file": upload})
    assert "Dòng 2, cột “Đầu việc”" in page.content.decode()


def test_api_plan_summary_and_assignment_patch(client, city, ward_officer_a, city_specialist):
    small = small_plan(city)
    assignment_status_set(
        assignment=small.share_b, status=status("done"), on=date(2022, 6, 1), actor=SYSTEM
    )
    client.force_login(ward_officer_a)
    response = client.patch(
        f"/api/v1/plans/assignments/{small.share_a.pk}",
        json.dumps({"status": "done", "effective_on": "2022-06-20"}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "done"
    bad = client.patch(
        f"/api/v1/plans/assignments/{small.share_a.pk}",
        json.dumps({"status": "xong"}),
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert "xong" in field_errors(bad)["status"][0]
    other = client.patch(
        f"/api/v1/plans/assignments/{small.share_b.pk}",
        json.dumps({"note": "Sửa hộ"}),
        content_type="application/json",
    )
    assert other.status_code == 404
    client.force_login(city_specialist)
    figures = client.get(f"/api/v1/plans/{small.plan.pk}/summary", {"as_of": "2022-07-01"}).json()
    assert (figures["done"], figures["total"], figures["overdue"]) == (1, 3, 1)
    detail = client.get(f"/api/v1/plans/{small.plan.pk}", {"as_of": "2022-07-01"}).json()
    shared = detail["items"][0]["children"][1]
    assert shared["done"] is True
    assert [share["unit"] for share in shared["shares"]] == ["TP.Q1.A", "TP.Q1.B"]


def test_timeline_shows_evidence_and_comments_of_own_units(
    client, city, ward_officer_a, ward_officer_b
):
    from tuyengiao.documents.tests.builders import register
    from tuyengiao.plans.services import work_item_comment, work_item_evidence_add

    small = small_plan(city)
    report = register(city, "07-BC/ĐU", date(2022, 6, 2), "Báo cáo kết quả", owner=city.ward_a)
    work_item_evidence_add(actor=ward_officer_a, target=small.share_a, record=report)
    work_item_comment(target=small.share_b, note="Ý kiến của phường B", actor=ward_officer_b)
    client.force_login(ward_officer_a)
    page = client.get(reverse("plans:item", args=[small.shared.pk])).content.decode()
    assert reverse("documents:detail", args=[report.pk]) in page
    assert "07-BC/ĐU" in page
    assert "Ý kiến của phường B" not in page
