"""Sign-in hardening: lock-out after repeated failures, password rules, session expiry."""

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from tuyengiao.core.tests.personas import PERSONA_PASSWORD


def _sign_in(client, password):
    return client.post(
        reverse("wagtailadmin_login"), {"username": "chuyenvien", "password": password}
    )


@pytest.mark.django_db
def test_repeated_wrong_passwords_lock_the_account_even_for_the_right_one(client, specialist):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "sai-mat-khau")
    response = _sign_in(client, PERSONA_PASSWORD)
    html = response.content.decode()
    assert response.status_code == 429
    assert "Vui lòng thử lại sau 1 phút" in html  # the first wait (tests/security for more)
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_success_before_the_limit_clears_the_count(client, specialist):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in(client, "sai-mat-khau")
    assert _sign_in(client, PERSONA_PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in(client, "sai-mat-khau")
    assert _sign_in(client, PERSONA_PASSWORD).status_code == 302


@pytest.mark.parametrize("password", ["ngan2026", "1234567890123", "password123"])
def test_weak_passwords_are_refused_in_vietnamese(password):
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        validate_password(password)
    assert any("mật khẩu" in message.lower() for message in error.value.messages)


def test_long_unusual_password_is_accepted():
    validate_password("Ngày 05 tháng 02 năm 2026 đi học tập nghị quyết")


def test_sessions_expire_when_idle_and_when_the_browser_closes():
    assert settings.SESSION_COOKIE_AGE == 120 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
