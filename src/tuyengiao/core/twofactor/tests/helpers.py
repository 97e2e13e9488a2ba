"""What the tests of two-step sign-in share: codes as a person's app would show them."""

from __future__ import annotations

from binascii import unhexlify

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tuyengiao.core.models import User
from tuyengiao.core.twofactor.services import totp_key_new, twofactor_enrol


def code_for(key: str, steps_ahead: int = 0) -> str:
    """The six digits an app holding ``key`` shows now (or ``steps_ahead`` × 30 s later: the
    server accepts the next step's code, and never one it accepted before)."""
    return f"{totp(unhexlify(key), drift=steps_ahead):06d}"


def enrolled(person: User) -> tuple[TOTPDevice, list[str]]:
    """``person`` with an authenticator app set up through the real service; their device and
    recovery codes."""
    key = totp_key_new()
    codes = twofactor_enrol(actor=person, person=person, key=key, code=code_for(key))
    device = TOTPDevice.objects.get(user=person, confirmed=True)
    return device, codes
