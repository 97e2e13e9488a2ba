"""Error pages speak Vietnamese: Django's own are English and not translatable."""

import pytest
from django.core.exceptions import BadRequest
from django.test import RequestFactory
from django.views import defaults


@pytest.mark.django_db
def test_page_not_found(client):
    response = client.get("/khong-co-trang-nay/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Không tìm thấy trang</h1>" in html
    assert "Not Found" not in html


@pytest.mark.parametrize(
    ("view", "heading"),
    [
        (lambda request: defaults.bad_request(request, BadRequest()), "Yêu cầu không hợp lệ"),
        (
            lambda request: defaults.permission_denied(request, PermissionError()),
            "Không có quyền truy cập",
        ),
        (defaults.server_error, "Lỗi máy chủ"),
    ],
    ids=["400", "403", "500"],
)
def test_other_errors(view, heading):
    response = view(RequestFactory().get("/"))

    assert f"<h1>{heading}</h1>" in response.content.decode()
