"""How API callers prove who they are: a personal bearer token, or the admin session.

Tokens are Wagtail's API tokens: people create and revoke their own under "Tài khoản" in the
admin (administrators for anyone, or with ``tuyengiao api_tokens create --user … --name …``);
only a digest is stored.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import django_auth
from wagtail.api.v3.auth import BearerTokenAuth

from tuyengiao.core.models import User

# A bearer token is tried first: when one is presented and is wrong, the request is treated
# as anonymous even if a session cookie came with it.
session_or_token = [BearerTokenAuth(), django_auth]


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
