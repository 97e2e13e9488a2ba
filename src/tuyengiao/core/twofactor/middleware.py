"""Holds a person who signed in with a password only until they pass their second factor.

Runs after django-otp's ``OTPMiddleware``, which tells whether this session's sign-in was
confirmed by a code (``request.user.is_verified()``). For a person who owes a code or an
enrolment (:func:`.selectors.second_factor_due`):

- an admin page answers with a redirect to the code form, or to enrolment, coming back to the
  page afterwards; only the sign-in, sign-out and password-reset pages and those two forms
  stay open;
- every other URL (the API with the session cookie, documents, the portal) sees an anonymous
  visitor, so that the password alone opens nothing.

Cost: a person who owes nothing is looked at once (one or two queries), then the answer is
kept in the session for ``RECHECK_SECONDS``; so a role that makes two-step sign-in compulsory,
granted during someone's session, applies within that delay, and at their next sign-in.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse

from tuyengiao.core.models import User
from tuyengiao.core.twofactor.selectors import SecondFactor, second_factor_due

RECHECK_SECONDS = 300
CLEARED_SESSION_KEY = "twofactor_cleared"

# Admin pages a person without their second factor may open: how to get in, or out.
OPEN_URL_NAMES = frozenset(
    {
        "wagtailadmin_login",
        "wagtailadmin_logout",
        "wagtailadmin_javascript_catalog",
        "wagtailadmin_icons",
        "wagtailadmin_sprite",
        "wagtailadmin_password_reset",
        "wagtailadmin_password_reset_done",
        "wagtailadmin_password_reset_confirm",
        "wagtailadmin_password_reset_complete",
        "twofactor:verify",
        "twofactor:enrol",
    }
)


def _owed(request: HttpRequest) -> SecondFactor:
    """What the signed-in, unverified person of ``request`` owes, remembered a while when
    nothing."""
    person = request.user
    assert isinstance(person, User)
    cleared = request.session.get(CLEARED_SESSION_KEY)
    if cleared and cleared[0] == person.pk and cleared[1] > time.time():
        return SecondFactor.NONE
    owed = second_factor_due(person)
    if owed is SecondFactor.NONE:
        request.session[CLEARED_SESSION_KEY] = [person.pk, time.time() + RECHECK_SECONDS]
    else:
        request.session.pop(CLEARED_SESSION_KEY, None)
    return owed


def session_verified(request: HttpRequest) -> bool:
    """Whether this session's sign-in was confirmed by a code (django-otp's OTPMiddleware
    gives the user ``is_verified``)."""
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified and is_verified())


async def _anonymous() -> AnonymousUser:
    return AnonymousUser()


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponseBase | None:
        if not request.user.is_authenticated or session_verified(request):
            return None
        owed = _owed(request)
        if owed is SecondFactor.NONE:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_URL_NAMES:
            return None
        if request.path_info.startswith(reverse("wagtailadmin_home")):
            target = "twofactor:verify" if owed is SecondFactor.VERIFY else "twofactor:enrol"
            return redirect_to_login(request.get_full_path(), reverse(target))
        request.user = AnonymousUser()
        request.auser = _anonymous
        return None
