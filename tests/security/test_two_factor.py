"""Finding: there was no second factor; a leader's password alone opened approving, granting
and changing units. Now a password alone opens nothing for whoever owes a code."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tuyengiao.core.actors import SYSTEM
from tuyengiao.core.twofactor.middleware import RECHECK_SECONDS
from tuyengiao.core.twofactor.tests.helpers import code_for, enrolled
from tuyengiao.orgs.models import Role
from tuyengiao.orgs.services import membership_grant

ADMIN = "/admin/"
API_ME = "/api/v1/me"


def test_the_password_of_a_leader_opens_no_admin_page_and_no_api(client, city_leader, settings):
    settings.TWO_FACTOR_REQUIRED = True
    client.force_login(city_leader)
    for url in (ADMIN, "/admin/orgs/", "/admin/pages/", "/admin/account/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/two-factor/setup/"), url
    # The session cookie does not open the API either.
    assert client.get(API_ME).status_code == 401


def test_system_administrators_must_use_it(client, system_admin, settings):
    settings.TWO_FACTOR_REQUIRED = True
    client.force_login(system_admin)
    assert client.get(ADMIN)["Location"].startswith("/admin/two-factor/setup/")


def test_people_who_only_enter_data_are_not_held(client, ward_officer_a, settings):
    settings.TWO_FACTOR_REQUIRED = True
    client.force_login(ward_officer_a)
    assert client.get(ADMIN).status_code == 200
    assert client.get(API_ME).status_code == 200


def test_whoever_set_up_an_app_is_asked_for_it_even_when_not_required(client, ward_officer_a):
    """Test settings leave it optional; a person who turned it on owes a code all the same,
    and the API does not know them until they give it."""
    device, _codes = enrolled(ward_officer_a)
    client.force_login(ward_officer_a)
    assert client.get(ADMIN)["Location"].startswith("/admin/two-factor/code/")
    assert client.get(API_ME).status_code == 401
    client.post("/admin/two-factor/code/", {"code": code_for(device.key, steps_ahead=1)})
    assert client.get(ADMIN).status_code == 200
    assert client.get(API_ME).json()["username"] == ward_officer_a.username


def test_a_role_that_requires_it_applies_within_minutes(
    client, ward_officer_a, city, settings, time_machine
):
    settings.TWO_FACTOR_REQUIRED = True
    time_machine.move_to(timezone.now(), tick=False)
    client.force_login(ward_officer_a)
    assert client.get(ADMIN).status_code == 200
    membership_grant(
        user=ward_officer_a,
        unit=city.ward_a,
        role=Role.objects.get(code="leader"),
        valid_from=timezone.localdate(),
        actor=SYSTEM,
    )
    time_machine.shift(timedelta(seconds=RECHECK_SECONDS + 1))
    assert client.get(ADMIN)["Location"].startswith("/admin/two-factor/setup/")
