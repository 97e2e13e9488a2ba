"""Security headers every response carries: Content-Security-Policy and Permissions-Policy.

The Content-Security-Policy comes from django-csp 4. Its middleware sends one policy,
``settings.CONTENT_SECURITY_POLICY``; the public site (portal, contests, API) keeps that strict
one: scripts and styles from the platform's own static files only, nothing inline. Wagtail's
admin cannot run under it (inline scripts in its form widgets and panels, style attributes set
by its editor), so pages under the admin's prefixes get
``settings.CONTENT_SECURITY_POLICY_ADMIN`` instead, whose every relaxation is explained in the
settings; the editor's preview of a public page keeps the public policy. django-csp's
documented way to vary the policy is to extend ``get_policy_parts``, which this middleware
does; a view's own ``@csp_override`` still wins.

Permissions-Policy turns off browser features the platform never uses (camera, microphone,
location…), so that a script that slipped through could not ask for them either. No
maintained library in the project's dependencies sends it, hence the few lines below.
"""

from __future__ import annotations

from collections.abc import Callable

from csp.constants import SELF
from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase


def admin_path(path: str) -> bool:
    """Whether ``path`` belongs to the staff admin (settings.CSP_ADMIN_PATH_PREFIXES)."""
    return path.startswith(tuple(settings.CSP_ADMIN_PATH_PREFIXES))


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, sending the admin's policy on admin pages."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if report_only or parts.config is not None:
            return parts
        if getattr(request, "is_dummy", False):
            # Wagtail's preview renders a public page through the middleware with a made-up
            # request for the page's own URL, and shows it in a frame of the editor: the public
            # policy, framed by the admin.
            parts.replace = {**(parts.replace or {}), "frame-ancestors": [SELF]}
        elif admin_path(request.path_info):
            parts.config = default_config(settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"])
        return parts


def permissions_policy_value(features: dict[str, list[str]]) -> str:
    """``{"camera": [], "fullscreen": ["self"]}`` as ``camera=(), fullscreen=(self)``."""
    return ", ".join(f"{name}=({' '.join(allowed)})" for name, allowed in features.items())


class PermissionsPolicyMiddleware:
    """Adds the Permissions-Policy header of ``settings.PERMISSIONS_POLICY`` to every
    response that does not set its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.value = permissions_policy_value(settings.PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if self.value:
            response.headers.setdefault("Permissions-Policy", self.value)
        return response
