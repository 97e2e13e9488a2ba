"""Forms that adjust Wagtail's for the platform, and how a screen shows a service's refusal."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


def show_errors(request: HttpRequest, error: ValidationError | PermissionDenied) -> None:
    """Show why a service refused (each message of a ValidationError, field errors
    included, or the PermissionDenied's text) as error messages on the next page, for
    screens that redirect rather than render a form with its errors."""
    texts = error.messages if isinstance(error, ValidationError) else [str(error)]
    for text in texts:
        messages.error(request, text)


class LoginForm(WagtailLoginForm):
    """Wagtail's sign-in form, with a translatable label on the password field (Wagtail's
    has none, so Django shows the field name, in English)."""

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")
