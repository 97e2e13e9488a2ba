"""``tuyengiao demo_load`` builds the demo portal, organisation tree and accounts, and can run
again safely."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page, Site

from tuyengiao.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from tuyengiao.portal.models import HomePage


def _load() -> str:
    out = StringIO()
    call_command("demo_load", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_demo_load_is_idempotent_and_prints_logins(client):
    first = _load()
    second = _load()
    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert home.live
    assert not Page.objects.filter(title="Welcome to your new Wagtail site!").exists()
    users = get_user_model().objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS])
    assert users.count() == len(DEMO_ACCOUNTS)
    assert all(user.check_password(DEMO_PASSWORD) for user in users)
    for output in (first, second):
        assert DEMO_PASSWORD in output
        assert "Cây tổ chức mẫu Hà Nội" in output
        for account in DEMO_ACCOUNTS:
            assert account.username in output
            assert account.full_name in output
    lines = first.splitlines()
    assert any(
        "lanhdao.badinh" in line and "Lãnh đạo — Đảng ủy phường Ba Đình" in line for line in lines
    )
    assert any("canbo.phucxa" in line and "01/01/2020–30/06/2025" in line for line in lines)


@pytest.mark.django_db
def test_demo_password_is_restored_if_changed():
    _load()
    user = get_user_model().objects.get(username="chuyenvien")
    user.set_password("something-else-2026")
    user.save()
    _load()
    user.refresh_from_db()
    assert user.check_password(DEMO_PASSWORD)


@pytest.mark.django_db
def test_demo_home_page_is_served_at_root(client):
    _load()
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in html
    assert "<h1>Cổng thông tin Ban Tuyên giáo và Dân vận</h1>" in html
    assert "Chuyển đến nội dung chính" in html


@pytest.mark.django_db
def test_demo_load_refuses_where_demo_data_is_off(settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError):
        _load()
    assert not HomePage.objects.exists()
