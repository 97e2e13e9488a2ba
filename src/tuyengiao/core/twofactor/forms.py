"""The code fields of the two-step sign-in screens."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tuyengiao.core.twofactor.services import code_normalised


class CodeForm(forms.Form):
    """A code at sign-in: six digits from the app, or a recovery code."""

    code = forms.CharField(
        label=_("Verification code"),
        help_text=_("The six digits your authenticator app shows, or one of your recovery codes."),
        max_length=32,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )

    def clean_code(self) -> str:
        return code_normalised(self.cleaned_data["code"])


class EnrolForm(forms.Form):
    """The code that proves the app was set up with the secret shown."""

    code = forms.RegexField(
        label=_("Code from the app"),
        help_text=_("The six digits the app shows for this account now."),
        regex=r"^\s*\d{3}\s?\d{3}\s*$",
        error_messages={"invalid": _("Enter the six digits the app shows.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": 7}
        ),
    )

    def clean_code(self) -> str:
        return code_normalised(self.cleaned_data["code"])
