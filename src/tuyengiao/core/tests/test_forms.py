"""How a screen shows a service's refusal: every message, on the next page."""

from __future__ import annotations

from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory

from tuyengiao.core.forms import show_errors


def _request():  # type: ignore[no-untyped-def]
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def test_every_message_of_a_validation_error_is_shown_field_errors_included():
    request = _request()
    show_errors(request, ValidationError(["Thiếu tên.", "Sai ngày."]))
    show_errors(request, ValidationError({"reason": "Cần ghi lý do trả lại."}))
    assert [(m.level_tag, m.message) for m in get_messages(request)] == [
        ("error", "Thiếu tên."),
        ("error", "Sai ngày."),
        ("error", "Cần ghi lý do trả lại."),
    ]


def test_a_refusal_shows_its_text():
    request = _request()
    show_errors(request, PermissionDenied("Bạn không có quyền."))
    assert [m.message for m in get_messages(request)] == ["Bạn không có quyền."]
