"""Reads for two-step sign-in: who owes a second factor, and the state of a person's devices."""

from __future__ import annotations

import enum
from base64 import b32encode
from dataclasses import dataclass
from datetime import datetime

import segno
from django.conf import settings
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tuyengiao.core.models import User
from tuyengiao.orgs.access import capabilities_held

# Roles whose misuse harms others beyond one's own data: approving reports, granting roles,
# changing units. Holding any of them anywhere makes two-step sign-in compulsory.
REQUIRING_CAPABILITIES = frozenset({"can_approve", "can_grant", "can_manage_units"})


class SecondFactor(enum.Enum):
    """What a signed-in person owes before the workspace opens."""

    NONE = "none"  # nothing: no app set up, and not required
    VERIFY = "verify"  # a code from their app (or a recovery code)
    ENROL = "enrol"  # required, but no app yet: set one up first


def twofactor_required_for(person: User) -> bool:
    """Whether ``person`` must use two-step sign-in: system administrators and holders of a
    requiring capability, while ``settings.TWO_FACTOR_REQUIRED`` is on. One query."""
    if not settings.TWO_FACTOR_REQUIRED:
        return False
    return person.is_superuser or bool(capabilities_held(person) & REQUIRING_CAPABILITIES)


def totp_device_of(person: User) -> TOTPDevice | None:
    """The person's confirmed authenticator app, if they set one up."""
    return TOTPDevice.objects.devices_for_user(person, confirmed=True).first()


def second_factor_due(person: User) -> SecondFactor:
    """What ``person``, signed in with a password only, owes (one to two queries)."""
    if totp_device_of(person) is not None:
        return SecondFactor.VERIFY
    if twofactor_required_for(person):
        return SecondFactor.ENROL
    return SecondFactor.NONE


@dataclass(frozen=True)
class TwoFactorStatus:
    """What the account page shows about a person's two-step sign-in."""

    enabled: bool
    required: bool
    enabled_at: datetime | None
    last_used_at: datetime | None
    recovery_codes_left: int


def twofactor_status(person: User) -> TwoFactorStatus:
    device = totp_device_of(person)
    return TwoFactorStatus(
        enabled=device is not None,
        required=twofactor_required_for(person),
        enabled_at=device.created_at if device else None,
        last_used_at=device.last_used_at if device else None,
        recovery_codes_left=StaticToken.objects.filter(
            device__in=StaticDevice.objects.devices_for_user(person, confirmed=True)
        ).count(),
    )


def totp_device_draft(person: User, key: str) -> TOTPDevice:
    """An unsaved authenticator device for ``key``: what the enrolment page shows."""
    return TOTPDevice(user=person, key=key, confirmed=False)


def totp_qr_svg(device: TOTPDevice) -> str:
    """The device's ``otpauth://`` address as an inline SVG QR code, dark on white so that it
    scans in the admin's dark theme too."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, dark="#000", light="#fff", omitsize=True, svgclass="twofactor-qr"
    )


def totp_secret_text(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
