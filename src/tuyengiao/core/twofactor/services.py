"""Writes for two-step sign-in: set up an app, check a code, renew recovery codes, turn it off.

Every change is audited against the person's account. Checking a code is not a change the
person makes and is not audited, except the use of a recovery code: it means the phone was not
at hand, which the person (or an administrator reading the log) should be able to see.
"""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from tuyengiao.core.actors import Actor, person_of
from tuyengiao.core.audit import audit
from tuyengiao.core.models import User
from tuyengiao.core.twofactor.selectors import totp_device_of, twofactor_required_for

ENROL_ACTION = "tuyengiao.twofactor.enrol"
REMOVE_ACTION = "tuyengiao.twofactor.remove"
RENEW_ACTION = "tuyengiao.twofactor.recovery_codes"
RECOVERY_USED_ACTION = "tuyengiao.twofactor.recovery_code_used"

RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "authenticator app"
RECOVERY_DEVICE_NAME = "recovery codes"
_TOTP_CODE = re.compile(r"\d{6}")


def totp_key_new() -> str:
    """A fresh secret for an authenticator app: 20 random bytes, hex, as django-otp stores it."""
    return random_hex(20)


def code_normalised(code: str) -> str:
    """A code as typed, without spaces or dashes, in lower case ("ABCD-2345" → "abcd2345")."""
    return re.sub(r"[\s-]+", "", code).lower()


def _wrong_code() -> ValidationError:
    return ValidationError(_("This code is not right, or it has expired."), code="wrong")


def _recovery_codes_replace(person: User) -> list[str]:
    """New recovery codes for ``person``, in place of any previous ones."""
    StaticDevice.objects.filter(user=person).delete()
    device = StaticDevice.objects.create(user=person, name=RECOVERY_DEVICE_NAME)
    codes: set[str] = set()
    while len(codes) < RECOVERY_CODE_COUNT:
        codes.add(StaticToken.random_token())
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return sorted(codes)


def _only_the_person(actor: Actor, person: User) -> None:
    if person_of(actor) != person:
        raise PermissionDenied(_("Only the account's owner can do this."))


@transaction.atomic
def twofactor_enrol(*, actor: Actor, person: User, key: str, code: str) -> list[str]:
    """Turn two-step sign-in on for ``person`` with the app that holds ``key``, once the app
    proved it by showing ``code``; returns the ten recovery codes, to show once.

    The device is saved only when the code is right (a wrong code rolls it back), so an
    abandoned enrolment leaves nothing behind. Only the person can do it: the app is theirs.
    """
    _only_the_person(actor, person)
    if totp_device_of(person) is not None:
        raise ValidationError(_("Two-step sign-in is already on for this account."))
    device = TOTPDevice(user=person, key=key, name=TOTP_DEVICE_NAME, confirmed=False)
    device.full_clean(exclude=["user"])
    device.save()
    TOTPDevice.objects.filter(user=person, confirmed=False).exclude(pk=device.pk).delete()
    if not device.verify_token(code_normalised(code)):
        raise _wrong_code()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _recovery_codes_replace(person)
    audit(instance=person, action=ENROL_ACTION, actor=actor)
    return codes


@transaction.atomic
def recovery_codes_renew(*, actor: Actor, person: User) -> list[str]:
    """Ten new recovery codes for ``person``; the old ones stop working."""
    _only_the_person(actor, person)
    if totp_device_of(person) is None:
        raise ValidationError(_("Two-step sign-in is not on for this account."))
    codes = _recovery_codes_replace(person)
    audit(instance=person, action=RENEW_ACTION, actor=actor)
    return codes


def twofactor_verify(*, person: User, code: str) -> Device:
    """The device of ``person`` that accepts ``code``: six digits from the app, or a recovery
    code (used up). Raises ValidationError for a wrong code, or while wrong codes have
    throttled the device (django-otp doubles the wait after each wrong code: 1, 2, 4… s).

    The device row is locked while the code is checked, so that one code cannot be accepted
    twice by requests racing each other; the failure count commits even when the code is
    refused, which is why the error is raised after the transaction.
    """
    code = code_normalised(code)
    kind: type[TOTPDevice] | type[StaticDevice] = (
        TOTPDevice if _TOTP_CODE.fullmatch(code) else StaticDevice
    )
    error: ValidationError | None = None
    with transaction.atomic():
        device = kind.objects.devices_for_user(person, confirmed=True).select_for_update().first()
        if device is None:
            error = _wrong_code()
        else:
            allowed, details = device.verify_is_allowed()
            if not allowed:
                locked_until = timezone.localtime((details or {})["locked_until"])
                error = ValidationError(
                    _("Too many wrong codes. Try again after %(time)s."),
                    code="throttled",
                    params={"time": time_format(locked_until, "H:i:s")},
                )
            elif not device.verify_token(code):
                error = _wrong_code()
            elif isinstance(device, StaticDevice):
                audit(
                    instance=person,
                    action=RECOVERY_USED_ACTION,
                    actor=person,
                    data={"recovery_codes_left": device.token_set.count()},
                )
    if error is not None:
        raise error
    assert device is not None
    return device


@transaction.atomic
def twofactor_remove(*, actor: Actor, person: User) -> None:
    """Turn two-step sign-in off for ``person``: their app and recovery codes stop working.

    The person may, unless it is required of them; a system administrator (or the system, for
    ``tuyengiao twofactor_reset``) may for anyone, e.g. after a lost phone, and the person then
    sets up a new app at their next sign-in if it is required.
    """
    if not actor.is_superuser:
        _only_the_person(actor, person)
        if twofactor_required_for(person):
            raise PermissionDenied(
                _("Two-step sign-in is required for your roles and cannot be turned off.")
            )
    deleted, _counts = TOTPDevice.objects.filter(user=person).delete()
    deleted_codes, _counts = StaticDevice.objects.filter(user=person).delete()
    if not deleted and not deleted_codes:
        raise ValidationError(_("Two-step sign-in is not on for this account."))
    audit(
        instance=person,
        action=REMOVE_ACTION,
        actor=actor,
        data={"by_owner": person_of(actor) == person},
    )
