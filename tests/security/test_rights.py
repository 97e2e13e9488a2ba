"""Every right of the roles table is enforced by the services that need it, and through them
by the API and the admin; the portal editor reads no internal records.

Each role is held in the city committee (reaching the whole small city of the orgs personas).
For each right, every service that needs it is tried by every role: the roles holding the
right succeed, the others are refused with ``PermissionDenied``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from tuyengiao.activities.selectors import activities_visible_to
from tuyengiao.activities.tests.builders import log
from tuyengiao.core.actors import SYSTEM
from tuyengiao.core.models import User
from tuyengiao.documents.models import Document
from tuyengiao.documents.selectors import documents_visible_to
from tuyengiao.documents.services import document_register, document_update
from tuyengiao.documents.tests.builders import register
from tuyengiao.orgs.models import Membership, Role
from tuyengiao.orgs.services import (
    NewUnit,
    hierarchy_version_create,
    membership_grant,
    membership_revoke,
    unit_create,
    unit_dissolve,
    unit_move,
    unit_rename,
)
from tuyengiao.orgs.tests.personas import BASE_DATE, City, kind, person, role
from tuyengiao.plans.selectors import reach_of
from tuyengiao.reporting.periods import period_containing
from tuyengiao.reporting.renders import renders_visible_to
from tuyengiao.reporting.selectors import report_figures, submissions_visible_to
from tuyengiao.reporting.services import (
    entry_exception_grant,
    submission_approve,
    submission_return,
)
from tuyengiao.reporting.tests.builders import build_form, report, ward_b_render

pytestmark = pytest.mark.django_db

ROLES = [
    "system_admin",
    "leader",
    "specialist",
    "grassroots_officer",
    "reporter",
    "portal_editor",
    "viewer",
]
API = "/api/v1"
DAY = date(2026, 10, 1)


def holder(city: City, role_code: str) -> User:
    """A person holding ``role_code`` in the city committee."""
    return person(f"r.{role_code}", f"Người giữ vai trò {role_code}", city.city, role_code)


def flags(role_code: str) -> Role:
    return Role.objects.get(code=role_code)


# --- The services of each right --------------------------------------------------------------


def _submitted(city: City) -> Any:
    tf = build_form(city.ward_a, code="rights")
    period = period_containing("month", DAY)
    return report(tf, city.ward_a, period, documents=1, approve=False)


def approve(city: City, actor: User) -> None:
    submission_approve(submission=_submitted(city), actor=actor)


def return_report(city: City, actor: User) -> None:
    submission_return(submission=_submitted(city), reason="Thiếu số liệu", actor=actor)


def extend_entry(city: City, actor: User) -> None:
    submission = _submitted(city)
    entry_exception_grant(
        form=submission.form,
        unit=city.ward_a,
        period=period_containing("month", DAY),
        open_until=date(2026, 10, 30),
        actor=actor,
    )


def _draft(city: City) -> Any:
    return hierarchy_version_create(effective_date=date(2027, 1, 1), name="Cây 2027", actor=SYSTEM)


def create_unit(city: City, actor: User) -> None:
    spec = NewUnit(
        code="TP.Q1.C",
        name="Đảng ủy phường Cầu Mới",
        kind=kind("commune_committee"),
        parent=city.district,
    )
    unit_create(version=_draft(city), spec=spec, actor=actor)


def rename_unit(city: City, actor: User) -> None:
    unit_rename(unit=city.ward_a, name="Đảng ủy phường Ánh Sáng", effective_date=DAY, actor=actor)


def move_unit(city: City, actor: User) -> None:
    unit_move(version=_draft(city), unit=city.cell_a, new_parent=city.ward_b, actor=actor)


def dissolve_unit(city: City, actor: User) -> None:
    unit_dissolve(version=_draft(city), unit=city.cell_b, actor=actor)


def version_create(city: City, actor: User) -> None:
    hierarchy_version_create(effective_date=date(2027, 1, 1), name="Cây 2027", actor=actor)


def grant(city: City, actor: User) -> None:
    newcomer = person("moi", "Người mới", city.board, "viewer")
    membership_grant(
        user=newcomer, unit=city.ward_a, role=role("viewer"), valid_from=DAY, actor=actor
    )


def revoke(city: City, actor: User) -> None:
    officer = person("cb.a", "Cán bộ phường A", city.ward_a, "grassroots_officer")
    membership_revoke(membership=Membership.objects.get(user=officer), actor=actor)


def _register_as(city: City, actor: User, **extra: Any) -> Document:
    return document_register(
        symbol="12-TB/TU",
        issue_date=date(2026, 9, 1),
        summary="Thông báo kết luận",
        owner=city.city,
        actor=actor,
        **extra,
    )


def publish_on_register(city: City, actor: User) -> None:
    _register_as(city, actor, visibility=Document.Visibility.PUBLIC)


def publish_existing(city: City, actor: User) -> None:
    document = register(city, "13-TB/TU", date(2026, 9, 2), "Thông báo nội bộ")
    document_update(document=document, actor=actor, visibility=Document.Visibility.PUBLIC)


def log_briefing(city: City, actor: User) -> None:
    log(city.ward_a, "reporters_briefing", "Hội nghị báo cáo viên quý III", DAY, actor=actor)


def log_talk(city: City, actor: User) -> None:
    log(city.ward_a, "oral_propaganda", "Buổi tuyên truyền miệng khu phố 1", DAY, actor=actor)


def approves(r: Role) -> bool:
    return r.can_approve


def manages_units(r: Role) -> bool:
    return r.can_manage_units


def grants(r: Role) -> bool:
    return r.can_grant


def publishes(r: Role) -> bool:
    # Writing in a unit's registry is entering its data; making the document public is the
    # portal's right on top of it.
    return r.can_publish_portal and r.can_edit_data


def briefs(r: Role) -> bool:
    # Whoever enters a unit's data logs all its activities; "log briefings" adds briefings
    # and talks for roles that enter no other data (the reporter).
    return r.can_brief or r.can_edit_data


Attempt = Callable[[City, User], None]
SERVICES: list[tuple[str, Callable[[Role], bool], Attempt]] = [
    ("approve", approves, approve),
    ("approve", approves, return_report),
    ("approve", approves, extend_entry),
    ("change units", manages_units, create_unit),
    ("change units", manages_units, rename_unit),
    ("change units", manages_units, move_unit),
    ("change units", manages_units, dissolve_unit),
    ("change units", manages_units, version_create),
    ("grant", grants, grant),
    ("grant", grants, revoke),
    ("publish", publishes, publish_on_register),
    ("publish", publishes, publish_existing),
    ("log briefings", briefs, log_briefing),
    ("log briefings", briefs, log_talk),
]


@pytest.mark.parametrize("role_code", ROLES)
@pytest.mark.parametrize(
    ("right", "holds", "attempt"), SERVICES, ids=[s[2].__name__ for s in SERVICES]
)
def test_each_service_refuses_roles_without_its_right(
    city: City, role_code: str, right: str, holds: Callable[[Role], bool], attempt: Attempt
) -> None:
    """A role holding the right succeeds; any other role is refused by the service."""
    actor = holder(city, role_code)
    if holds(flags(role_code)):
        attempt(city, actor)
    else:
        with pytest.raises(PermissionDenied):
            attempt(city, actor)


def test_the_seeded_roles_hold_the_rights_of_the_table() -> None:
    """The expectations above follow the README's roles table."""
    assert [r for r in ROLES if approves(flags(r))] == ["system_admin", "leader"]
    assert [r for r in ROLES if manages_units(flags(r))] == ["system_admin", "specialist"]
    assert [r for r in ROLES if grants(flags(r))] == ["system_admin", "leader"]
    assert [r for r in ROLES if flags(r).can_publish_portal] == ["system_admin", "portal_editor"]
    assert [r for r in ROLES if flags(r).can_brief] == ["system_admin", "specialist", "reporter"]


def test_a_reporter_logs_briefings_but_no_other_activity(city: City) -> None:
    reporter = holder(city, "reporter")
    log_briefing(city, reporter)
    with pytest.raises(PermissionDenied):
        log(city.ward_a, "conference", "Hội nghị sơ kết", DAY, actor=reporter)


def test_a_second_role_with_the_right_to_publish_lets_a_specialist_publish(city: City) -> None:
    specialist = holder(city, "specialist")
    with pytest.raises(PermissionDenied):
        publish_on_register(city, specialist)
    membership_grant(
        user=specialist,
        unit=city.city,
        role=role("portal_editor"),
        valid_from=BASE_DATE,
        actor=SYSTEM,
    )
    publish_on_register(city, specialist)
    assert Document.objects.get(symbol="12-TB/TU").visibility == Document.Visibility.PUBLIC


# --- Through the API and the admin -----------------------------------------------------------


def _refused(response: Any, status: int = 403) -> None:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert body["detail"]


def test_a_ward_officer_cannot_make_a_document_public_through_the_api(
    client: Any, city: City, ward_officer_a: User
) -> None:
    """The finding: POST /api/v1/documents with public visibility by a ward officer."""
    client.force_login(ward_officer_a)
    payload = {
        "symbol": "07-TB/ĐU",
        "issue_date": "2026-09-01",
        "summary": "Thông báo của Đảng ủy phường",
        "owner": city.ward_a.code,
        "visibility": "public",
    }
    response = client.post(f"{API}/documents", payload, content_type="application/json")
    _refused(response)
    assert response.json()["detail"] == "Bạn không được công khai văn bản của đơn vị này."
    assert not Document.objects.exists()
    # Internal, the same document is registered; making it public afterwards is refused.
    payload["visibility"] = "internal"
    created = client.post(f"{API}/documents", payload, content_type="application/json")
    assert created.status_code == 201
    document_id = created.json()["id"]
    change = client.patch(
        f"{API}/documents/{document_id}", {"visibility": "public"}, content_type="application/json"
    )
    _refused(change)
    assert Document.objects.get().visibility == Document.Visibility.INTERNAL


def test_a_ward_officer_cannot_make_a_document_public_in_the_admin(
    client: Any, city: City, ward_officer_a: User
) -> None:
    client.force_login(ward_officer_a)
    form = {
        "symbol": "07-TB/ĐU",
        "issue_date": "2026-09-01",
        "summary": "Thông báo của Đảng ủy phường",
        "owner": city.ward_a.pk,
        "status": "in_force",
        "visibility": "public",
    }
    response = client.post(reverse("documents:register"), form)
    # Wagtail answers a PermissionDenied from the service by sending the person back to the
    # dashboard with its "no permission" message.
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    assert not Document.objects.exists()


@pytest.mark.parametrize("role_code", ROLES)
def test_the_api_publishes_only_for_roles_with_the_right(
    client: Any, city: City, role_code: str
) -> None:
    client.force_login(holder(city, role_code))
    payload = {
        "symbol": "12-TB/TU",
        "issue_date": "2026-09-01",
        "summary": "Thông báo kết luận",
        "owner": city.city.code,
        "visibility": "public",
    }
    response = client.post(f"{API}/documents", payload, content_type="application/json")
    if publishes(flags(role_code)):
        assert response.status_code == 201
    else:
        _refused(response)


@pytest.mark.parametrize("role_code", ROLES)
@pytest.mark.parametrize("step", ["approve", "return"])
def test_the_api_approves_only_for_roles_with_the_right(
    client: Any, city: City, role_code: str, step: str
) -> None:
    submission = _submitted(city)
    client.force_login(holder(city, role_code))
    response = client.post(
        f"{API}/reporting/submissions/{submission.pk}/{step}", {"reason": "Thiếu số liệu"}
    )
    if approves(flags(role_code)):
        assert response.status_code == 200, response.content
    else:
        # The portal editor does not even see the report; the others see it but may not decide.
        _refused(response, 404 if role_code == "portal_editor" else 403)


@pytest.mark.parametrize("role_code", ROLES)
def test_the_api_logs_briefings_only_for_roles_with_the_right(
    client: Any, city: City, role_code: str
) -> None:
    client.force_login(holder(city, role_code))
    payload = {
        "type": "reporters_briefing",
        "unit": city.ward_a.code,
        "title": "Hội nghị báo cáo viên quý III",
        "start_date": DAY.isoformat(),
    }
    response = client.post(f"{API}/activities", payload, content_type="application/json")
    if briefs(flags(role_code)):
        assert response.status_code == 201, response.content
    else:
        _refused(response)


# --- Least privilege: what the portal editor reads -------------------------------------------


@pytest.fixture
def internal_records(city: City) -> dict[str, Any]:
    """An internal and a public document, a report, a report file and an activity of the
    city's units."""
    register(city, "241-KH/TU", date(2024, 5, 30), "Kế hoạch nội bộ")
    register(city, "30-CT/TW", date(2024, 2, 5), "Chỉ thị công khai", visibility="public")
    submission = _submitted(city)
    ward_b_render(city)
    log(city.ward_a, "conference", "Hội nghị sơ kết", DAY)
    return {"submission": submission}


def test_the_portal_editor_reads_no_internal_records(
    city: City, internal_records: dict[str, Any]
) -> None:
    editor = holder(city, "portal_editor")
    assert [d.symbol for d in documents_visible_to(editor)] == ["30-CT/TW"]
    assert not submissions_visible_to(editor).exists()
    assert not renders_visible_to(editor).exists()
    assert not activities_visible_to(editor).exists()
    assert reach_of(editor) == set()
    submission = internal_records["submission"]
    with pytest.raises(Http404):
        report_figures(
            editor,
            form=submission.form,
            unit=city.ward_a,
            period=period_containing("month", DAY),
        )


@pytest.mark.parametrize(
    "role_code", ["leader", "specialist", "grassroots_officer", "reporter", "viewer"]
)
def test_the_other_roles_still_read_internal_records(
    city: City, internal_records: dict[str, Any], role_code: str
) -> None:
    reader = holder(city, role_code)
    assert documents_visible_to(reader).count() == 2
    assert submissions_visible_to(reader).exists()
    assert renders_visible_to(reader).exists()
    assert activities_visible_to(reader).exists()


def test_a_portal_editor_who_is_also_a_viewer_reads_internal_records(
    city: City, internal_records: dict[str, Any]
) -> None:
    editor = holder(city, "portal_editor")
    membership_grant(
        user=editor, unit=city.city, role=role("viewer"), valid_from=BASE_DATE, actor=SYSTEM
    )
    assert documents_visible_to(editor).count() == 2
    assert submissions_visible_to(editor).exists()


def test_the_portal_editor_lists_no_internal_documents_or_reports_through_the_api(
    client: Any, city: City, internal_records: dict[str, Any]
) -> None:
    client.force_login(holder(city, "portal_editor"))
    documents = client.get(f"{API}/documents").json()
    assert [item["symbol"] for item in documents["items"]] == ["30-CT/TW"]
    submission = internal_records["submission"]
    query = {
        "form": submission.form.code,
        "unit": city.ward_a.code,
        "period": submission.period_code,
    }
    _refused(client.get(f"{API}/reporting/figures", query), 404)
    _refused(client.get(f"{API}/reporting/values", query), 404)
    activities = client.get(f"{API}/activities").json()
    assert activities["count"] == 0
