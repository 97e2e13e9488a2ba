"""Admin menu items follow the person's capabilities, read once per admin page."""

from django.test import RequestFactory

from tuyengiao.orgs.access import capabilities_held
from tuyengiao.orgs.menu import CapabilityMenuItem


def _items() -> list[CapabilityMenuItem]:
    return [
        CapabilityMenuItem("any role", "/a/", capability=None),
        CapabilityMenuItem("data entry", "/b/", capability="can_edit_data"),
        CapabilityMenuItem("tree", "/c/", capability="can_manage_units"),
        CapabilityMenuItem("grants", "/d/", capability="can_grant"),
    ]


def test_capabilities_held_come_from_roles_valid_today(city, ward_officer_a, city_leader):
    assert "can_edit_data" in capabilities_held(ward_officer_a)
    assert "can_grant" not in capabilities_held(ward_officer_a)
    assert "can_grant" in capabilities_held(city_leader)


def test_menu_items_shown_by_capability_in_one_query(
    city, ward_officer_a, django_assert_num_queries
):
    request = RequestFactory().get("/admin/")
    request.user = ward_officer_a
    with django_assert_num_queries(1):
        shown = [item.label for item in _items() if item.is_shown(request)]
    assert shown == ["any role", "data entry"]
