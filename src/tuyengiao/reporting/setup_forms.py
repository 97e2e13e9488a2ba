"""Forms of the reporting set-up screens: indicators, report forms, sections, rules.

Each form checks what the database cannot: a derived indicator's parameters, a type that
may no longer change once figures exist, units and indicators named by code, rules over
indicators of the form. Errors are in Vietnamese and name the field they belong to.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from tuyengiao.orgs.models import Unit
from tuyengiao.reporting.models import (
    MAX_LEVELS,
    DataValue,
    FormIndicator,
    FormSection,
    Indicator,
    ReportForm,
    Submission,
    ValidationRule,
)
from tuyengiao.reporting.sources import SOURCES, source_errors

# Fields that say what a figure means: fixed once figures are entered.
FIXED_ONCE_ENTERED = ("value_type", "aggregation", "category")


def _named(form: forms.BaseForm, field: str, message: str) -> str:
    """``message`` led by the label of the field it is about."""
    return f"{capfirst(form.fields[field].label)}: {message}"


def _codes(text: str) -> list[str]:
    """Codes typed one per line (or separated by commas), in order, without repeats."""
    return list(dict.fromkeys(code for code in re.split(r"[\s,;]+", text) if code))


class IndicatorForm(WagtailAdminModelForm):
    source_params = forms.JSONField(
        label=_("source parameters"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            'For a derived figure, e.g. {"types": ["training_class"], "figure": "classes"}, '
            '{"types": ["conference"], "measure": "count"} or {"measure": "done"}.'
        ),
    )

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "short_name",
            "unit_label",
            "value_type",
            "aggregation",
            "category",
            "min_value",
            "max_value",
            "source",
            "source_params",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [
            (Indicator.Source.ENTERED, Indicator.Source.ENTERED.label),
            *((code, Indicator.Source(code).label) for code in SOURCES),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        low, high = data.get("min_value"), data.get("max_value")
        if low is not None and high is not None and high < low:
            self.add_error(
                "max_value",
                _named(self, "max_value", "phải lớn hơn hoặc bằng giá trị thấp nhất dự kiến."),
            )
        if self.instance.pk:
            entered = DataValue.objects.filter(indicator=self.instance).count()
            for name in FIXED_ONCE_ENTERED:
                if entered and name in self.changed_data:
                    message = (
                        f"không đổi được vì chỉ tiêu đã có {entered} số liệu; hãy tạo chỉ tiêu mới."
                    )
                    self.add_error(name, _named(self, name, message))
        if "source" in data and "source_params" not in self.errors:
            category = data.get("category")
            for message in source_errors(
                data["source"], data.get("source_params") or {}, category.pk if category else None
            ):
                self.add_error("source_params", _named(self, "source_params", message))
        return data

    def clean_source_params(self) -> dict[str, Any]:
        return self.cleaned_data.get("source_params") or {}


class ReportFormForm(WagtailAdminModelForm):
    assigned_depths = forms.TypedMultipleChoiceField(
        label=_("levels that report"),
        required=False,
        coerce=int,
        choices=[(depth, str(depth)) for depth in range(MAX_LEVELS)],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Depths in the tree (0 = the top) whose units all report."),
    )
    assigned_units = forms.CharField(
        label=_("units that report"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Unit codes, one per line or separated by commas."),
    )

    class Meta:
        model = ReportForm
        fields = [
            "code",
            "name",
            "period_type",
            "assigned_depths",
            "assigned_units",
            "due_days",
            "lock_days",
            "is_active",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            codes = self.instance.assigned_units.order_by("code").values_list("code", flat=True)
            self.initial["assigned_units"] = "\n".join(codes)

    def clean_assigned_units(self) -> list[Unit]:
        codes = _codes(self.cleaned_data.get("assigned_units", ""))
        units = {unit.code: unit for unit in Unit.objects.filter(code__in=codes)}
        unknown = [code for code in codes if code not in units]
        if unknown:
            raise forms.ValidationError(
                _named(self, "assigned_units", f"không có đơn vị mã {', '.join(unknown)}.")
            )
        return [units[code] for code in codes]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        due, lock = data.get("due_days"), data.get("lock_days")
        if due is not None and lock is not None and lock < due:
            self.add_error(
                "lock_days", _named(self, "lock_days", f"không được sớm hơn hạn nộp ({due} ngày).")
            )
        if (
            self.instance.pk
            and "period_type" in self.changed_data
            and Submission.objects.filter(form=self.instance).exists()
        ):
            self.add_error(
                "period_type",
                _named(self, "period_type", "không đổi được vì biểu mẫu đã có báo cáo."),
            )
        return data


class FormSectionForm(WagtailAdminModelForm):
    indicator_codes = forms.CharField(
        label=_("indicators"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Indicator codes in the order they are shown, one per line."),
    )

    class Meta:
        model = FormSection
        fields = ["form", "title", "sort_order", "is_narrative", "indicator_codes"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            rows = self.instance.rows.select_related("indicator")
            self.initial["indicator_codes"] = "\n".join(row.indicator.code for row in rows)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        field = "indicator_codes"
        codes = _codes(data.get("indicator_codes", ""))
        if codes and data.get("is_narrative"):
            message = "phần nội dung viết không có chỉ tiêu; hãy bỏ trống."
            self.add_error(field, _named(self, field, message))
            return data
        indicators = {item.code: item for item in Indicator.objects.filter(code__in=codes)}
        unknown = [code for code in codes if code not in indicators]
        if unknown:
            message = f"không có chỉ tiêu mã {', '.join(unknown)}."
            self.add_error(field, _named(self, field, message))
            return data
        form = data.get("form")
        if form is not None:
            elsewhere = (
                FormIndicator.objects.filter(section__form=form, indicator__code__in=codes)
                .exclude(section=self.instance.pk)
                .select_related("indicator", "section")
            )
            for row in elsewhere:
                message = (
                    f"chỉ tiêu {row.indicator.code} đã có trong phần “{row.section.title}” "
                    "của biểu mẫu."
                )
                self.add_error(field, _named(self, field, message))
        data["indicators"] = [indicators[code] for code in codes]
        return data

    @transaction.atomic
    def save(self, commit: bool = True) -> FormSection:
        section = super().save(commit=commit)
        section.rows.all().delete()
        FormIndicator.objects.bulk_create(
            FormIndicator(section=section, indicator=indicator, sort_order=n)
            for n, indicator in enumerate(self.cleaned_data["indicators"])
        )
        return section


class ValidationRuleForm(WagtailAdminModelForm):
    class Meta:
        model = ValidationRule
        fields = ["form", "left", "left_option", "operator", "right", "right_option", "message"]
        labels = {
            "left": _("indicator on the left"),
            "left_option": _("only this option (left)"),
            "operator": _("comparison"),
            "right": _("indicator on the right"),
            "right_option": _("only this option (right)"),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        form = data.get("form")
        if form is None:
            return data
        in_form = set(
            FormIndicator.objects.filter(section__form=form).values_list("indicator_id", flat=True)
        )
        for side in ("left", "right"):
            indicator, option = data.get(side), data.get(f"{side}_option")
            if indicator is None:
                continue
            if indicator.pk not in in_form:
                message = f"chỉ tiêu {indicator.code} không có trong biểu mẫu {form.code}."
                self.add_error(side, _named(self, side, message))
            elif option is not None and option.category_id != indicator.category_id:
                message = f"“{option.name}” không phải là phân tổ của chỉ tiêu {indicator.code}."
                self.add_error(f"{side}_option", _named(self, f"{side}_option", message))
        if (
            data.get("left") is not None
            and data.get("left") == data.get("right")
            and data.get("left_option") == data.get("right_option")
        ):
            self.add_error("right", _named(self, "right", "phải khác vế trái."))
        return data
