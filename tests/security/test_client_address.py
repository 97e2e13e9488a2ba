"""The client's address comes from REMOTE_ADDR, or from the configured number of trusted
proxies in X-Forwarded-For; what a client writes into the header itself is never believed.
The sign-in throttle, the contests' code limits and the portal's visitor count all use it."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse

from tuyengiao.contests.models import PhoneCode
from tuyengiao.contests.tests.builders import RecordingSender, make_contest
from tuyengiao.core.clientip import client_ip
from tuyengiao.core.tests.personas import PERSONA_PASSWORD
from tuyengiao.portal.counters import visitor_key

PROXY = "10.0.0.2"
ALICE = "203.0.113.5"
MALLORY = "198.51.100.7"


def _request(remote: str = PROXY, forwarded: str | None = None):  # type: ignore[no-untyped-def]
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


def test_without_trusted_proxies_a_forged_header_is_ignored(settings) -> None:
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request(MALLORY, forwarded=ALICE)) == MALLORY
    assert client_ip(_request(MALLORY)) == MALLORY


def test_one_proxy_the_last_entry_is_the_client_and_entries_before_it_are_ignored(
    settings,
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request(forwarded=ALICE)) == ALICE
    assert client_ip(_request(forwarded=f"{MALLORY}, 8.8.8.8, {ALICE}")) == ALICE


def test_two_proxies_the_second_entry_from_the_right(settings) -> None:
    settings.TRUSTED_PROXY_COUNT = 2
    forwarded = f"{MALLORY}, {ALICE}, 192.0.2.10"
    assert client_ip(_request(forwarded=forwarded)) == ALICE


def test_a_header_that_did_not_pass_every_proxy_or_is_not_an_address_is_not_used(
    settings,
) -> None:
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(_request(forwarded=ALICE)) == PROXY
    assert client_ip(_request()) == PROXY
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request(forwarded="<script>, unknown")) == PROXY
    assert client_ip(_request(forwarded="2001:db8::1")) == "2001:db8::1"


def _sign_in(client: Client, password: str, forwarded: str):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("wagtailadmin_login"),
        {"username": "chuyenvien", "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


@pytest.mark.django_db
def test_behind_a_proxy_the_attacker_does_not_share_the_users_address(
    settings, client, specialist
) -> None:
    """Everyone reaches the platform through the proxy: the throttle still tells the
    attacker from the person at the office."""
    settings.TRUSTED_PROXY_COUNT = 1
    attacker = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT + 3):
        _sign_in(attacker, "sai-mat-khau", MALLORY)
    assert _sign_in(attacker, PERSONA_PASSWORD, MALLORY).status_code == 429
    assert _sign_in(client, PERSONA_PASSWORD, ALICE).status_code == 302


@pytest.mark.django_db
def test_a_forged_header_does_not_escape_the_throttle(settings, client, specialist) -> None:
    """With no trusted proxy, an attacker who writes a new X-Forwarded-For on every try is
    still one address."""
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("wagtailadmin_login"),
            {"username": "chuyenvien", "password": "sai-mat-khau"},
            REMOTE_ADDR=MALLORY,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
    response = client.post(
        reverse("wagtailadmin_login"),
        {"username": "chuyenvien", "password": PERSONA_PASSWORD},
        REMOTE_ADDR=MALLORY,
        HTTP_X_FORWARDED_FOR="192.0.2.200",
    )
    assert response.status_code == 429


@pytest.fixture
def code_contest(city, settings):  # type: ignore[no-untyped-def]
    settings.CONTESTS_CODE_SENDER = "tuyengiao.contests.tests.builders.RecordingSender"
    settings.CONTESTS_MIN_FORM_SECONDS = 0
    settings.CONTESTS_CODES_PER_ADDRESS_HOUR = 2
    RecordingSender.sent.clear()
    cache.clear()
    yield make_contest(city.city)
    cache.clear()


def _ask_code(client: Client, contest, phone: str, forwarded: str) -> None:  # type: ignore[no-untyped-def]
    url = reverse("contests_public:register", args=[contest.slug])
    headers = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded}
    page = client.get(url, **headers).content.decode()
    issued = re.search(r'name="issued" value="([^"]+)"', page).group(1)
    client.post(url, {"phone": phone, "issued": issued, "website": ""}, **headers)


@pytest.mark.django_db
def test_contest_code_limits_count_per_client_behind_the_proxy(
    settings, client, code_contest
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    for phone in ("0911111111", "0922222222", "0933333333"):
        _ask_code(client, code_contest, phone, MALLORY)
    assert PhoneCode.objects.count() == 2  # the third from the same person is refused
    _ask_code(Client(), code_contest, "0944444444", ALICE)
    assert PhoneCode.objects.filter(phone="0944444444").exists()


@pytest.mark.django_db
def test_contest_code_limits_ignore_a_forged_header(settings, client, code_contest) -> None:
    settings.TRUSTED_PROXY_COUNT = 0
    for n, phone in enumerate(("0911111111", "0922222222", "0933333333")):
        _ask_code(client, code_contest, phone, f"192.0.2.{n}")
    assert PhoneCode.objects.count() == 2


def test_portal_visitors_behind_the_proxy_are_told_apart(settings) -> None:
    day = date(2026, 10, 14)
    alice, mallory = _request(forwarded=ALICE), _request(forwarded=MALLORY)
    settings.TRUSTED_PROXY_COUNT = 1
    assert visitor_key(alice, day) != visitor_key(mallory, day)
    settings.TRUSTED_PROXY_COUNT = 0
    assert visitor_key(alice, day) == visitor_key(mallory, day)
