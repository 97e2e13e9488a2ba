"""Creating and editing plans, work items, evidence and directive tracking: the admin
screens and the API, as the city specialist (who may) and a ward officer (who may not)."""

import json
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.models import ModelLogEntry

from tuyengiao.api.tests.errors import field_errors
from tuyengiao.core.actors import SYSTEM
from tuyengiao.documents.tests.builders import register
from tuyengiao.plans.models import (
    Assignment,
    DirectiveTracking,
    Milestone,
    Plan,
    WorkItem,
    WorkUpdate,
)
from tuyengiao.plans.services import (
    assignment_status_set,
    plan_create,
    tracking_create,
    tracking_units_expect,
    work_item_add,
)
from tuyengiao.plans.tests.builders import START, small_plan, status

pytestmark = pytest.mark.django_db

PLAN_FORM = {
    "code": "KH-2024-BTG",
    "title": "Kế hoạch thực hiện Chỉ thị 05",
    "kind": "implementation",
    "owner": "TP.BTG",
    "document": "12-kh/tu",
    "year": "2024",
    "starts_on": "2024-01-01",
    "ends_on": "2024-12-31",
}


def errors_of(response, field: str) -> list[str]:
    return list(response.context["form"].errors[field])


def ward_a_plan(city) -> Plan:
    return plan_create(
        code="KH-A",
        title="Kế hoạch của phường Ánh Dương",
        kind=Plan.Kind.IMPLEMENTATION,
        owner=city.ward_a,
        starts_on=START,
        ends_on=date(2022, 12, 31),
        actor=SYSTEM,
    )


# --- Plans -----------------------------------------------------------------------------------


def test_city_specialist_creates_a_plan_linked_to_its_document(client, city, city_specialist):
    document = register(city, "12-KH/TU", date(2024, 1, 5), "Kế hoạch thực hiện Chỉ thị 05")
    client.force_login(city_specialist)
    response = client.post(reverse("plans:create"), PLAN_FORM)
    plan = Plan.objects.get(code="KH-2024-BTG")
    assert response["Location"] == reverse("plans:detail", args=[plan.pk])
    assert (plan.owner, plan.document, plan.year) == (city.board, document, 2024)
    assert plan.created_by == city_specialist
    assert ModelLogEntry.objects.filter(action="wagtail.create", object_id=str(plan.pk)).exists()


def test_bad_plan_input_names_the_field_in_vietnamese_and_changes_nothing(
    client, city, city_specialist
):
    client.force_login(city_specialist)
    response = client.post(
        reverse("plans:create"), {**PLAN_FORM, "document": "99-KH/XX", "ends_on": "2023-01-01"}
    )
    assert response.status_code == 200
    assert errors_of(response, "document") == ["Không có văn bản số “99-KH/XX” trong sổ văn bản."]
    assert errors_of(response, "ends_on") == ["Ngày kết thúc không được trước ngày bắt đầu."]
    assert not Plan.objects.exists()


def test_ward_officer_cannot_create_a_plan_for_a_unit_outside_their_reach(
    client, city, ward_officer_a
):
    client.force_login(ward_officer_a)
    form = client.get(reverse("plans:create")).context["form"]
    assert {unit.code for unit in form.fields["owner"].queryset} == {"TP.Q1.A", "TP.Q1.A.CB1"}
    response = client.post(reverse("plans:create"), {**PLAN_FORM, "document": ""})
    assert "Hãy chọn một lựa chọn hợp lệ" in errors_of(response, "owner")[0]
    assert not Plan.objects.exists()
    with pytest.raises(PermissionDenied):
        plan_create(
            code="X",
            title="X",
            kind=Plan.Kind.IMPLEMENTATION,
            owner=city.board,
            starts_on=START,
            ends_on=START,
            actor=ward_officer_a,
        )


def test_plan_edit_changes_the_plan_and_is_refused_to_a_ward(
    client, city, city_specialist, ward_officer_a
):
    small = small_plan(city)
    url = reverse("plans:edit", args=[small.plan.pk])
    client.force_login(ward_officer_a)
    home = reverse("wagtailadmin_home")
    assert client.get(url)["Location"] == home  # the admin's answer to a refusal
    assert client.post(url, {**PLAN_FORM, "document": ""})["Location"] == home
    client.force_login(city_specialist)
    assert client.get(url).context["form"].initial["code"] == "CT-2022"
    data = {**PLAN_FORM, "document": "", "code": "CT-2022", "title": "Chương trình đã sửa"}
    assert client.post(url, data).status_code == 302
    small.plan.refresh_from_db()
    assert (small.plan.title, small.plan.year) == ("Chương trình đã sửa", 2024)


# --- Work items ------------------------------------------------------------------------------


def item_form(**changes: object) -> dict[str, object]:
    return {
        "title": "Tổ chức hội nghị học tập",
        "owner": "TP.BTG",
        "weight": "2",
        "due_on": "2022-08-31",
        "recurrence": "",
        "assignees": ["TP.Q1.A", "TP.Q1.B"],
        **changes,
    }


def test_city_specialist_adds_an_item_with_assignee_units(client, city, city_specialist):
    small = small_plan(city)
    client.force_login(city_specialist)
    url = reverse("plans:item_add", args=[small.plan.pk])
    page = client.get(url, {"parent": small.group.pk})
    assert page.context["form"].initial["parent"] == str(small.group.pk)
    response = client.post(url, item_form(parent=small.group.pk))
    item = WorkItem.objects.get(title="Tổ chức hội nghị học tập")
    assert response["Location"] == reverse("plans:item", args=[item.pk])
    assert (item.parent, item.number, item.weight) == (small.group, "3", 2)
    shares = item.assignments.order_by("unit__code")
    assert [(a.unit.code, a.status.code) for a in shares] == [
        ("TP.Q1.A", "not_started"),
        ("TP.Q1.B", "not_started"),
    ]


def test_bad_item_input_names_the_field_and_changes_nothing(client, city, city_specialist):
    small = small_plan(city)
    client.force_login(city_specialist)
    before = WorkItem.objects.count()
    response = client.post(
        reverse("plans:item_add", args=[small.plan.pk]),
        item_form(recurrence="monthly", weight="-1"),
    )
    assert errors_of(response, "due_day") == ["Việc định kỳ cần có ngày trong tháng."]
    assert "0" in errors_of(response, "weight")[0]
    assert WorkItem.objects.count() == before


def test_ward_officer_cannot_assign_a_unit_outside_their_reach(client, city, ward_officer_a):
    plan = ward_a_plan(city)
    client.force_login(ward_officer_a)
    url = reverse("plans:item_add", args=[plan.pk])
    response = client.post(url, item_form(owner="TP.Q1.A", assignees=["TP.Q1.B"]))
    assert "Hãy chọn một lựa chọn hợp lệ" in errors_of(response, "assignees")[0]
    assert not plan.items.exists()
    with pytest.raises(PermissionDenied):
        work_item_add(
            plan=plan, title="X", owner=city.ward_a, assignees=[city.ward_b], actor=ward_officer_a
        )
    client.post(url, item_form(owner="TP.Q1.A", assignees=["TP.Q1.A.CB1"]))
    assert plan.items.get().assignments.get().unit == city.cell_a
    small = small_plan(city)
    refused = client.post(reverse("plans:item_add", args=[small.plan.pk]), item_form())
    assert refused["Location"] == reverse("wagtailadmin_home")


def test_editing_moves_the_item_and_changes_its_assignees(client, city, city_specialist):
    small = small_plan(city)
    second = small.later.parent
    client.force_login(city_specialist)
    url = reverse("plans:item_edit", args=[small.shared.pk])
    form = client.get(url).context["form"]
    assert small.shared not in form.fields["parent"].queryset
    assert form.initial["assignees"] == ["TP.Q1.A", "TP.Q1.B"]
    data = item_form(
        parent=second.pk, number=small.shared.number, assignees=["TP.Q1.A", "TP.Q1.A.CB1"]
    )
    assert client.post(url, data).status_code == 302
    small.shared.refresh_from_db()
    assert (small.shared.parent, small.shared.number) == (second, "2")
    units = sorted(small.shared.assignments.values_list("unit__code", flat=True))
    assert units == ["TP.Q1.A", "TP.Q1.A.CB1"]
    assert not Assignment.objects.filter(pk=small.share_b.pk).exists()


def test_a_started_assignment_cannot_be_removed_and_nothing_changes(client, city, city_specialist):
    small = small_plan(city)
    assignment_status_set(
        assignment=small.share_b, status=status("in_progress"), on=date(2022, 5, 1), actor=SYSTEM
    )
    client.force_login(city_specialist)
    url = reverse("plans:item_edit", args=[small.shared.pk])
    data = item_form(parent=small.group.pk, title="Tên mới", assignees=["TP.Q1.A"])
    response = client.post(url, data)
    assert response.status_code == 200
    [message] = errors_of(response, "assignees")
    assert message.startswith("Đơn vị TP.Q1.B đã bắt đầu thực hiện")
    small.shared.refresh_from_db()
    assert small.shared.title == "Học tập nghị quyết"
    assert small.shared.assignments.count() == 2


def test_moving_an_item_under_itself_is_refused(client, city, city_specialist):
    small = small_plan(city)
    client.force_login(city_specialist)
    response = client.post(
        reverse("plans:item_edit", args=[small.group.pk]),
        item_form(parent=small.own.pk, title="Tham mưu", assignees=[]),
    )
    assert "Hãy chọn một lựa chọn hợp lệ" in errors_of(response, "parent")[0]
    small.group.refresh_from_db()
    assert small.group.parent is None


def test_delete_removes_an_untouched_item_but_not_a_started_one(client, city, city_specialist):
    small = small_plan(city)
    assignment_status_set(
        assignment=small.share_a, status=status("done"), on=date(2022, 5, 1), actor=SYSTEM
    )
    client.force_login(city_specialist)
    refused = client.post(reverse("plans:item_delete", args=[small.group.pk]), follow=True)
    assert "đã có cập nhật" in refused.content.decode()
    assert WorkItem.objects.filter(pk=small.shared.pk).exists()
    response = client.post(reverse("plans:item_delete", args=[small.later.parent.pk]))
    assert response["Location"] == reverse("plans:detail", args=[small.plan.pk])
    assert not WorkItem.objects.filter(pk__in=[small.later.pk, small.later.parent_id]).exists()


# --- Evidence --------------------------------------------------------------------------------


def test_attach_a_registry_document_as_evidence_of_a_share(
    client, city, ward_officer_a, ward_officer_b
):
    small = small_plan(city)
    report = register(city, "07-BC/ĐU", date(2022, 6, 2), "Báo cáo học tập", owner=city.ward_a)
    hidden = register(
        city,
        "08-BC/ĐU",
        date(2022, 6, 3),
        "Báo cáo nội bộ",
        owner=city.ward_b,
        visibility="internal",
    )
    client.force_login(ward_officer_a)
    url = reverse("plans:evidence", args=[small.shared.pk])
    page = client.get(url, {"q": "07-BC/ĐU"})
    assert [document.pk for document in page.context["results"]] == [report.pk]
    assert list(page.context["form"].fields["assignment"].queryset) == [small.share_a]
    response = client.post(url, {"document": report.pk, "assignment": small.share_a.pk})
    assert response["Location"] == reverse("plans:item", args=[small.shared.pk])
    update = WorkUpdate.objects.get(kind=WorkUpdate.Kind.EVIDENCE)
    assert (update.assignment, update.evidence) == (small.share_a, report)
    refused = client.post(url, {"document": hidden.pk, "assignment": small.share_b.pk})
    assert set(refused.context["form"].errors) == {"document", "assignment"}
    assert WorkUpdate.objects.filter(kind=WorkUpdate.Kind.EVIDENCE).count() == 1


# --- Directive tracking ----------------------------------------------------------------------


TRACKING_FORM = {
    "directive": "05-CT/TW",
    "title": "Triển khai Chỉ thị 05",
    "owner": "TP.BTG",
    "expected_as_of": "2024-01-10",
    "root": "TP",
    "kinds": ["commune_committee"],
    "conference_due": "2024-03-31",
}


def test_tracking_expects_every_commune_under_the_unit(client, city, city_specialist):
    register(city, "05-CT/TW", date(2023, 12, 1), "Chỉ thị 05", visibility="public")
    client.force_login(city_specialist)
    response = client.post(reverse("plans:tracking_create"), TRACKING_FORM)
    tracking = DirectiveTracking.objects.get()
    assert response["Location"] == reverse("plans:tracking", args=[tracking.pk])
    expected = sorted(tracking.expected_units.values_list("unit__code", flat=True))
    assert expected == ["TP.Q1.A", "TP.Q1.B"]
    assert tracking.conference_due == date(2024, 3, 31)


def test_tracking_for_units_outside_reach_is_refused(client, city, ward_officer_a):
    register(city, "05-CT/TW", date(2023, 12, 1), "Chỉ thị 05", visibility="public")
    client.force_login(ward_officer_a)
    response = client.post(reverse("plans:tracking_create"), TRACKING_FORM)
    assert "Hãy chọn một lựa chọn hợp lệ" in errors_of(response, "owner")[0]
    assert "Hãy chọn một lựa chọn hợp lệ" in errors_of(response, "root")[0]
    assert not DirectiveTracking.objects.exists()


def communes_tracking(city) -> DirectiveTracking:
    directive = register(city, "05-CT/TW", date(2023, 12, 1), "Chỉ thị 05", visibility="public")
    tracking = tracking_create(
        directive=directive,
        owner=city.board,
        title="Triển khai Chỉ thị 05",
        expected_as_of=date(2024, 1, 10),
        conference_due=date(2024, 3, 31),
        actor=SYSTEM,
    )
    tracking_units_expect(
        tracking=tracking, root=city.city, kind_codes=["commune_committee"], actor=SYSTEM
    )
    return tracking


def test_milestones_are_recorded_per_unit_and_shown_in_the_matrix(
    client, city, city_specialist, ward_officer_a
):
    tracking = communes_tracking(city)
    plan_a = register(city, "03-KH/ĐU", date(2024, 2, 1), "Kế hoạch", owner=city.ward_a)
    url = reverse("plans:milestone", args=[tracking.pk])
    client.force_login(ward_officer_a)
    form = client.get(url, {"unit": "TP.Q1.A", "kind": "plan"}).context["form"]
    assert [unit.code for unit in form.fields["unit"].queryset] == ["TP.Q1.A"]
    data = {"unit": "TP.Q1.A", "kind": "plan", "done_on": "2024-02-01", "document": "03-KH/ĐU"}
    assert client.post(url, data).status_code == 302
    refused = client.post(url, {**data, "unit": "TP.Q1.B"})
    assert "Hãy chọn một lựa chọn hợp lệ" in errors_of(refused, "unit")[0]
    client.force_login(city_specialist)
    conference = {
        "unit": "TP.Q1.B",
        "kind": "conference",
        "done_on": "2024-04-02",
        "attended": "45",
        "expected": "50",
    }
    assert client.post(url, conference).status_code == 302
    assert Milestone.objects.get(kind="plan").document == plan_a
    page = client.get(reverse("plans:tracking", args=[tracking.pk]), {"as_of": "2024-05-01"})
    html = page.content.decode()
    assert "45/50 (90%)" in html
    assert reverse("documents:detail", args=[plan_a.pk]) in html


def test_bad_milestone_input_names_the_field_and_records_nothing(client, city, city_specialist):
    tracking = communes_tracking(city)
    client.force_login(city_specialist)
    response = client.post(
        reverse("plans:milestone", args=[tracking.pk]),
        {
            "unit": "TP.Q1.A",
            "kind": "conference",
            "done_on": "2024-04-02",
            "attended": "60",
            "expected": "50",
        },
    )
    assert errors_of(response, "attended") == ["Số người dự không được lớn hơn số người phải dự."]
    assert not Milestone.objects.exists()


# --- API -------------------------------------------------------------------------------------


def post_json(client, url: str, data: dict[str, object]):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_api_creates_a_plan_and_answers_bad_input_in_vietnamese(client, city, city_specialist):
    register(city, "12-KH/TU", date(2024, 1, 5), "Kế hoạch thực hiện Chỉ thị 05")
    client.force_login(city_specialist)
    created = post_json(client, "/api/v1/plans", {**PLAN_FORM, "year": 2024})
    assert created.status_code == 201, created.content
    assert (created.json()["code"], created.json()["document"]) == ("KH-2024-BTG", "12-KH/TU")
    bad = post_json(client, "/api/v1/plans", {"code": "KH-2", "title": "X", "owner": "TP.BTG"})
    assert bad.status_code == 422
    assert field_errors(bad)["starts_on"] == ["Trường này là bắt buộc."]
    again = post_json(client, "/api/v1/plans", {**PLAN_FORM, "document": None})
    assert field_errors(again)["code"] == ["Mã kế hoạch “KH-2024-BTG” đã được dùng."]
    assert Plan.objects.count() == 1


def test_api_adds_items_only_for_the_plan_owner(client, city, city_specialist, ward_officer_a):
    small = small_plan(city)
    client.force_login(ward_officer_a)
    payload = {"plan": small.plan.pk, "title": "Việc mới", "assignees": ["TP.Q1.A"]}
    assert post_json(client, "/api/v1/plans/items", payload).status_code == 403
    client.force_login(city_specialist)
    created = post_json(client, "/api/v1/plans/items", {**payload, "parent": small.group.pk})
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["parent"], body["owner"], body["assignees"]) == (
        small.group.pk,
        "TP.BTG",
        ["TP.Q1.A"],
    )
    bad = post_json(client, "/api/v1/plans/items", {**payload, "due_on": "31/02/2022"})
    assert bad.status_code == 422
    assert field_errors(bad)["due_on"] == ["Nhập một ngày hợp lệ."]
    assert WorkItem.objects.filter(title="Việc mới").count() == 1


def test_api_records_milestones(client, city, city_specialist, ward_officer_a):
    tracking = communes_tracking(city)
    payload = {"tracking": tracking.pk, "unit": "TP.Q1.B", "kind": "final", "done_on": "2024-11-20"}
    client.force_login(ward_officer_a)
    refused = post_json(client, "/api/v1/plans/tracking/milestones", payload)
    assert refused.status_code == 422
    assert "unit" in field_errors(refused)
    client.force_login(city_specialist)
    created = post_json(client, "/api/v1/plans/tracking/milestones", payload)
    assert created.status_code == 201, created.content
    assert created.json()["unit"] == "TP.Q1.B"
    bad = post_json(client, "/api/v1/plans/tracking/milestones", {**payload, "kind": "nope"})
    assert bad.status_code == 422
    assert "kind" in field_errors(bad)
    assert Milestone.objects.count() == 1


def test_an_item_given_to_units_cannot_get_sub_items(client, city, city_specialist):
    small = small_plan(city)
    client.force_login(city_specialist)
    page = client.get(reverse("plans:item", args=[small.shared.pk])).content.decode()
    assert "?parent=" not in page
    response = client.post(
        reverse("plans:item_add", args=[small.plan.pk]), item_form(parent=small.shared.pk)
    )
    assert errors_of(response, "parent") == [
        "Đầu việc cha đã giao cho đơn vị: không thể thêm đầu việc con."
    ]
    assert not small.shared.children.exists()
