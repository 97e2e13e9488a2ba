"""Sign-in throttle: wrong passwords slow down the (username, address) that made them, with
delays that grow and end, and never lock the account for the person signing in elsewhere."""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.test import Client
from django.urls import reverse

from tuyengiao.core.lockout import delay_after
from tuyengiao.core.tests.personas import PERSONA_PASSWORD

ATTACKER = "198.51.100.7"
OFFICE = "203.0.113.5"
WRONG = "sai-mat-khau"

pytestmark = pytest.mark.django_db


def sign_in(client: Client, password: str, address: str, username: str = "chuyenvien"):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("wagtailadmin_login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def wait_shown(response) -> int:  # type: ignore[no-untyped-def]
    """The minutes the Vietnamese lock-out page asks to wait."""
    assert response.status_code == 429
    html = response.content.decode()
    assert "Tạm khóa đăng nhập" in html
    return int(re.search(r"thử lại sau (\d+) phút", html).group(1))


@pytest.fixture
def frozen(time_machine):  # type: ignore[no-untyped-def]
    """The clock stopped at the suite's moment, moved only by the test."""
    time_machine.move_to(datetime.fromisoformat(settings.CLOCK), tick=False)
    return time_machine


def test_delays_start_at_the_limit_double_and_stop_at_the_ceiling() -> None:
    limit = settings.AXES_FAILURE_LIMIT
    minutes = [delay_after(n) / timedelta(minutes=1) for n in range(limit - 1, limit + 7)]
    assert minutes == [0, 1, 2, 4, 8, 15, 15, 15]
    assert delay_after(10_000) == timedelta(minutes=15)


def test_the_wait_grows_with_each_failure_after_the_limit(client, specialist, frozen) -> None:
    """Four wrong passwords cost nothing; the fifth starts 1 minute, then 2, 4, 8 and at most
    15 minutes; during each wait even the right password is refused, after it it works."""
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, WRONG, ATTACKER).status_code == 200
    waits = []
    for _ in range(6):
        waits.append(wait_shown(sign_in(client, WRONG, ATTACKER)))
        frozen.shift(timedelta(minutes=waits[-1]) - timedelta(seconds=1))
        assert sign_in(client, PERSONA_PASSWORD, ATTACKER).status_code == 429
        frozen.shift(timedelta(seconds=1))
    assert waits == [1, 2, 4, 8, 15, 15]
    assert sign_in(client, PERSONA_PASSWORD, ATTACKER).status_code == 302
    assert signed_in(client)


def test_an_attacker_at_another_address_cannot_lock_the_user_out(
    client, specialist, frozen
) -> None:
    """Twenty wrong passwords from the attacker's address; the person at the office signs in
    at once with theirs."""
    attacker = Client()
    for _ in range(20):
        sign_in(attacker, WRONG, ATTACKER)
        frozen.shift(timedelta(seconds=20))
    assert sign_in(attacker, PERSONA_PASSWORD, ATTACKER).status_code == 429
    response = sign_in(client, PERSONA_PASSWORD, OFFICE)
    assert response.status_code == 302
    assert signed_in(client)
    assert not signed_in(attacker)


def test_tries_during_a_wait_neither_count_nor_extend_it(client, specialist, frozen) -> None:
    """At the 15-minute ceiling, a try every 14 minutes (the pattern that used to keep a
    leader locked out for good) is refused but not counted: 15 minutes after the last
    counted failure the right password works."""
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, WRONG, ATTACKER)
    while (wait := wait_shown(sign_in(client, WRONG, ATTACKER))) < 15:
        frozen.shift(timedelta(minutes=wait))
    counted = AccessAttempt.objects.aggregate(n=Sum("failures_since_start"))["n"]

    frozen.shift(timedelta(minutes=14))
    assert wait_shown(sign_in(client, WRONG, ATTACKER)) == 1
    frozen.shift(timedelta(seconds=30))
    assert wait_shown(sign_in(client, WRONG, ATTACKER)) == 1
    assert AccessAttempt.objects.aggregate(n=Sum("failures_since_start"))["n"] == counted

    frozen.shift(timedelta(seconds=30))
    assert sign_in(client, PERSONA_PASSWORD, ATTACKER).status_code == 302
    assert signed_in(client)
    assert not AccessAttempt.objects.exists()  # a success clears the pair's failures


def test_login_failures_leave_no_phone_number_or_code_in_logs(client, specialist, caplog) -> None:
    """Axes logs at WARNING in production; what it logs (and stores with each failure) names
    no username, address, phone number or one-time code."""
    caplog.set_level(logging.DEBUG)
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        client.post(
            reverse("wagtailadmin_login"),
            {"username": "0912345678", "password": WRONG, "otp_token": "482913"},
            REMOTE_ADDR=ATTACKER,
        )
    assert not settings.AXES_VERBOSE
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert any(record.name.startswith("axes") for record in caplog.records)
    for secret in ("0912345678", "482913", ATTACKER, WRONG):
        assert secret not in logged
    stored = "".join(AccessAttempt.objects.values_list("post_data", flat=True))
    assert "482913" not in stored
    assert WRONG not in stored
