"""Forms of the document registry screens. They read input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tuyengiao.documents.models import Document, DocumentRelation, Topic
from tuyengiao.orgs.access import AnyUser, units_in_scope, units_in_scope_or_above
from tuyengiao.orgs.forms import DATE_WIDGET, UnitChoiceField
from tuyengiao.orgs.models import Unit


class DocumentForm(forms.Form):
    symbol = forms.CharField(
        label=_("Number and symbol"), max_length=100, help_text=_("E.g. 229-KH/QU, 147/KH-UBND")
    )
    issue_date = forms.DateField(label=_("Issue date"), widget=DATE_WIDGET)
    summary = forms.CharField(
        label=pgettext_lazy("document", "Summary"), widget=forms.Textarea(attrs={"rows": 3})
    )
    owner = UnitChoiceField(label=_("Registered by unit"), queryset=Unit.objects.none())
    issuer = UnitChoiceField(
        label=_("Issuing unit"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Leave empty when the issuer is not a unit of the system."),
    )
    term = forms.CharField(label=_("Term"), max_length=16, required=False)
    signer = forms.CharField(label=_("Signer"), max_length=255, required=False)
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"), queryset=Topic.objects.all(), required=False
    )
    status = forms.ChoiceField(label=_("Status"), choices=Document.Status.choices)
    visibility = forms.ChoiceField(label=_("Visibility"), choices=Document.Visibility.choices)

    def __init__(self, *args, user: AnyUser, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["owner"].queryset = units_in_scope(user, today, "can_edit_data").by_name(today)
        self.fields["issuer"].queryset = units_in_scope_or_above(user, today).by_name(today)


class RegisterForm(DocumentForm):
    file = forms.FileField(
        label=_("File (PDF, DOCX or image)"),
        required=False,
        help_text=_("Read the header from the file to fill in the form, then check it."),
    )


class FileForm(forms.Form):
    file = forms.FileField(label=_("File (PDF, DOCX or image)"))


class RelationForm(forms.Form):
    target = forms.CharField(label=_("Related document (number and symbol)"), max_length=100)
    kind = forms.ChoiceField(label=_("Relation"), choices=DocumentRelation.Kind.choices)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    type_code = forms.ChoiceField(label=pgettext_lazy("document", "Type"), required=False)
    issuer_code = forms.ChoiceField(label=_("Issuer"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1930, max_value=2100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", "—"), *Document.Status.choices]
    )
