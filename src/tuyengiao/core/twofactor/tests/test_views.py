"""Two-step sign-in screens through the Django test client, with codes computed as an app
would."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tuyengiao.core.twofactor.tests.helpers import code_for, enrolled
from tuyengiao.core.twofactor.views import PENDING_KEY_SESSION_KEY

ADMIN = "/admin/"
VERIFY = reverse("twofactor:verify")
ENROL = reverse("twofactor:enrol")
MANAGE = reverse("twofactor:manage")
CODES = reverse("twofactor:codes")


def page_text(response) -> str:
    return response.content.decode()


def test_a_person_with_an_app_enters_a_code_before_any_admin_page(client, ward_officer_a):
    device, _codes = enrolled(ward_officer_a)
    client.force_login(ward_officer_a)

    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=/admin/pages/"

    form = client.get(response["Location"])
    assert form.status_code == 200
    assert "Nhập mã xác thực" in page_text(form)
    assert 'autocomplete="one-time-code"' in page_text(form)

    wrong = client.post(VERIFY, {"code": "000000", "next": "/admin/pages/"})
    assert wrong.status_code == 200
    assert "Mã không đúng hoặc đã hết hạn." in page_text(wrong)
    assert client.get(ADMIN).status_code == 302

    device.refresh_from_db()
    device.throttle_reset()  # the wrong code made the device wait a second
    right = client.post(
        VERIFY, {"code": code_for(device.key, steps_ahead=1), "next": "/admin/pages/"}
    )
    assert right.status_code == 302
    assert right["Location"] == "/admin/pages/"
    assert client.get(ADMIN).status_code == 200


def test_the_code_form_sends_nowhere_outside_the_site(client, ward_officer_a):
    device, _codes = enrolled(ward_officer_a)
    client.force_login(ward_officer_a)
    response = client.post(
        VERIFY, {"code": code_for(device.key, steps_ahead=1), "next": "https://evil.example/"}
    )
    assert response["Location"] == ADMIN


def test_a_recovery_code_opens_the_workspace_and_says_how_many_are_left(client, ward_officer_a):
    _device, codes = enrolled(ward_officer_a)
    client.force_login(ward_officer_a)
    response = client.post(VERIFY, {"code": codes[3].upper()}, follow=True)
    assert response.redirect_chain[-1][0] == ADMIN
    assert "Bạn đã đăng nhập bằng mã dự phòng; còn lại 9 mã." in page_text(response)


def test_a_required_person_without_an_app_is_sent_to_set_one_up(client, city_leader, settings):
    settings.TWO_FACTOR_REQUIRED = True
    client.force_login(city_leader)

    response = client.get(ADMIN)
    assert response.status_code == 302
    assert response["Location"] == f"{ENROL}?next=/admin/"

    setup = client.get(response["Location"])
    html = page_text(setup)
    assert "Vai trò của bạn bắt buộc xác thực hai bước" in html
    assert re.search(r'<svg[^>]*class="twofactor-qr"', html)
    key = client.session[PENDING_KEY_SESSION_KEY]
    secret = re.search(r'data-testid="secret">([A-Z2-7 ]+)<', html).group(1)
    assert len(secret.replace(" ", "")) == 32
    assert not TOTPDevice.objects.filter(user=city_leader).exists()  # opening changed nothing

    assert client.get(ENROL).status_code == 200
    assert client.session[PENDING_KEY_SESSION_KEY] == key  # same secret on a reload

    confirmed = client.post(ENROL, {"code": code_for(key), "next": "/admin/"})
    assert confirmed.status_code == 302
    assert confirmed["Location"] == f"{CODES}?next=%2Fadmin%2F"
    shown = page_text(client.get(confirmed["Location"]))
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", shown)
    assert len(codes) == 10
    assert "các mã chỉ hiển thị lần này" in shown
    # Shown once only.
    assert client.get(CODES)["Location"] == MANAGE
    # Enrolment signed the session in with the app: the workspace opens.
    assert client.get(ADMIN).status_code == 200


def test_a_wrong_code_at_setup_keeps_the_same_secret(client, city_leader, settings):
    settings.TWO_FACTOR_REQUIRED = True
    client.force_login(city_leader)
    client.get(ENROL)
    key = client.session[PENDING_KEY_SESSION_KEY]
    response = client.post(ENROL, {"code": "12345"})
    assert "Nhập 6 chữ số ứng dụng đang hiển thị." in page_text(response)
    response = client.post(ENROL, {"code": f"{(int(code_for(key)) + 1) % 1_000_000:06d}"})
    assert "Mã không đúng hoặc đã hết hạn." in page_text(response)
    assert client.session[PENDING_KEY_SESSION_KEY] == key
    assert client.get(ADMIN)["Location"].startswith(ENROL)


def test_optional_enrolment_from_the_account_and_turning_it_off(client, ward_officer_a):
    client.force_login(ward_officer_a)
    account = page_text(client.get(reverse("wagtailadmin_account")))
    assert MANAGE in account

    page = page_text(client.get(MANAGE))
    assert "Xác thực hai bước đang tắt" in page
    client.get(ENROL)
    key = client.session[PENDING_KEY_SESSION_KEY]
    client.post(ENROL, {"code": code_for(key), "next": MANAGE})
    page = page_text(client.get(MANAGE))
    assert "Đã bật xác thực hai bước." in page
    assert "Còn 10 mã dự phòng chưa dùng." in page

    renewed = client.post(reverse("twofactor:renew"))
    assert renewed["Location"].startswith(CODES)
    assert len(re.findall(r"<li><code>", page_text(client.get(renewed["Location"])))) == 10

    off = client.post(reverse("twofactor:remove"), follow=True)
    assert "Đã tắt xác thực hai bước." in page_text(off)
    assert not TOTPDevice.objects.filter(user=ward_officer_a).exists()


def test_a_required_person_cannot_turn_it_off(client, city_leader, settings):
    settings.TWO_FACTOR_REQUIRED = True
    device, _codes = enrolled(city_leader)
    client.force_login(city_leader)
    client.post(VERIFY, {"code": code_for(device.key, steps_ahead=1)})
    page = page_text(client.get(MANAGE))
    assert reverse("twofactor:remove") not in page
    response = client.post(reverse("twofactor:remove"), follow=True)
    assert "Vai trò của bạn bắt buộc xác thực hai bước, không thể tắt." in page_text(response)
    assert TOTPDevice.objects.filter(user=city_leader).exists()


def test_the_password_alone_reaches_neither_account_actions_nor_the_code_list(
    client, ward_officer_a
):
    """A person who owes a code cannot renew codes or turn the app off with the password."""
    enrolled(ward_officer_a)
    client.force_login(ward_officer_a)
    for name in ("twofactor:manage", "twofactor:renew", "twofactor:remove", "twofactor:codes"):
        response = client.post(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"].startswith(VERIFY), name
    assert TOTPDevice.objects.filter(user=ward_officer_a).exists()


@pytest.mark.parametrize("name", ["twofactor:verify", "twofactor:enrol", "twofactor:manage"])
def test_the_screens_need_a_signed_in_staff_member(client, outsider, name):
    assert reverse("wagtailadmin_login") in client.get(reverse(name))["Location"]
    client.force_login(outsider)
    assert reverse("wagtailadmin_login") in client.get(reverse(name))["Location"]
