"""Forms of the activity screens. They read input; the services decide."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tuyengiao.activities.catalogue import FigureSpec, TypeSpec
from tuyengiao.activities.models import Activity
from tuyengiao.activities.selectors import activity_types
from tuyengiao.activities.timeline import work_items_linkable
from tuyengiao.documents.models import Document
from tuyengiao.documents.numbering import loose_symbol_query
from tuyengiao.documents.selectors import documents_visible_to
from tuyengiao.orgs.access import AnyUser, units_in_scope, units_in_scope_any_time
from tuyengiao.orgs.forms import DATE_WIDGET, UnitChoiceField
from tuyengiao.orgs.models import Unit
from tuyengiao.plans.models import WorkItem

# Work items of plans that ended longer ago than this are not offered for linking.
RECENT_PLANS = timedelta(days=366)


class WorkItemChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, item: WorkItem) -> str:
        return f"{item.plan.code} · {item}"


def editable_units(user: AnyUser, current: Unit | None = None) -> forms.QuerySet:
    """Units the person may log activities for today, and the activity's own unit."""
    units = units_in_scope(user, timezone.localdate(), "can_edit_data")
    if current is not None:
        units = units | Unit.objects.filter(pk=current.pk)
    return units.prefetch_related("profiles").order_by("code")


class ActivityForm(forms.Form):
    """An activity of one type, with a number field per figure key of that type."""

    title = forms.CharField(label=_("Activity"), max_length=500)
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    start_date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    end_date = forms.DateField(
        label=_("Until"),
        widget=DATE_WIDGET,
        required=False,
        help_text=_("Only for activities over several days."),
    )
    mode = forms.ChoiceField(
        label=_("Mode"),
        choices=Activity.Mode.choices,
        initial=Activity.Mode.IN_PERSON,
        widget=forms.RadioSelect,
    )
    place = forms.CharField(label=_("Place"), max_length=255, required=False)
    audience = forms.CharField(
        label=_("Audience"),
        max_length=255,
        required=False,
        help_text=_("E.g. cán bộ, đảng viên; giáo viên các trường."),
    )
    documents = forms.CharField(
        label=_("Related documents"),
        required=False,
        help_text=_("Numbers and symbols, separated by commas, e.g. 229-KH/QU, 30-CT/TW."),
    )
    work_items = WorkItemChoiceField(
        label=_("Work items carried out"),
        queryset=WorkItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The activity is added to their timeline as evidence."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_highlighted = forms.BooleanField(
        label=_("Highlighted"),
        required=False,
        help_text=_("A notable activity: the periodic report names it in its narrative."),
    )
    confirm_duplicate = forms.BooleanField(
        label=_("This is not a duplicate: log it anyway"), required=False
    )

    def __init__(
        self,
        *args: Any,
        user: AnyUser,
        spec: TypeSpec,
        activity: Activity | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user, self.spec = user, spec
        self.fields["unit"].queryset = editable_units(user, activity.unit if activity else None)
        recent = timezone.localdate() - RECENT_PLANS
        self.fields["work_items"].queryset = work_items_linkable(user).filter(
            plan__ends_on__gte=recent
        )
        self.figure_keys = spec.figure_keys()
        for figure in spec.figures:
            for option in (None, *figure.options):
                self.fields[figure.key(option)] = forms.IntegerField(
                    label=option.name
                    if option
                    else (_("Total") if figure.options else figure.name),
                    min_value=0,
                    required=False,
                    help_text=figure.unit_label,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
                )

    def figure_groups(self) -> list[tuple[FigureSpec, Any, list[Any]]]:
        """Each figure with its total field and the fields of its parts, for the template."""
        return [
            (figure, self[figure.key()], [self[figure.key(option)] for option in figure.options])
            for figure in self.spec.figures
        ]

    def clean_documents(self) -> list[Document]:
        visible = documents_visible_to(self.user)
        found: list[Document] = []
        for text in self.cleaned_data["documents"].split(","):
            if not text.strip():
                continue
            loose = loose_symbol_query(text)
            document = visible.filter(symbol_loose=loose).order_by("-issue_date").first()
            if document is None:
                raise forms.ValidationError(
                    _("No document “%(symbol)s” in the registry.") % {"symbol": text.strip()}
                )
            found.append(document)
        return found

    def figures(self) -> dict[str, int | None]:
        return {key: self.cleaned_data.get(key) for key in self.figure_keys}

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "unit": data["unit"],
            "title": data["title"],
            "start_date": data["start_date"],
            "end_date": data["end_date"],
            "mode": data["mode"],
            "place": data["place"],
            "audience": data["audience"],
            "notes": data["notes"],
            "is_highlighted": data["is_highlighted"],
            "figures": self.figures(),
            "documents": data["documents"],
            "work_items": list(data["work_items"]),
            "allow_duplicate": data["confirm_duplicate"],
        }


def initial_for(activity: Activity, values: dict[str, int]) -> dict[str, Any]:
    """The form's initial data for an existing activity."""
    return {
        "title": activity.title,
        "unit": activity.unit,
        "start_date": activity.start_date,
        "end_date": activity.end_date,
        "mode": activity.mode,
        "place": activity.place,
        "audience": activity.audience,
        "notes": activity.notes,
        "is_highlighted": activity.is_highlighted,
        "documents": ", ".join(document.symbol for document in activity.documents.all()),
        "work_items": list(activity.work_items.all()),
        **values,
    }


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)
    type = forms.ChoiceField(label=_("Type"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE_WIDGET)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = (
            units_in_scope_any_time(user).prefetch_related("profiles").order_by("code")
        )
        self.fields["type"].choices = [("", "—")] + [
            (activity_type.code, activity_type.name) for activity_type in activity_types()
        ]


class FiguresForm(forms.Form):
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    start = forms.DateField(label=_("From"), widget=DATE_WIDGET)
    end = forms.DateField(label=_("To"), widget=DATE_WIDGET)

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = (
            units_in_scope_any_time(user).prefetch_related("profiles").order_by("code")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("The end of the period is before its start."))
        return data


class FileForm(forms.Form):
    file = forms.FileField(
        label=_("Photo or file (PNG, JPEG, PDF, DOCX)"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*,.pdf,.docx"}),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
