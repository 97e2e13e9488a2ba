"""Forms of the contests app: the entrant's (registration, sign-in) and the staff's."""

from __future__ import annotations

import time
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from tuyengiao.contests.models import Contest, Question, Round
from tuyengiao.contests.services import CONTEST_FIELDS

_TIMING_SALT = "tuyengiao.contests.form-timing"


class BotCheckForm(forms.Form):
    """A light check against scripts, without third-party services: a field people never
    see must stay empty, and a form sent faster than a person could fill it is refused."""

    website = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
    )
    issued = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["issued"].initial = signing.dumps(time.time(), salt=_TIMING_SALT)
        self.fields["website"].label = ""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        minimum = getattr(settings, "CONTESTS_MIN_FORM_SECONDS", 2)
        try:
            issued = float(signing.loads(data.get("issued", ""), salt=_TIMING_SALT, max_age=3600))
        except (signing.BadSignature, TypeError, ValueError):
            issued = None
        if data.get("website") or issued is None or time.time() - issued < minimum:
            raise forms.ValidationError(_("Please fill the form in again, a little more slowly."))
        return data


class PhoneForm(BotCheckForm):
    phone = forms.CharField(
        label=_("Mobile phone number"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )


class VerifyForm(forms.Form):
    """The code sent to the phone; a new entrant also gives their details and consent."""

    code = forms.CharField(
        label=_("Confirmation code"),
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
    full_name = forms.CharField(label=_("Full name"), max_length=120)
    birth_year = forms.IntegerField(label=_("Year of birth"), min_value=1900, max_value=2100)
    unit = forms.TypedChoiceField(label=_("Commune or ward (today)"), coerce=int)
    workplace = forms.CharField(label=_("Workplace (optional)"), max_length=255, required=False)
    # Checked by the registration service, which says why consent is needed.
    consent = forms.BooleanField(label=_("I agree"), required=False)

    def __init__(self, *args: Any, units: list[tuple[int, str]], new: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "—"), *units]
        if not new:
            for name in ("full_name", "birth_year", "unit", "workplace", "consent"):
                del self.fields[name]


class ReportForm(forms.Form):
    question = forms.IntegerField(widget=forms.HiddenInput)
    message = forms.CharField(
        label=_("What is wrong"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


# --- Staff ---------------------------------------------------------------------------------------


class PrizesField(forms.CharField):
    """Prizes as lines ``Giải Nhất: 1``; stored as a list of {name, count}."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value: Any) -> str:
        if isinstance(value, list):
            return "\n".join(f"{tier['name']}: {tier['count']}" for tier in value)
        return value or ""

    def to_python(self, value: Any) -> list[dict[str, Any]]:
        tiers = []
        for number, line in enumerate(str(value or "").splitlines(), start=1):
            if not line.strip():
                continue
            name, _sep, count = line.rpartition(":")
            if not name.strip() or not count.strip().isdigit() or int(count) < 1:
                raise forms.ValidationError(
                    _("Line %(line)s: write a prize as “Giải Nhất: 1”."), params={"line": number}
                )
            tiers.append({"name": name.strip(), "count": int(count)})
        return tiers


class ContestForm(forms.ModelForm):
    prizes = PrizesField(label=_("Prizes per round"), required=False)

    class Meta:
        model = Contest
        fields = list(CONTEST_FIELDS)
        widgets = {"retention_until": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, organisers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = organisers


class RoundForm(forms.ModelForm):
    class Meta:
        model = Round
        fields = ["number", "title", "opens_at", "closes_at", "questions"]
        widgets = {
            "opens_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "closes_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "questions": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, contest: Contest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["questions"].queryset = Question.objects.filter(contest=contest)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Question file (.xlsx)"), required=False)
