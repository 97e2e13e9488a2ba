"""Forms of the reporting screens, and reading the entry grid's cells from a request."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from tuyengiao.activities.models import CategoryOption
from tuyengiao.reporting.models import Submission
from tuyengiao.reporting.periods import PeriodError, parse_period
from tuyengiao.reporting.rules import parse_value
from tuyengiao.reporting.selectors import form_indicators, forms_visible_to
from tuyengiao.reporting.services import ValueInput

PERIOD_HELP = _("e.g. 2022M09, 2022Q3, 2022S1, 2022N9, 2022 or 2022-01-01..2022-09-08")


class ChooseForm(forms.Form):
    """Which form, unit and period a screen shows."""

    form = forms.ChoiceField(label=_("Report form"))
    unit = forms.CharField(label=_("Unit code"), max_length=64)
    period = forms.CharField(label=_("Period"), max_length=32, help_text=PERIOD_HELP)

    def __init__(self, *args, user=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["form"].choices = [
            (form.code, f"{form.name} ({form.code})") for form in forms_visible_to(user)
        ]

    def clean_period(self):  # type: ignore[no-untyped-def]
        try:
            return parse_period(self.cleaned_data["period"])
        except PeriodError as error:
            raise ValidationError(str(error)) from error


class PivotForm(ChooseForm):
    ROWS = (("unit", _("Units below")), ("period", _("Periods")))
    rows = forms.ChoiceField(label=_("Rows"), choices=ROWS, initial="unit")


class ExceptionForm(ChooseForm):
    """Keep entry open for one unit (``unit``) of the completeness screen's scope."""

    open_until = forms.DateField(
        label=_("Open until"), widget=forms.DateInput(attrs={"type": "date"})
    )
    scope = forms.CharField(required=False, widget=forms.HiddenInput)


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Reason for return"), widget=forms.Textarea(attrs={"rows": 2}))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or Excel file"))


def cells_from_post(submission: Submission, data: QueryDict) -> list[ValueInput]:
    """The grid's cells found in ``data`` (``v-<indicator>-<option or 0>`` values, ``c-…``
    comments, ``d-…`` the derived value shown): a value equal to its derived value is marked
    derived. ``ValidationError`` listing every bad cell."""
    cells, errors = [], []
    for row in form_indicators(submission.form):
        for option in row.options or [None]:
            name = f"{row.indicator.pk}-{option.pk if option else 0}"
            if f"v-{name}" not in data:
                continue
            try:
                value = parse_value(row.indicator, data.get(f"v-{name}"))
            except ValueError as error:
                errors.append(_label(str(error), option))
                continue
            cells.append(
                ValueInput(
                    row.indicator,
                    option,
                    value,
                    data.get(f"c-{name}", "").strip(),
                    is_derived=value is not None and value == _shown(data.get(f"d-{name}")),
                )
            )
    if errors:
        raise ValidationError(errors)
    return cells


def _shown(text: str | None) -> Decimal | None:
    """The derived value the grid showed, None when absent or tampered with (never a 500)."""
    try:
        shown = Decimal(text) if text else None
    except InvalidOperation:
        return None
    # A signalling NaN would raise on comparison.
    return shown if shown is not None and shown.is_finite() else None


def _label(message: str, option: CategoryOption | None) -> str:
    return message.replace(":", f" ({option.name}):", 1) if option else message
