"""Forms of the plans screens. They read input; the services decide."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tuyengiao.documents.models import Document
from tuyengiao.documents.numbering import loose_symbol_query
from tuyengiao.documents.selectors import documents_visible_to
from tuyengiao.orgs.access import AnyUser, units_in_scope
from tuyengiao.orgs.forms import DATE_WIDGET, UnitChoiceField, UnitMultipleChoiceField
from tuyengiao.orgs.models import Unit, UnitKind
from tuyengiao.plans.models import (
    Assignment,
    ExpectedUnit,
    Milestone,
    Plan,
    WorkItem,
    WorkStatus,
)
from tuyengiao.plans.selectors import item_subtree_ids


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


# --- Writing plans, work items and tracking ----------------------------------------------------


class DocumentSymbolField(forms.CharField):
    """A registry document named by its number and symbol (“229-KH/QU”), among those the
    person may see; spaces, case and accents do not matter."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 100)
        kwargs.setdefault("help_text", _("Number and symbol as in the registry, e.g. 229-KH/QU."))
        super().__init__(*args, **kwargs)
        self.documents: QuerySet[Document] = Document.objects.none()

    def clean(self, value: Any) -> Document | None:
        text = super().clean(value)
        if not text:
            return None
        loose = loose_symbol_query(text)
        found = list(self.documents.filter(symbol_loose=loose)[:5]) if loose else []
        exact = [document for document in found if document.symbol == text.strip()]
        if len(exact) == 1 or len(found) == 1:
            return (exact or found)[0]
        if not found:
            raise forms.ValidationError(
                _("No document numbered “%(symbol)s” in the registry."), params={"symbol": text}
            )
        raise forms.ValidationError(
            _("Several documents are numbered “%(symbol)s”: write it exactly as registered."),
            params={"symbol": text},
        )


def units_in_reach(user: AnyUser, *keep: Unit | None) -> QuerySet[Unit]:
    """Units the person may enter data for today, by name, with ``keep`` (the current
    values of a record being edited) so that they can be shown."""
    today = timezone.localdate()
    reach = units_in_scope(user, today, "can_edit_data")
    kept = [unit.pk for unit in keep if unit is not None]
    return Unit.objects.filter(Q(pk__in=reach.values("pk")) | Q(pk__in=kept)).by_name(today)


class UserForm(forms.Form):
    """A form whose choices depend on the person filling it in."""

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            if isinstance(field, DocumentSymbolField):
                field.documents = documents_visible_to(user)


class PlanForm(UserForm):
    code = forms.CharField(label=_("Code"), max_length=64, help_text=_("E.g. CTCT-2022-BTGTU."))
    title = forms.CharField(label=_("Title"), max_length=500)
    kind = forms.ChoiceField(label=_("Kind"), choices=Plan.Kind.choices)
    owner = UnitChoiceField(
        label=_("Owner unit"), queryset=Unit.objects.none(), to_field_name="code"
    )
    document = DocumentSymbolField(label=_("Plan document"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1930, max_value=2100)
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE_WIDGET)

    def __init__(self, *args: Any, plan: Plan | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = units_in_reach(self.user, plan.owner if plan else None)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end cannot be before the start."))
        return data


class WorkItemForm(UserForm):
    parent = forms.ModelChoiceField(
        label=_("Parent item"),
        queryset=WorkItem.objects.none(),
        required=False,
        empty_label=_("(top level)"),
    )
    number = forms.CharField(
        label=_("Number"), max_length=20, required=False, help_text=_("Empty: the next one.")
    )
    title = forms.CharField(label=_("Title"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = UnitChoiceField(
        label=_("Owner unit"), queryset=Unit.objects.none(), to_field_name="code"
    )
    weight = forms.DecimalField(
        label=_("Weight"), min_value=Decimal(0), max_digits=6, decimal_places=2, initial=1
    )
    due_on = forms.DateField(label=_("Deadline"), required=False, widget=DATE_WIDGET)
    recurrence = forms.ChoiceField(
        label=_("Recurrence"), choices=WorkItem.Recurrence.choices, required=False
    )
    due_day = forms.IntegerField(
        label=_("Day of the month"), required=False, min_value=1, max_value=31
    )
    assignees = UnitMultipleChoiceField(
        label=_("Assignee units"),
        queryset=Unit.objects.none(),
        required=False,
        to_field_name="code",
        help_text=_(
            "Each gets its own share and status. A unit that has started its share cannot be "
            "removed: set its status to cancelled instead."
        ),
    )

    def __init__(self, *args: Any, plan: Plan, item: WorkItem | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        below: set[int] = set()
        current: list[Unit] = []
        if item is not None:
            below = item_subtree_ids(item)
            current = [a.unit for a in item.assignments.select_related("unit")]
        self.fields["parent"].queryset = WorkItem.objects.filter(plan=plan).exclude(pk__in=below)
        self.fields["parent"].label_from_instance = str
        self.fields["owner"].queryset = units_in_reach(self.user, item.owner if item else None)
        self.fields["assignees"].queryset = units_in_reach(self.user, *current)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("recurrence") and not data.get("due_day"):
            self.add_error("due_day", _("A recurring item needs the day of the month."))
        return data


class TrackingForm(UserForm):
    directive = DocumentSymbolField(label=_("Directive"))
    title = forms.CharField(label=_("Title"), max_length=500)
    owner = UnitChoiceField(
        label=_("Tracking unit"), queryset=Unit.objects.none(), to_field_name="code"
    )
    expected_as_of = forms.DateField(label=_("Expected units as of"), widget=DATE_WIDGET)
    root = UnitChoiceField(
        label=_("Units below"),
        queryset=Unit.objects.none(),
        to_field_name="code",
        help_text=_("Every unit of the chosen levels below this one on that day is expected."),
    )
    kinds = forms.ModelMultipleChoiceField(
        label=_("Levels"), queryset=UnitKind.objects.all(), to_field_name="code"
    )
    plan_due = forms.DateField(
        label=_("Implementation plan due"), required=False, widget=DATE_WIDGET
    )
    conference_due = forms.DateField(
        label=_("Study conference due"), required=False, widget=DATE_WIDGET
    )
    interim_review_due = forms.DateField(
        label=_("Interim review due"), required=False, widget=DATE_WIDGET
    )
    final_review_due = forms.DateField(
        label=_("Final review due"), required=False, widget=DATE_WIDGET
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = units_in_reach(self.user)
        self.fields["root"].queryset = units_in_reach(self.user)


class MilestoneForm(UserForm):
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none(), to_field_name="code")
    kind = forms.ChoiceField(label=_("Milestone"), choices=Milestone.Kind.choices)
    done_on = forms.DateField(label=_("Done on"), widget=DATE_WIDGET)
    document = DocumentSymbolField(
        label=_("Document"),
        required=False,
        help_text=_("The plan, report or conference document, by its number and symbol."),
    )
    attended = forms.IntegerField(label=_("Attended"), required=False, min_value=0)
    expected = forms.IntegerField(label=_("Expected to attend"), required=False, min_value=0)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, expected_units: QuerySet[ExpectedUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.expected_units = expected_units
        units = Unit.objects.filter(pk__in=expected_units.values("unit_id"))
        self.fields["unit"].queryset = units.by_name(timezone.localdate())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        attended, expected = data.get("attended"), data.get("expected")
        if attended is not None and expected is not None and attended > expected:
            self.add_error("attended", _("Attended cannot exceed those expected to attend."))
        return data

    def expected_unit(self) -> ExpectedUnit:
        return self.expected_units.get(unit=self.cleaned_data["unit"])


class EvidenceForm(forms.Form):
    document = forms.ModelChoiceField(label=_("Document"), queryset=Document.objects.none())
    assignment = forms.ModelChoiceField(
        label=_("Unit's share"),
        queryset=Assignment.objects.none(),
        required=False,
        empty_label=_("(the work item)"),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(
        self,
        *args: Any,
        documents: QuerySet[Document],
        assignments: QuerySet[Assignment],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = documents
        self.fields["assignment"].queryset = assignments
        self.fields["assignment"].label_from_instance = lambda a: str(a.unit)


class DocumentSearchForm(forms.Form):
    q = forms.CharField(label=_("Search the registry"), required=False, max_length=200)
