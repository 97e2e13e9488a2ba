"""How API callers prove who they are: a personal bearer token, or the admin session.

Tokens are Wagtail's API tokens: people create and revoke their own under "Tài khoản" in the
admin (administrators for anyone, or with ``tuyengiao api_tokens create --user … --name …``);
only a digest is stored. A token also ends on its own: ``API_TOKEN_MAX_AGE_DAYS`` after it
was made (90 by default), when its owner's password changes, and when its owner holds no
valid membership any more (administrators excepted) — so a token copied into a script
does not outlive the reason it was given.

A request that carries a token is a token call and nothing else: it is never checked
against the session, so it needs no CSRF token (a script has none), and a wrong token is a
401 even if a session cookie came with it. A request with the session cookie keeps Django's
CSRF check on writes, as the admin's own forms do.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import AuthenticationError
from ninja.security import SessionAuth
from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.models import APIToken

from tuyengiao.core.models import User
from tuyengiao.orgs.access import memberships_of


def token_is_current(api_token: APIToken) -> bool:
    """Whether an unrevoked token still speaks for its owner: not older than
    ``API_TOKEN_MAX_AGE_DAYS``, made after the owner's last password change, and the owner
    still a member of some unit today (or an administrator). One query for the membership."""
    user = api_token.user
    max_age = timedelta(days=settings.API_TOKEN_MAX_AGE_DAYS)
    if api_token.created <= timezone.now() - max_age:
        return False
    changed = getattr(user, "password_changed_at", None)
    if changed is not None and changed > api_token.created:
        return False
    return bool(user.is_superuser or memberships_of(user).exists())


class ExpiringBearerTokenAuth(BearerTokenAuth):
    """Wagtail's bearer tokens, refused once :func:`token_is_current` says they ended."""

    def authenticate(self, request: HttpRequest, token: str) -> APIToken | None:
        api_token: APIToken | None = super().authenticate(request, token)
        if api_token is not None and not token_is_current(api_token):
            request.user = AnonymousUser()
            return None
        return api_token


class SessionWithoutToken(SessionAuth):
    """The admin session, with its CSRF check, for requests that carry no token and belong to
    a signed-in session; anything else is not a session call, and answers 401 rather than a
    CSRF refusal (a script without credentials, or with a stale cookie, learns to sign in)."""

    def __call__(self, request: HttpRequest) -> Any:
        if "Authorization" in request.headers:
            return None
        if not request.user.is_authenticated:  # no cookie, or one of no live session
            return None
        return super().__call__(request)


# The token is tried first: when one is presented and is wrong, the request is anonymous.
session_or_token: list[Callable[..., Any]] = [ExpiringBearerTokenAuth(), SessionWithoutToken()]


def caller(request: HttpRequest) -> User:
    """The person an authenticated call is made as (by session or bearer token).

    Endpoints that need a caller run only once :data:`session_or_token` has accepted the
    request, so ``request.user`` is then a signed-in person; an endpoint opened to anonymous
    callers that still asks for one gets a 401 rather than acting as nobody. Pass the result
    to services as their ``actor``.
    """
    user = request.user
    if isinstance(user, User) and user.is_authenticated:
        return user
    raise AuthenticationError()
