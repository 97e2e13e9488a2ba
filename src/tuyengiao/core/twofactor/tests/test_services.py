"""Two-step sign-in services: enrolment, codes, throttling, recovery codes, removal, audit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from tuyengiao.core.actors import SYSTEM
from tuyengiao.core.twofactor import services
from tuyengiao.core.twofactor.selectors import (
    SecondFactor,
    second_factor_due,
    twofactor_required_for,
    twofactor_status,
)
from tuyengiao.core.twofactor.services import (
    recovery_codes_renew,
    totp_key_new,
    twofactor_enrol,
    twofactor_remove,
    twofactor_verify,
)
from tuyengiao.core.twofactor.tests.helpers import code_for, enrolled


def actions_on(person) -> list[str]:
    return list(
        ModelLogEntry.objects.for_instance(person)
        .filter(action__startswith="tuyengiao.twofactor.")
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )


def test_enrolment_with_the_apps_code_turns_it_on_with_ten_recovery_codes(ward_officer_a):
    key = totp_key_new()
    codes = twofactor_enrol(
        actor=ward_officer_a, person=ward_officer_a, key=key, code=code_for(key)
    )

    device = TOTPDevice.objects.get(user=ward_officer_a)
    assert device.confirmed
    assert device.key == key
    assert len(set(codes)) == 10
    stored = StaticToken.objects.filter(device__user=ward_officer_a)
    assert sorted(stored.values_list("token", flat=True)) == sorted(codes)
    assert actions_on(ward_officer_a) == [services.ENROL_ACTION]
    assert twofactor_status(ward_officer_a).recovery_codes_left == 10


def test_a_wrong_code_at_enrolment_leaves_nothing_behind(ward_officer_a):
    key = totp_key_new()
    wrong = f"{(int(code_for(key)) + 1) % 1_000_000:06d}"
    with pytest.raises(ValidationError):
        twofactor_enrol(actor=ward_officer_a, person=ward_officer_a, key=key, code=wrong)
    assert not TOTPDevice.objects.filter(user=ward_officer_a).exists()
    assert not StaticDevice.objects.filter(user=ward_officer_a).exists()
    assert actions_on(ward_officer_a) == []


def test_only_the_person_sets_up_their_own_app(ward_officer_a, system_admin):
    key = totp_key_new()
    with pytest.raises(PermissionDenied):
        twofactor_enrol(actor=system_admin, person=ward_officer_a, key=key, code=code_for(key))
    with pytest.raises(PermissionDenied):
        twofactor_enrol(actor=SYSTEM, person=ward_officer_a, key=key, code=code_for(key))


def test_a_second_app_is_refused(ward_officer_a):
    enrolled(ward_officer_a)
    key = totp_key_new()
    with pytest.raises(ValidationError):
        twofactor_enrol(actor=ward_officer_a, person=ward_officer_a, key=key, code=code_for(key))


def test_the_apps_code_signs_in_once(ward_officer_a):
    device, _codes = enrolled(ward_officer_a)
    code = code_for(device.key, steps_ahead=1)
    assert twofactor_verify(person=ward_officer_a, code=code) == device
    with pytest.raises(ValidationError):
        twofactor_verify(person=ward_officer_a, code=code)  # replayed


def test_wrong_codes_slow_down_further_tries(ward_officer_a, time_machine):
    """django-otp's throttling: after n wrong codes in a row the device waits 2^(n-1) s, and
    refuses even the right code meanwhile."""
    time_machine.move_to(timezone.now(), tick=False)
    device, _codes = enrolled(ward_officer_a)
    right = code_for(device.key, steps_ahead=1)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    with pytest.raises(ValidationError):
        twofactor_verify(person=ward_officer_a, code=wrong)
    time_machine.shift(timedelta(seconds=1.1))
    with pytest.raises(ValidationError) as second:
        twofactor_verify(person=ward_officer_a, code=wrong)
    assert second.value.code == "wrong"
    time_machine.shift(timedelta(seconds=1.1))  # the second failure asks for 2 s
    with pytest.raises(ValidationError) as refused:
        twofactor_verify(person=ward_officer_a, code=right)
    assert refused.value.code == "throttled"
    device.refresh_from_db()
    assert device.throttling_failure_count == 2
    time_machine.shift(timedelta(seconds=1))
    assert twofactor_verify(person=ward_officer_a, code=right) == device


def test_a_recovery_code_signs_in_once_and_is_audited(ward_officer_a):
    _device, codes = enrolled(ward_officer_a)
    used = codes[0]
    device = twofactor_verify(person=ward_officer_a, code=f" {used.upper()[:4]}-{used[4:]} ")
    assert isinstance(device, StaticDevice)
    assert twofactor_status(ward_officer_a).recovery_codes_left == 9
    entry = ModelLogEntry.objects.for_instance(ward_officer_a).get(
        action=services.RECOVERY_USED_ACTION
    )
    assert entry.user_id == ward_officer_a.pk
    assert entry.data == {"recovery_codes_left": 9}
    with pytest.raises(ValidationError):
        twofactor_verify(person=ward_officer_a, code=used)


def test_new_recovery_codes_replace_the_old_ones(ward_officer_a):
    _device, old = enrolled(ward_officer_a)
    new = recovery_codes_renew(actor=ward_officer_a, person=ward_officer_a)
    assert not set(old) & set(new)
    assert isinstance(twofactor_verify(person=ward_officer_a, code=new[1]), StaticDevice)
    with pytest.raises(ValidationError):
        twofactor_verify(person=ward_officer_a, code=old[1])
    assert services.RENEW_ACTION in actions_on(ward_officer_a)


def test_no_recovery_codes_without_an_app(ward_officer_a):
    with pytest.raises(ValidationError):
        recovery_codes_renew(actor=ward_officer_a, person=ward_officer_a)


def test_a_person_may_turn_it_off_unless_required(ward_officer_a, city_leader, settings):
    settings.TWO_FACTOR_REQUIRED = True
    enrolled(ward_officer_a)
    twofactor_remove(actor=ward_officer_a, person=ward_officer_a)
    assert not TOTPDevice.objects.filter(user=ward_officer_a).exists()
    assert not StaticDevice.objects.filter(user=ward_officer_a).exists()
    assert actions_on(ward_officer_a)[-1] == services.REMOVE_ACTION

    enrolled(city_leader)
    with pytest.raises(PermissionDenied):
        twofactor_remove(actor=city_leader, person=city_leader)
    with pytest.raises(PermissionDenied):
        twofactor_remove(actor=ward_officer_a, person=city_leader)
    assert TOTPDevice.objects.filter(user=city_leader).exists()


def test_the_reset_command_turns_it_off_for_a_lost_phone(city_leader, settings):
    settings.TWO_FACTOR_REQUIRED = True
    enrolled(city_leader)
    call_command("twofactor_reset", user=city_leader.username)
    assert not TOTPDevice.objects.filter(user=city_leader).exists()
    entry = ModelLogEntry.objects.for_instance(city_leader).get(action=services.REMOVE_ACTION)
    assert entry.user_id is None  # the system
    assert second_factor_due(city_leader) is SecondFactor.ENROL


def test_who_must_use_it(
    settings, system_admin, city_leader, city_specialist, ward_officer_a, specialist
):
    settings.TWO_FACTOR_REQUIRED = True
    # Approve and grant (leader), change units (specialist), everything (administrator).
    assert twofactor_required_for(system_admin)
    assert twofactor_required_for(city_leader)
    assert twofactor_required_for(city_specialist)
    # Entering data only, or no role at all: optional.
    assert not twofactor_required_for(ward_officer_a)
    assert not twofactor_required_for(specialist)
    settings.TWO_FACTOR_REQUIRED = False
    assert not twofactor_required_for(system_admin)


def test_what_a_signed_in_person_owes(settings, city_leader, ward_officer_a):
    settings.TWO_FACTOR_REQUIRED = True
    assert second_factor_due(city_leader) is SecondFactor.ENROL
    assert second_factor_due(ward_officer_a) is SecondFactor.NONE
    enrolled(ward_officer_a)
    assert second_factor_due(ward_officer_a) is SecondFactor.VERIFY
