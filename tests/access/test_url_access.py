"""Access holds everywhere: every admin and API URL, as each persona.

The URL patterns are enumerated from the live URL configuration, so URLs that later
features add are checked without editing this file. URLs of the platform's own apps that
name an object (``<code>``, ``<pk>``…) are pointed at an object in ward B, and the personas
who may not reach it — the officer of ward A — must get 403/404/405 and change nothing,
even when they post a hostile form naming ward B's objects. Listing pages must not show
ward B to them. The outsider, with no role anywhere, is turned away by every admin URL.

A new kind of object in a URL (a kwarg this file has never seen) fails the test until
``OBJECT_IN_WARD_B`` says which object of ward B it names.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.exceptions import NoReverseMatch
from PIL import Image

from tuyengiao.activities.tests.builders import ward_b_activity
from tuyengiao.contests.tests.builders import ward_b_contest
from tuyengiao.core.actors import SYSTEM
from tuyengiao.documents.files import document_file_attach
from tuyengiao.documents.models import Document, DocumentFile, DocumentRelation
from tuyengiao.documents.services import document_register
from tuyengiao.orgs.models import HierarchyVersion, Membership, Role
from tuyengiao.orgs.services import hierarchy_version_create
from tuyengiao.orgs.tests.personas import City
from tuyengiao.plans.tests.builders import ward_b_plan
from tuyengiao.reporting.tests.builders import (
    ward_b_render,
    ward_b_submission,
    ward_b_template,
)

# Apps whose data is scoped by units: the check looks inside their state.
SCOPED_APPS = ["orgs", "documents", "plans", "activities", "reporting", "contests"]
# Admin URLs a person who is not signed in may open.
PUBLIC_ADMIN_URLS = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_icons",
    "wagtailadmin_sprite",
}
PUBLIC_API_URLS = {"api:health", "api:version", "api:openapi-json", "api:openapi-view"}
SAFE_STATUS = {403, 404, 405}


@dataclass(frozen=True)
class Route:
    name: str  # namespaced URL name
    kwargs: tuple[str, ...]
    converters: tuple[str, ...]
    module: str  # where the view lives

    @property
    def ours(self) -> bool:
        return self.module.startswith("tuyengiao.")


def _walk(patterns, namespace: str = "", converters: dict | None = None) -> Iterator[Route]:
    for pattern in patterns:
        found = {**(converters or {}), **getattr(pattern.pattern, "converters", {})}
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, inner, found)
        elif isinstance(pattern, URLPattern) and pattern.name:
            callback = pattern.callback
            view = getattr(callback, "view_class", None) or getattr(
                callback, "__wrapped__", callback
            )
            module = getattr(view, "__module__", "") or ""
            if module.startswith("ninja"):
                # django-ninja routes every operation through one view; the operation's own
                # module says whose endpoint it is.
                module = "tuyengiao.api"
            yield Route(
                f"{namespace}{pattern.name}",
                tuple(found),
                tuple(type(found[k]).__name__ for k in found),
                module,
            )


def all_routes() -> list[Route]:
    return sorted(set(_walk(get_resolver().url_patterns)), key=lambda route: route.name)


DUMMY = {"IntConverter": 1, "UUIDConverter": uuid.UUID(int=1)}


def _reverse(route: Route, values: dict[str, object]) -> str | None:
    try:
        return reverse(route.name, kwargs=values)
    except NoReverseMatch:
        return None


def _dummy_url(route: Route) -> str | None:
    values = {k: DUMMY.get(c, "x") for k, c in zip(route.kwargs, route.converters, strict=True)}
    return _reverse(route, values)


def _is_admin(url: str) -> bool:
    return url.startswith("/admin/")


def _is_api(url: str) -> bool:
    return url.startswith("/api/")


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every model of the scoped apps, to tell whether anything changed."""
    return {
        model._meta.label: sorted(model.objects.values_list(), key=repr)
        for label in SCOPED_APPS
        for model in apps.get_app_config(label).get_models()
    }


@dataclass
class World:
    city: City
    draft: HierarchyVersion
    membership_b: Membership
    document_b: Document
    relation_b: DocumentRelation


@pytest.fixture
def world(city, city_specialist, ward_officer_a, ward_officer_b) -> World:
    draft = hierarchy_version_create(effective_date=date(2030, 1, 1), name="Bản nháp", actor=SYSTEM)
    plan_b = document_register(
        symbol="01-KH/ĐU",
        issue_date=date(2024, 1, 5),
        summary="Kế hoạch nội bộ phường Bình Minh",
        owner=city.ward_b,
        actor=SYSTEM,
    )
    report_b = document_register(
        symbol="02-BC/ĐU",
        issue_date=date(2024, 3, 5),
        summary="Báo cáo thực hiện Kế hoạch số 01-KH/ĐU của phường Bình Minh",
        owner=city.ward_b,
        actor=SYSTEM,
    )
    return World(
        city,
        draft,
        Membership.objects.get(user=ward_officer_b),
        plan_b,
        DocumentRelation.objects.get(source=report_b),
    )


# Which object of ward B a URL kwarg names, by (namespace, kwarg) or by kwarg alone.
OBJECT_IN_WARD_B: dict[str, Callable[[World], object]] = {
    "orgs:code": lambda w: w.city.ward_b.code,
    "orgs:membership_revoke:pk": lambda w: w.membership_b.pk,
    "orgs:version_publish:pk": lambda w: w.draft.pk,
    "documents:pk": lambda w: w.document_b.pk,
    "documents:relation_decide:pk": lambda w: w.relation_b.pk,
    "api:document_id": lambda w: w.document_b.pk,
    "document_file:pk": lambda w: _ward_b_document_file(w).pk,
    "activities:pk": lambda w: ward_b_activity(w.city).activity.pk,
    "activities:file:file_id": lambda w: ward_b_activity(w.city).photo.pk,
    "api:activity_id": lambda w: ward_b_activity(w.city).activity.pk,
    "plans:detail:pk": lambda w: ward_b_plan(w.city, w.document_b).plan.pk,
    "plans:export:pk": lambda w: ward_b_plan(w.city, w.document_b).plan.pk,
    "plans:export:fmt": lambda w: "xlsx",
    "plans:import:pk": lambda w: ward_b_plan(w.city, w.document_b).plan.pk,
    "plans:item:pk": lambda w: ward_b_plan(w.city, w.document_b).item.pk,
    "plans:item_status:pk": lambda w: ward_b_plan(w.city, w.document_b).item.pk,
    "plans:comment:pk": lambda w: ward_b_plan(w.city, w.document_b).item.pk,
    "plans:assignment_status:pk": lambda w: ward_b_plan(w.city, w.document_b).assignment.pk,
    "plans:tracking:pk": lambda w: ward_b_plan(w.city, w.document_b).tracking.pk,
    "plans:edit:pk": lambda w: ward_b_plan(w.city, w.document_b).plan.pk,
    "plans:item_add:pk": lambda w: ward_b_plan(w.city, w.document_b).plan.pk,
    "plans:item_edit:pk": lambda w: ward_b_plan(w.city, w.document_b).item.pk,
    "plans:item_delete:pk": lambda w: ward_b_plan(w.city, w.document_b).item.pk,
    "plans:evidence:pk": lambda w: ward_b_plan(w.city, w.document_b).item.pk,
    "plans:milestone:pk": lambda w: ward_b_plan(w.city, w.document_b).tracking.pk,
    "api:plan_id": lambda w: ward_b_plan(w.city, w.document_b).plan.pk,
    "api:assignment_id": lambda w: ward_b_plan(w.city, w.document_b).assignment.pk,
    "api:tracking_id": lambda w: ward_b_plan(w.city, w.document_b).tracking.pk,
    "reporting:pk": lambda w: ward_b_submission(w.city).pk,
    "api:submission_id": lambda w: ward_b_submission(w.city).pk,
    "reporting:render_status:pk": lambda w: ward_b_render(w.city).pk,
    "reporting:render_file:pk": lambda w: ward_b_render(w.city).pk,
    "reporting:template_file:pk": lambda w: ward_b_template(w.city).pk,
    "reporting:template_delete:pk": lambda w: ward_b_template(w.city).pk,
    "api:render_id": lambda w: ward_b_render(w.city).pk,
    "reporting_indicators:pk": lambda w: ward_b_submission(w.city).values.first().indicator_id,
    "reporting_forms:pk": lambda w: ward_b_submission(w.city).form_id,
    "reporting_sections:pk": lambda w: ward_b_submission(w.city).form.sections.first().pk,
    "reporting_rules:pk": lambda w: ward_b_submission(w.city).form.rules.first().pk,
    "contests:pk": lambda w: ward_b_contest(w.city).contest.pk,
    "contests:round_pk": lambda w: ward_b_contest(w.city).round.pk,
    "contests:report_pk": lambda w: ward_b_contest(w.city).report.pk,
    "contests_public:slug": lambda w: ward_b_contest(w.city).contest.slug,
    "contests_public:number": lambda w: ward_b_contest(w.city).round.number,
    "contests_public:token": lambda w: ward_b_contest(w.city).attempt.token,
}


def _ward_b_document_file(world: World) -> DocumentFile:
    """A file attached to ward B's internal plan (a small PNG, read as an image)."""
    existing = DocumentFile.objects.filter(document=world.document_b).first()
    if existing is not None:
        return existing
    picture = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(picture, format="PNG")
    upload = SimpleUploadedFile("ke-hoach.png", picture.getvalue(), content_type="image/png")
    return document_file_attach(document=world.document_b, uploaded=upload, actor=SYSTEM)


def _object_kwargs(route: Route, world: World) -> dict[str, object]:
    namespace = route.name.rsplit(":", 1)[0]
    values = {}
    for kwarg in route.kwargs:
        provider = OBJECT_IN_WARD_B.get(f"{route.name}:{kwarg}") or OBJECT_IN_WARD_B.get(
            f"{namespace}:{kwarg}"
        )
        assert provider, (
            f"{route.name} names an object by <{kwarg}>: add to OBJECT_IN_WARD_B which object "
            "of ward B it is, so that access to it is checked."
        )
        values[kwarg] = provider(world)
    return values


def refused(response) -> bool:
    """403/404/405, or Wagtail's way of refusing in the admin: back to the dashboard."""
    if response.status_code == 302:
        return response["Location"] == reverse("wagtailadmin_home")
    return response.status_code in SAFE_STATUS


def hostile_payload(world: World) -> dict[str, object]:
    """A form that names ward B's objects in every field a screen might read."""
    ward_b, today = world.city.ward_b, date.today().isoformat()
    return {
        "units": [ward_b.pk],
        "unit": ward_b.pk,
        "into": ward_b.pk,
        "new_parent": ward_b.pk,
        "successor": ward_b.pk,
        "user": world.membership_b.user_id,
        "role": Role.objects.get(code="leader").pk,
        "name": "Đổi tên trái phép",
        "new_code": "TP.HACK",
        "new_name": "Đơn vị trái phép",
        "kind": world.city.ward_b.profiles.get().kind_id,
        "new_kind": world.city.ward_b.profiles.get().kind_id,
        "effective_date": "2030-01-01",
        "valid_from": today,
        "publish": "on",
        "confirm": "1",
        "parts-TOTAL_FORMS": "2",
        "parts-INITIAL_FORMS": "0",
        "parts-0-unit": ward_b.pk,
        "parts-0-share": "0.5",
        "parts-1-new_code": "TP.HACK2",
        "parts-1-new_name": "Phần trái phép",
        "parts-1-new_kind": world.city.ward_b.profiles.get().kind_id,
        "parts-1-share": "0.5",
        "symbol": "99-KH/ĐU",
        "issue_date": today,
        "summary": "Văn bản trái phép",
        "owner": ward_b.pk,
        "status": "in_force",
        "visibility": "public",
        "target": world.document_b.symbol,
        "decision": "confirm",
    }


def test_every_admin_url_turns_the_outsider_away(client, outsider):
    """With no role anywhere, no admin page opens (sign-in pages aside)."""
    client.force_login(outsider)
    checked = 0
    for route in all_routes():
        url = _dummy_url(route)
        if url is None or not _is_admin(url) or route.name in PUBLIC_ADMIN_URLS:
            continue
        response = client.get(url)
        assert response.status_code in {302, 403, 404, 405}, (route.name, response.status_code)
        if response.status_code == 302:
            assert "/admin/login/" in response["Location"], route.name
        checked += 1
    assert checked > 100, "the URL enumeration found suspiciously few admin URLs"


@pytest.mark.django_db
def test_every_api_url_needs_a_caller(client):
    for route in all_routes():
        url = _dummy_url(route)
        if url is None or not _is_api(url) or route.name in PUBLIC_API_URLS:
            continue
        assert client.get(url).status_code in {401, 403, 404, 405}, route.name


def _our_routes() -> list[Route]:
    routes = [route for route in all_routes() if route.ours]
    assert any(route.name.startswith("orgs:") for route in routes)
    return routes


def test_ward_officer_cannot_reach_another_ward_through_any_url(client, world, ward_officer_a):
    """Officer of ward A, against every URL of the platform's apps: ward B stays out of reach."""
    client.force_login(ward_officer_a)
    ward_b = world.city.ward_b
    for route in _our_routes():
        kwargs = _object_kwargs(route, world)
        url = reverse(route.name, kwargs=kwargs)
        before = snapshot()
        get = client.get(url)
        post = client.post(url, hostile_payload(world))
        assert snapshot() == before, f"{route.name}: a POST by ward A's officer changed data"
        if not (_is_admin(url) or _is_api(url)):
            continue  # public pages (portal, contest pages) are everyone's: only "no change"
        if kwargs:
            assert refused(get), (route.name, get.status_code)
            assert refused(post), (route.name, post.status_code)
        else:
            body = get.content.decode(errors="replace")
            assert ward_b.code not in body, f"{route.name} shows ward B to ward A's officer"
            assert "Bình Minh" not in body, f"{route.name} shows ward B to ward A's officer"
            assert world.document_b.symbol not in body, f"{route.name} shows ward B's document"


# Screens that take the unit from the query string (?form=…&unit=…&period=…) rather than
# from the URL's path: the enumeration above opens them without one.
UNIT_IN_QUERY = [
    "reporting:completeness",
    "reporting:pivot",
    "reporting:values",
    "reporting:dashboard",
]


def test_ward_officer_cannot_name_another_ward_in_a_query(client, world, ward_officer_a):
    submission = ward_b_submission(world.city)
    client.force_login(ward_officer_a)
    query = {
        "form": submission.form.code,
        "unit": world.city.ward_b.code,
        "period": submission.period_code,
        "rows": "unit",
    }
    for name in UNIT_IN_QUERY:
        response = client.get(reverse(name), query)
        assert refused(response), (name, response.status_code)
        assert "Bình Minh" not in response.content.decode(), name


def test_city_specialist_reaches_ward_b(client, world, city_specialist):
    """The positive control: the same object URLs open for someone whose reach includes it."""
    client.force_login(city_specialist)
    response = client.get(reverse("orgs:unit", kwargs={"code": world.city.ward_b.code}))
    assert response.status_code == 200
    assert "Bình Minh" in response.content.decode()
    tree = client.get(reverse("orgs:tree")).content.decode()
    assert world.city.ward_b.code in tree


def test_ward_officer_reaches_own_ward(client, world, ward_officer_a):
    client.force_login(ward_officer_a)
    response = client.get(reverse("orgs:unit", kwargs={"code": world.city.ward_a.code}))
    assert response.status_code == 200
    assert "Ánh Dương" in response.content.decode()
