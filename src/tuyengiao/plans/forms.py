"""Forms of the plans screens. They read input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tuyengiao.orgs.forms import DATE_WIDGET
from tuyengiao.orgs.models import UnitKind
from tuyengiao.plans.models import WorkStatus


class StatusForm(forms.Form):
    status = forms.ModelChoiceField(label=_("Status"), queryset=WorkStatus.objects.all())
    effective_on = forms.DateField(
        label=_("Effective on"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Empty: today."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CommentForm(forms.Form):
    note = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))


class AsOfForm(forms.Form):
    as_of = forms.DateField(label=_("As of"), required=False, widget=DATE_WIDGET)


class MatrixFilterForm(AsOfForm):
    kind = forms.ModelChoiceField(
        label=_("Level"),
        queryset=UnitKind.objects.all(),
        required=False,
        to_field_name="code",
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))
