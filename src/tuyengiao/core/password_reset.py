"""The admin's password-reset page, with a limit on how often it sends e-mail.

Wagtail's page (``/admin/password_reset/``) sends a reset link to any address typed in, as
often as asked: enough to flood a leader's mailbox or to make the mail server look like a
spammer. :class:`PasswordResetView` is Wagtail's view with one check in front of sending:
at most ``PASSWORD_RESET_PER_HOUR`` requests per client address and per e-mail address
entered. The refusal is the same whether or not an account has that address, so the page
still tells nobody which addresses are registered.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _
from wagtail.admin.views.account import PasswordResetView as WagtailPasswordResetView

from tuyengiao.core import ratelimit
from tuyengiao.core.clientip import client_ip

_HOUR = 3600


def _email_key(email: str) -> str:
    # The cache key carries a digest, not the address: nothing personal is stored in it.
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def reset_allowed(*, address: str, email: str) -> bool:
    """Count one request from ``address`` for ``email``; False past the hourly limits."""
    limit = int(settings.PASSWORD_RESET_PER_HOUR)
    by_address = ratelimit.allow(f"password-reset:address:{address}", limit, _HOUR)
    by_email = ratelimit.allow(f"password-reset:email:{_email_key(email)}", limit, _HOUR)
    return by_address and by_email


class PasswordResetView(WagtailPasswordResetView):
    """Wagtail's password-reset page, refusing with status 429 past the hourly limits."""

    def form_valid(self, form: Any) -> HttpResponse:
        if not reset_allowed(address=client_ip(self.request), email=form.cleaned_data["email"]):
            form.add_error(
                None,
                _("Too many password reset requests. Please try again in an hour."),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)
