"""Forms of the organisation screens. They only read input; the services decide."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tuyengiao.core.collation import people_by_name
from tuyengiao.orgs.access import AnyUser, units_in_scope
from tuyengiao.orgs.models import Role, Unit, UnitKind
from tuyengiao.orgs.services import NewUnit

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UnitChoiceField(forms.ModelChoiceField):
    """Units labelled by their current name and code."""

    def label_from_instance(self, unit: Unit) -> str:
        return str(unit)


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, unit: Unit) -> str:
        return str(unit)


def _units(user: AnyUser, capability: str) -> forms.QuerySet:
    today = timezone.localdate()
    return units_in_scope(user, today, capability).by_name(today)


class ChangeFields(forms.Form):
    effective_date = forms.DateField(label=_("Effective date"), widget=DATE_WIDGET)
    legal_basis = forms.CharField(
        label=_("Legal basis"),
        required=False,
        max_length=500,
        help_text=_("E.g. Nghị quyết 1656/NQ-UBTVQH15 ngày 16/6/2025"),
    )
    publish = forms.BooleanField(
        label=_("Put into force now"),
        required=False,
        initial=True,
        help_text=_("Otherwise the change waits in a draft version until it is published."),
    )


class TreeFilterForm(forms.Form):
    on = forms.DateField(label=_("As of"), required=False, widget=DATE_WIDGET)
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def as_of(self) -> date:
        return (self.is_valid() and self.cleaned_data.get("on")) or timezone.localdate()


class RenameForm(forms.Form):
    name = forms.CharField(label=_("New name"), max_length=255)
    abbreviation = forms.CharField(label=_("Abbreviation"), max_length=64, required=False)
    kind = forms.ModelChoiceField(label=_("Kind"), queryset=UnitKind.objects.all())
    effective_date = forms.DateField(label=_("Effective date"), widget=DATE_WIDGET)
    legal_basis = forms.CharField(label=_("Legal basis"), required=False, max_length=500)


class NewUnitFields(forms.Form):
    """The fields describing a unit a merge or split creates."""

    new_code = forms.CharField(label=_("Code of the new unit"), required=False, max_length=64)
    new_name = forms.CharField(label=_("Name of the new unit"), required=False, max_length=255)
    new_kind = forms.ModelChoiceField(
        label=_("Kind of the new unit"), queryset=UnitKind.objects.all(), required=False
    )

    def new_unit(self, parent: Unit | None) -> NewUnit | None:
        data = self.cleaned_data
        if not data.get("new_code"):
            return None
        return NewUnit(data["new_code"], data["new_name"], data["new_kind"], parent)

    def check_new_unit(self) -> None:
        data = self.cleaned_data
        given = [bool(data.get(name)) for name in ("new_code", "new_name", "new_kind")]
        if any(given) and not all(given):
            raise forms.ValidationError(_("A new unit needs a code, a name and a kind."))


class MergeForm(ChangeFields, NewUnitFields):
    units = UnitMultipleChoiceField(label=_("Units to merge"), queryset=Unit.objects.none())
    into = UnitChoiceField(
        label=_("Into an existing unit"), queryset=Unit.objects.none(), required=False
    )
    new_parent = UnitChoiceField(
        label=_("Parent of the new unit"), queryset=Unit.objects.none(), required=False
    )
    field_order = ["units", "into", "new_code", "new_name", "new_kind", "new_parent"]

    def __init__(self, *args, user: AnyUser, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        for name in ("units", "into", "new_parent"):
            self.fields[name].queryset = _units(user, "can_manage_units")

    def clean(self) -> dict:
        data = super().clean()
        self.check_new_unit()
        if bool(data.get("into")) == bool(data.get("new_code")):
            raise forms.ValidationError(
                _("Choose an existing unit to merge into, or describe a new one (not both).")
            )
        return data

    def target(self) -> Unit | NewUnit:
        return self.cleaned_data["into"] or self.new_unit(self.cleaned_data["new_parent"])


class SplitPartForm(NewUnitFields):
    unit = UnitChoiceField(label=_("Existing unit"), queryset=Unit.objects.none(), required=False)
    share = forms.DecimalField(
        label=_("Share"), min_value=Decimal("0.0001"), max_value=1, decimal_places=4
    )

    def __init__(self, *args, user: AnyUser, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units(user, "can_manage_units")

    def clean(self) -> dict:
        data = super().clean()
        self.check_new_unit()
        if bool(data.get("unit")) == bool(data.get("new_code")):
            raise forms.ValidationError(_("Each part is an existing unit or a new one."))
        return data


class BaseSplitPartFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        filled = [form for form in self.forms if form.cleaned_data]
        if len(filled) < 2:
            raise forms.ValidationError(_("A split needs at least two parts."))


SplitPartFormSet = forms.formset_factory(
    SplitPartForm, formset=BaseSplitPartFormSet, extra=3, max_num=10
)


class SplitForm(ChangeFields):
    pass


class MoveForm(ChangeFields):
    new_parent = UnitChoiceField(label=_("New parent"), queryset=Unit.objects.none())

    def __init__(self, *args, user: AnyUser, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = _units(user, "can_manage_units")


class DissolveForm(ChangeFields):
    successor = UnitChoiceField(
        label=_("Successor (receives its subordinate units)"),
        queryset=Unit.objects.none(),
        required=False,
    )

    def __init__(self, *args, user: AnyUser, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = _units(user, "can_manage_units")


class GrantForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Person"),
        queryset=people_by_name(get_user_model().objects.filter(is_active=True)),
    )
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    role = forms.ModelChoiceField(label=_("Role"), queryset=Role.objects.all())
    valid_from = forms.DateField(label=_("From"), widget=DATE_WIDGET)
    valid_to = forms.DateField(label=_("Until"), widget=DATE_WIDGET, required=False)

    def __init__(self, *args, user: AnyUser, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units(user, "can_grant")
        self.fields["user"].label_from_instance = lambda person: (
            f"{person.get_full_name() or person.username} ({person.username})"
        )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (.xlsx or .csv)"),
        help_text=_(
            "Columns: Mã đơn vị, Tên đơn vị, Tên viết tắt, Loại, Mã đơn vị cấp trên, "
            "Từ ngày, Đến ngày."
        ),
    )
    effective_date = forms.DateField(label=_("Effective date"), widget=DATE_WIDGET)
    name = forms.CharField(label=_("Version name"), max_length=255)
    legal_basis = forms.CharField(label=_("Legal basis"), required=False, max_length=500)
