"""The staff admin at /admin/ speaks Vietnamese and carries the platform's name."""

import pytest
from django.urls import reverse

from tuyengiao.core.tests.personas import PERSONA_PASSWORD


@pytest.mark.django_db
def test_login_page_is_vietnamese(client):
    response = client.get(reverse("wagtailadmin_login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi"' in html
    assert "Đăng nhập Tuyên giáo số" in html
    for english in ("Sign in", "Forgotten password?", "Remember me", ">Password<"):
        assert english not in html


@pytest.mark.django_db
def test_wrong_password_is_explained_in_vietnamese(client, specialist):
    response = client.post(
        reverse("wagtailadmin_login"), {"username": "chuyenvien", "password": "sai"}
    )
    assert "hoặc mật khẩu. Vui lòng thử lại." in response.content.decode()


@pytest.mark.django_db
def test_specialist_signs_in_to_the_vietnamese_dashboard(client, specialist):
    response = client.post(
        reverse("wagtailadmin_login"),
        {"username": "chuyenvien", "password": PERSONA_PASSWORD},
        follow=True,
    )
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("wagtailadmin_home")
    assert "Chào mừng đến với Tuyên giáo số" in html
    assert "<title>Trang tổng quan - Tuyên giáo số</title>" in html


@pytest.mark.django_db
def test_account_without_admin_access_is_turned_away(client, outsider):
    client.force_login(outsider)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))
