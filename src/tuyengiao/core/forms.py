"""Forms that adjust Wagtail's for the platform."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    """Wagtail's sign-in form, with a translatable label on the password field (Wagtail's
    has none, so Django shows the field name, in English)."""

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")
