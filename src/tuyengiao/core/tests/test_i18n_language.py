"""The interface language: Vietnamese by default, English for whoever chooses it."""

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from wagtail.users.models import UserProfile

LOGIN = "/admin/login/"


@pytest.mark.django_db
def test_vietnamese_whatever_the_browser_asks_for(client):
    response = client.get(LOGIN, headers={"accept-language": "en-US,en;q=0.9"})

    assert response["Content-Language"] == "vi"
    assert "Đăng nhập Tuyên giáo số" in response.content.decode()


@pytest.mark.django_db
def test_the_language_switch_changes_the_language_and_returns_to_the_page(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": LOGIN})

    assert response.status_code == 302
    assert response.url == LOGIN
    html = client.get(LOGIN).content.decode()
    assert "Sign in to Tuyên giáo số" in html
    assert '<html lang="en"' in html

    client.post(reverse("set_language"), {"language": "vi", "next": LOGIN})
    assert "Đăng nhập Tuyên giáo số" in client.get(LOGIN).content.decode()


@pytest.mark.django_db
def test_an_unknown_language_falls_back_to_vietnamese(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    assert client.get(LOGIN)["Content-Language"] == "vi"


@pytest.mark.django_db
def test_the_language_does_not_outlive_the_request(client):
    client.post(reverse("set_language"), {"language": "en", "next": LOGIN})
    client.get(LOGIN)

    assert translation.get_language() == settings.LANGUAGE_CODE


@pytest.mark.django_db
def test_the_admin_speaks_each_users_preferred_language(client, specialist, system_admin):
    profile = UserProfile.get_for_user(specialist)
    profile.preferred_language = "en"
    profile.save()

    client.force_login(specialist)
    assert "Welcome to Tuyên giáo số" in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(system_admin)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Chào mừng đến với Tuyên giáo số" in home


@pytest.mark.django_db
def test_the_account_page_offers_both_languages(client, specialist):
    client.force_login(specialist)
    html = client.get(reverse("wagtailadmin_account")).content.decode()

    assert 'value="vi"' in html
    assert 'value="en"' in html


def test_the_switch_offers_each_language_in_its_own_name():
    request = RequestFactory().get("/tin-tuc/?trang=2")
    with translation.override("vi"):
        html = render_to_string("core/language_switch.html", request=request)

    assert f'action="{reverse("set_language")}"' in html
    assert 'name="next" value="/tin-tuc/?trang=2"' in html
    assert 'value="en" lang="en">English</button>' in html
    # The current language is shown, not offered.
    assert 'value="vi" lang="vi" aria-current="true" disabled>Tiếng Việt</button>' in html
