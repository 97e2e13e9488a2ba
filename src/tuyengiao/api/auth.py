"""How API callers prove who they are: a personal bearer token, or the admin session.

Tokens are Wagtail's API tokens: people create and revoke their own under "Tài khoản" in the
admin (administrators for anyone, or with ``tuyengiao api_tokens create --user … --name …``);
only a digest is stored.
"""

from ninja.security import django_auth
from wagtail.api.v3.auth import BearerTokenAuth

# A bearer token is tried first: when one is presented and is wrong, the request is treated
# as anonymous even if a session cookie came with it.
session_or_token = [BearerTokenAuth(), django_auth]
