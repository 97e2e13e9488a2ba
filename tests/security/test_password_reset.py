"""Password-reset requests are limited per address and per e-mail address entered, with a
Vietnamese message that is the same whether or not the account exists."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tuyengiao.core.actors import SYSTEM
from tuyengiao.core.services import user_create

pytestmark = pytest.mark.django_db

LEADER_EMAIL = "lanhdao@tuyengiao.example.vn"
REFUSED = "Có quá nhiều yêu cầu đặt lại mật khẩu. Vui lòng thử lại sau một giờ."


@pytest.fixture(autouse=True)
def leader(settings):  # type: ignore[no-untyped-def]
    settings.PASSWORD_RESET_PER_HOUR = 5
    cache.clear()
    yield user_create(
        username="lanhdao",
        password="mat-khau-lanh-dao-2026",
        full_name="Đỗ Văn Long",
        email=LEADER_EMAIL,
        groups=["Editors"],
        actor=SYSTEM,
    )
    cache.clear()


def ask(client: Client, email: str, address: str):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("wagtailadmin_password_reset"), {"email": email}, REMOTE_ADDR=address
    )


def test_the_sixth_request_in_an_hour_for_one_email_is_refused(client) -> None:
    """Five requests send five links; the sixth, from any address, sends nothing."""
    for n in range(5):
        assert ask(client, LEADER_EMAIL, f"192.0.2.{n}").status_code == 302
    assert len(mail.outbox) == 5
    response = ask(client, LEADER_EMAIL, "192.0.2.99")
    assert response.status_code == 429
    assert REFUSED in response.content.decode()
    assert len(mail.outbox) == 5


def test_one_address_cannot_ask_for_many_emails(client) -> None:
    for n in range(5):
        assert ask(client, f"nguoi{n}@example.vn", "198.51.100.7").status_code == 302
    response = ask(client, LEADER_EMAIL, "198.51.100.7")
    assert response.status_code == 429
    assert not mail.outbox
    # Someone else is not affected.
    assert ask(client, LEADER_EMAIL, "203.0.113.5").status_code == 302
    assert len(mail.outbox) == 1


def test_the_refusal_does_not_tell_whether_the_account_exists(client) -> None:
    """An unknown address gets the same answers as the leader's: the same page while under
    the limit, the same refusal past it."""
    answers = {}
    for email in (LEADER_EMAIL, "khong-ton-tai@example.vn"):
        for n in range(5):
            ask(client, email, f"192.0.2.{n + (10 if email == LEADER_EMAIL else 20)}")
        refused = ask(client, email, "192.0.2.200" if email == LEADER_EMAIL else "192.0.2.201")
        answers[email] = (refused.status_code, REFUSED in refused.content.decode())
    assert answers[LEADER_EMAIL] == answers["khong-ton-tai@example.vn"] == (429, True)


def test_the_limit_is_per_email_whatever_its_case(client) -> None:
    for n in range(5):
        ask(client, LEADER_EMAIL.upper() if n % 2 else LEADER_EMAIL, f"192.0.2.{n}")
    assert ask(client, f"  {LEADER_EMAIL.title()} ", "192.0.2.50").status_code == 429
