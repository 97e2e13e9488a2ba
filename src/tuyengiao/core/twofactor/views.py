"""Screens of two-step sign-in, under /admin/two-factor/.

The code form and enrolment are the two screens a person who owes a second factor may open
(see :mod:`.middleware`); they look like the sign-in page, without the admin's menu. Recovery
codes are shown once, right after they are made, from the session, never stored for showing
again. The account page (status, new codes, turning it off) is an ordinary admin page.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from wagtail.admin.auth import require_admin_access

from tuyengiao.core.actors import actor_of
from tuyengiao.core.admin_views import AdminPage
from tuyengiao.core.models import User
from tuyengiao.core.twofactor.forms import CodeForm, EnrolForm
from tuyengiao.core.twofactor.middleware import session_verified
from tuyengiao.core.twofactor.selectors import (
    totp_device_draft,
    totp_device_of,
    totp_qr_svg,
    totp_secret_text,
    twofactor_required_for,
    twofactor_status,
)
from tuyengiao.core.twofactor.services import (
    recovery_codes_renew,
    totp_key_new,
    twofactor_enrol,
    twofactor_remove,
    twofactor_verify,
)

PENDING_KEY_SESSION_KEY = "twofactor_pending_key"
NEW_CODES_SESSION_KEY = "twofactor_new_codes"


def staff_screen(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Wagtail's admin-access check (signed-in staff, in their admin language), never cached;
    keeps the view's name and module for whoever lists the URLs."""
    return wraps(view)(never_cache(require_admin_access(view)))


def _person(request: HttpRequest) -> User:
    person = request.user
    assert isinstance(person, User)
    return person


def _next_url(request: HttpRequest) -> str:
    """Where to go once done: the page that sent the person here, if it is on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("wagtailadmin_home")


def _codes_url(next_url: str) -> str:
    return f"{reverse('twofactor:codes')}?{urlencode({'next': next_url})}"


def _signed_in_with(request: HttpRequest, device: Any) -> None:
    """Mark the session as confirmed by ``device``, under a new session key: the session
    just gained rights, so an identifier seen before must not carry them."""
    otp_login(request, device)
    request.session.cycle_key()


@staff_screen
def verify(request: HttpRequest) -> HttpResponse:
    """The code form, after the password."""
    person = _person(request)
    if session_verified(request) or totp_device_of(person) is None:
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = twofactor_verify(person=person, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            _signed_in_with(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(
                    request,
                    _(
                        "You signed in with a recovery code; %(left)s remain. "
                        "Make new ones from your account if you are running out."
                    )
                    % {"left": left},
                )
            return redirect(_next_url(request))
    return render(request, "twofactor/verify.html", {"form": form, "next": _next_url(request)})


@staff_screen
def enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: QR code, the secret for typing in, and a code to confirm.

    The secret waits in the session until a code confirms it, so opening the page changes
    nothing in the database.
    """
    person = _person(request)
    if totp_device_of(person) is not None:
        return redirect("twofactor:manage")
    key = request.session.get(PENDING_KEY_SESSION_KEY) or totp_key_new()
    request.session[PENDING_KEY_SESSION_KEY] = key
    device = totp_device_draft(person, key)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = twofactor_enrol(
                actor=actor_of(person), person=person, key=key, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            form.add_error("code", error)
        else:
            del request.session[PENDING_KEY_SESSION_KEY]
            _signed_in_with(request, totp_device_of(person))
            request.session[NEW_CODES_SESSION_KEY] = codes
            messages.success(request, _("Two-step sign-in is on."))
            return redirect(_codes_url(_next_url(request)))
    context = {
        "form": form,
        "next": _next_url(request),
        "required": twofactor_required_for(person),
        "qr_svg": totp_qr_svg(device),
        "secret": totp_secret_text(device),
    }
    return render(request, "twofactor/enrol.html", context)


@staff_screen
def codes(request: HttpRequest) -> HttpResponse:
    """The recovery codes just made, shown this once."""
    new_codes = request.session.pop(NEW_CODES_SESSION_KEY, None)
    if not new_codes:
        return redirect("twofactor:manage")
    return render(request, "twofactor/codes.html", {"codes": new_codes, "next": _next_url(request)})


class ManageView(AdminPage):
    """The account's two-step sign-in: whether it is on, recovery codes left, actions."""

    template_name = "twofactor/manage.html"
    page_title = gettext_lazy("Two-step sign-in")
    header_icon = "key"
    parent_url_name = "wagtailadmin_account"
    parent_label = gettext_lazy("Account")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(status=twofactor_status(_person(self.request)), **kwargs)


manage = staff_screen(ManageView.as_view())


@require_POST
@staff_screen
def renew(request: HttpRequest) -> HttpResponse:
    """Ten new recovery codes, replacing the old ones."""
    if not session_verified(request):
        return redirect("twofactor:verify")
    person = _person(request)
    try:
        new_codes = recovery_codes_renew(actor=actor_of(person), person=person)
    except (ValidationError, PermissionDenied) as error:
        _show(request, error)
        return redirect("twofactor:manage")
    request.session[NEW_CODES_SESSION_KEY] = new_codes
    return redirect(_codes_url(reverse("twofactor:manage")))


@require_POST
@staff_screen
def remove(request: HttpRequest) -> HttpResponse:
    """Turn two-step sign-in off (when it is not required)."""
    if not session_verified(request):
        return redirect("twofactor:verify")
    person = _person(request)
    try:
        twofactor_remove(actor=actor_of(person), person=person)
    except (ValidationError, PermissionDenied) as error:
        _show(request, error)
    else:
        messages.success(request, _("Two-step sign-in is off."))
    return redirect("twofactor:manage")


def _show(request: HttpRequest, error: ValidationError | PermissionDenied) -> None:
    texts = error.messages if isinstance(error, ValidationError) else [str(error)]
    for text in texts:
        messages.error(request, text)
