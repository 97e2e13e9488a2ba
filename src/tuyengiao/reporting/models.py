"""Periodic reporting: indicators, report forms, submissions and their data values.

As in DHIS2, figures belong to indicators (``Indicator``), not to forms: a ``DataValue`` is
one figure of one unit for one period, optionally broken down by a category option (a block:
Party, mass organisations, State, other). Categories and their options are those the
activity log breaks its figures down by (``tuyengiao.activities.models``), so a derived
figure keeps its breakdown. A ``ReportForm`` groups indicators in sections and
says who reports, how often and by when; a ``Submission`` is one unit's report for one
period and carries its status (draft → submitted → approved, or returned) and narrative.
``AnalyticsRow`` is the denormalised table the figures are read from (see ``analytics.py``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tuyengiao.activities.models import Category, CategoryOption
from tuyengiao.core.files import private_storage, unguessable_path
from tuyengiao.core.models import TimeStampedModel
from tuyengiao.orgs.models import HierarchyVersion, Unit
from tuyengiao.reporting.periods import PeriodType

# Levels of the tree the analytics table has a column for (depth 0 … MAX_LEVELS - 1).
MAX_LEVELS = 6


class Indicator(models.Model):
    """A figure units report (chỉ tiêu), entered or derived from the activity log or plans."""

    class ValueType(models.TextChoices):
        INTEGER = "integer", _("whole number")
        NUMBER = "number", _("number")
        PERCENT = "percent", _("percentage")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("sum")
        AVERAGE = "average", _("average")
        LAST = "last", _("last value")
        NONE = "none", _("not aggregated")

    class Source(models.TextChoices):
        ENTERED = "", _("entered")
        ACTIVITIES = "activities", _("activity log")
        PLANS = "plans", _("plans")

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    unit_label = models.CharField(
        _("unit of measure"), max_length=50, blank=True, help_text=_("e.g. lớp, lượt học viên.")
    )
    value_type = models.CharField(
        _("value type"), max_length=10, choices=ValueType.choices, default=ValueType.INTEGER
    )
    aggregation = models.CharField(
        _("aggregation type"), max_length=10, choices=Aggregation.choices, default=Aggregation.SUM
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("category"),
        help_text=_("Figures are entered for each option of this category."),
    )
    min_value = models.DecimalField(
        _("lowest expected value"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("highest expected value"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    # Where a derived figure comes from (see ``sources.py``): e.g. source "activities" with
    # {"activity_type": "class", "measure": "count"}; source "plans" with {"measure": "done"}.
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, blank=True, default=""
    )
    source_params = models.JSONField(_("source parameters"), default=dict, blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_derived(self) -> bool:
        return bool(self.source)


class ReportForm(TimeStampedModel):
    """A report template (biểu mẫu báo cáo): sections, period type, who reports, due rule."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=255)
    period_type = models.CharField(_("period type"), max_length=12, choices=PeriodType.choices)
    assigned_units = models.ManyToManyField(
        Unit, blank=True, related_name="report_forms", verbose_name=_("units that report")
    )
    assigned_depths = models.JSONField(
        _("levels that report"),
        default=list,
        blank=True,
        help_text=_("Depths in the tree (0 = the top) whose units all report, e.g. [1]."),
    )
    due_days = models.PositiveSmallIntegerField(
        _("due after the period (days)"),
        default=5,
        help_text=_("A report is on time when submitted by this many days after the period."),
    )
    lock_days = models.PositiveSmallIntegerField(
        _("entry closes after the period (days)"),
        default=30,
        help_text=_("After this, entry is closed except for units granted an exception."),
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("report form")
        verbose_name_plural = _("report forms")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class FormSection(models.Model):
    """A section of a form: a table of indicators, or a narrative text to write."""

    form = models.ForeignKey(
        ReportForm, on_delete=models.CASCADE, related_name="sections", verbose_name=_("form")
    )
    title = models.CharField(_("title"), max_length=255)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    is_narrative = models.BooleanField(_("narrative"), default=False)
    prose = models.TextField(
        _("figures in words"),
        blank=True,
        help_text=_(
            "The paragraph the Word report writes for this section, with placeholders for its "
            "figures, e.g. {{ pair('classes', 'learners') }}."
        ),
    )
    indicators = models.ManyToManyField(
        Indicator, through="FormIndicator", blank=True, verbose_name=_("indicators")
    )

    class Meta:
        verbose_name = _("form section")
        verbose_name_plural = _("form sections")
        ordering = ["form_id", "sort_order", "pk"]

    def __str__(self) -> str:
        return self.title


class FormIndicator(models.Model):
    """An indicator's place in a section."""

    section = models.ForeignKey(FormSection, on_delete=models.CASCADE, related_name="rows")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["section_id", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "indicator"], name="reporting_form_indicator_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.section_id}: {self.indicator_id}"


class ValidationRule(models.Model):
    """``left`` ``operator`` ``right`` over the totals (or one option) of two indicators,
    checked on every save and required to hold before a report is submitted."""

    class Operator(models.TextChoices):
        LESS_EQUAL = "<=", "≤"
        GREATER_EQUAL = ">=", "≥"
        EQUAL = "==", "="

    form = models.ForeignKey(
        ReportForm, on_delete=models.CASCADE, related_name="rules", verbose_name=_("form")
    )
    left = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    left_option = models.ForeignKey(
        CategoryOption, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    operator = models.CharField(max_length=2, choices=Operator.choices)
    right = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    right_option = models.ForeignKey(
        CategoryOption, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    message = models.CharField(_("message"), max_length=255)

    class Meta:
        verbose_name = _("validation rule")
        verbose_name_plural = _("validation rules")
        ordering = ["form_id", "pk"]

    def __str__(self) -> str:
        return self.message


class Submission(TimeStampedModel):
    """One unit's report on one form for one period."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        APPROVED = "approved", _("approved")
        RETURNED = "returned", _("returned")

    form = models.ForeignKey(
        ReportForm, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("form")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("unit")
    )
    period_code = models.CharField(_("period"), max_length=32)
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    narratives = models.JSONField(_("narrative"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    return_reason = models.TextField(_("reason for return"), blank=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["form_id", "-period_start", "unit_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["form", "unit", "period_code"], name="reporting_submission_unique"
            )
        ]
        indexes = [models.Index(fields=["form", "period_code", "status"])]

    def __str__(self) -> str:
        return f"{self.form.code} · {self.unit.code} · {self.period_code}"

    @property
    def is_locked(self) -> bool:
        """Submitted and approved reports take no changes until returned."""
        return self.status in (self.Status.SUBMITTED, self.Status.APPROVED)


def template_file_path(instance: ReportTemplate, filename: str) -> str:
    """In a random folder nobody can guess (core/files.py)."""
    return unguessable_path("report-templates", filename)


def render_file_path(instance: ReportRender, filename: str) -> str:
    """In a random folder nobody can guess (core/files.py)."""
    return unguessable_path("reports", filename)


class ReportTemplate(TimeStampedModel):
    """A Word file with placeholders (docxtpl) a form's report is written into: a unit's own,
    or, with no unit, the form's template for every unit. Without one, the report is laid out
    by the official-layout ruleset."""

    form = models.ForeignKey(
        ReportForm, on_delete=models.CASCADE, related_name="templates", verbose_name=_("form")
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit"),
        help_text=_("Empty: the template of every unit without one of its own."),
    )
    name = models.CharField(_("name"), max_length=255)
    file = models.FileField(
        _("file"), upload_to=template_file_path, storage=private_storage, max_length=255
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("report template")
        verbose_name_plural = _("report templates")
        ordering = ["form_id", "unit_id"]
        constraints = [
            models.UniqueConstraint(fields=["form", "unit"], name="reporting_template_unit_unique"),
            models.UniqueConstraint(
                fields=["form"],
                condition=Q(unit__isnull=True),
                name="reporting_template_form_default_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ReportDraft(TimeStampedModel):
    """The official report a unit is about to issue for a form and period: its header,
    the texts of its sections as edited, its signature and recipients. The figures are not
    stored here: they are read from the data each time the report is written."""

    class Family(models.TextChoices):
        PARTY = "party", _("Party body")
        STATE = "state", _("State body")

    form = models.ForeignKey(
        ReportForm, on_delete=models.CASCADE, related_name="drafts", verbose_name=_("form")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="+", verbose_name=_("unit")
    )
    period_code = models.CharField(_("period"), max_length=32)
    family = models.CharField(
        _("kind of issuing body"), max_length=8, choices=Family.choices, default=Family.PARTY
    )
    superior_body = models.CharField(_("superior body"), max_length=255, blank=True)
    issuing_body = models.CharField(_("issuing body"), max_length=255)
    number = models.CharField(
        _("number and symbol"), max_length=64, blank=True, help_text=_("E.g. 125-BC/BTGTU.")
    )
    place = models.CharField(_("place"), max_length=100)
    issued_on = models.DateField(_("date of issue"), null=True, blank=True)
    title = models.CharField(_("summary"), max_length=500)
    texts = models.JSONField(
        _("section texts"),
        default=dict,
        blank=True,
        help_text=_("The text of each section as edited, by section id."),
    )
    signing_authority = models.CharField(
        _("signing authority"), max_length=100, blank=True, help_text=_("E.g. T/M BAN THƯỜNG VỤ.")
    )
    signer_title = models.CharField(_("signer's title"), max_length=100, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=100, blank=True)
    recipients = models.TextField(_("recipients"), blank=True, help_text=_("One per line."))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("report draft")
        verbose_name_plural = _("report drafts")
        ordering = ["form_id", "unit_id", "-period_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["form", "unit", "period_code"], name="reporting_draft_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.form.code} · {self.unit.code} · {self.period_code}"


class ReportRender(TimeStampedModel):
    """One writing of a report to a file (Word or Excel), run as a task: its progress and,
    when done, the file."""

    class Format(models.TextChoices):
        DOCX = "docx", "Word (.docx)"
        XLSX = "xlsx", "Excel (.xlsx)"

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    form = models.ForeignKey(
        ReportForm, on_delete=models.CASCADE, related_name="renders", verbose_name=_("form")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="+", verbose_name=_("unit")
    )
    period_code = models.CharField(_("period"), max_length=32)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(
        _("file"), upload_to=render_file_path, storage=private_storage, max_length=255, blank=True
    )
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.form.code} · {self.unit.code} · {self.period_code} · {self.format}"


class DataValue(models.Model):
    """One figure: indicator (and option) × unit × period, in the narrow table."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="values", verbose_name=_("submission")
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    option = models.ForeignKey(
        CategoryOption, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    period_type = models.CharField(max_length=12, choices=PeriodType.choices)
    period_code = models.CharField(max_length=32)
    period_start = models.DateField()
    period_end = models.DateField()
    value = models.DecimalField(max_digits=18, decimal_places=4)
    comment = models.TextField(_("comment"), blank=True)
    is_derived = models.BooleanField(_("derived"), default=False)
    is_outlier = models.BooleanField(_("outside the expected range"), default=False)
    # The value the analytics table counts now (None: not counted, e.g. a draft); the
    # incremental refresh adds the difference to ``value`` and moves this along.
    counted_value = models.DecimalField(max_digits=18, decimal_places=4, null=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("data value")
        verbose_name_plural = _("data values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "option", "unit", "period_code"],
                condition=Q(option__isnull=False),
                name="reporting_value_unique",
            ),
            models.UniqueConstraint(
                fields=["indicator", "unit", "period_code"],
                condition=Q(option__isnull=True),
                name="reporting_value_unique_total",
            ),
        ]
        indexes = [models.Index(fields=["unit", "period_start"], name="reporting_value_unit")]

    def __str__(self) -> str:
        return f"{self.indicator_id}/{self.option_id} {self.unit_id} {self.period_code}"


class DataValueChange(models.Model):
    """The audit trail of one figure: who changed it from what to what, and when."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    option = models.ForeignKey(
        CategoryOption, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    period_code = models.CharField(max_length=32)
    old_value = models.DecimalField(max_digits=18, decimal_places=4, null=True)
    new_value = models.DecimalField(max_digits=18, decimal_places=4, null=True)
    old_comment = models.TextField(blank=True)
    new_comment = models.TextField(blank=True)
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("change of a figure")
        verbose_name_plural = _("changes of figures")
        ordering = ["-changed_at", "-pk"]
        indexes = [models.Index(fields=["unit", "period_code"], name="reporting_change_unit")]

    def __str__(self) -> str:
        return f"{self.indicator_id}/{self.option_id} {self.unit_id} {self.period_code}"


class EntryException(TimeStampedModel):
    """Entry left open for one unit after the form's late window closed (lock exception)."""

    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="exceptions")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    period_code = models.CharField(_("period"), max_length=32)
    open_until = models.DateField(_("open until"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("entry exception")
        verbose_name_plural = _("entry exceptions")
        constraints = [
            models.UniqueConstraint(
                fields=["form", "unit", "period_code"], name="reporting_exception_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.form_id} {self.unit_id} {self.period_code} → {self.open_until}"


class AnalyticsRow(models.Model):
    """The denormalised analytics table: figures pre-aggregated at every unit of the tree.

    One row per unit × indicator × option × period of entry, holding the sum and count of the
    values of that unit's whole subtree, in the hierarchy version in force at the period's
    end. ``level_1`` … ``level_6`` are the unit's ancestors (the unit itself at its own
    depth), and the period columns name the month, quarter, six months and year the period
    falls in, so "district D, nine months" is one filtered sum. Rebuilt in full and refreshed
    incrementally by ``analytics.py``; never written by hand.
    """

    version = models.ForeignKey(HierarchyVersion, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    depth = models.PositiveSmallIntegerField()
    parent = models.ForeignKey(Unit, on_delete=models.CASCADE, null=True, related_name="+")
    level_1 = models.BigIntegerField(null=True)
    level_2 = models.BigIntegerField(null=True)
    level_3 = models.BigIntegerField(null=True)
    level_4 = models.BigIntegerField(null=True)
    level_5 = models.BigIntegerField(null=True)
    level_6 = models.BigIntegerField(null=True)
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    option = models.ForeignKey(
        CategoryOption, on_delete=models.CASCADE, null=True, related_name="+"
    )
    period_type = models.CharField(max_length=12)
    period_start = models.DateField()
    period_end = models.DateField()
    year = models.PositiveSmallIntegerField()
    six_months = models.CharField(max_length=8)
    quarter = models.CharField(max_length=8)
    month = models.CharField(max_length=8)
    value_sum = models.DecimalField(max_digits=24, decimal_places=4)
    value_count = models.PositiveIntegerField()

    class Meta:
        # Covering indexes in the order the reads group by: a unit's figures, or its
        # children's, are read from the index alone, already sorted for the sums.
        indexes = [
            models.Index(
                fields=[
                    "unit",
                    "period_type",
                    "version",
                    "indicator",
                    "option",
                    "period_start",
                    "period_end",
                    "value_sum",
                    "value_count",
                ],
                name="reporting_analytics_unit",
            ),
            models.Index(
                fields=[
                    "parent",
                    "period_type",
                    "version",
                    "unit",
                    "indicator",
                    "option",
                    "period_start",
                    "period_end",
                    "value_sum",
                    "value_count",
                ],
                name="reporting_analytics_parent",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "indicator", "option", "period_type", "period_start", "version"],
                name="reporting_analytics_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.indicator_id}/{self.option_id} {self.period_start}"


class UnitStructure(models.Model):
    """Resource table: each unit of each published version with its ancestors by level
    (``level_1`` is the top), the join the analytics table is built from."""

    version = models.ForeignKey(HierarchyVersion, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    parent = models.ForeignKey(Unit, on_delete=models.CASCADE, null=True, related_name="+")
    depth = models.PositiveSmallIntegerField()
    level_1 = models.BigIntegerField(null=True)
    level_2 = models.BigIntegerField(null=True)
    level_3 = models.BigIntegerField(null=True)
    level_4 = models.BigIntegerField(null=True)
    level_5 = models.BigIntegerField(null=True)
    level_6 = models.BigIntegerField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "unit"], name="reporting_structure_unique")
        ]

    def __str__(self) -> str:
        return f"{self.version_id}: {self.unit_id}"


class PeriodStructure(models.Model):
    """Resource table: each period values were entered for, with the month, quarter, six
    months and year it falls in (empty where it spans more than one)."""

    period_type = models.CharField(max_length=12)
    period_start = models.DateField()
    period_end = models.DateField()
    year = models.PositiveSmallIntegerField()
    six_months = models.CharField(max_length=8)
    quarter = models.CharField(max_length=8)
    month = models.CharField(max_length=8)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["period_type", "period_start", "period_end"],
                name="reporting_period_structure_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.period_type} {self.period_start}–{self.period_end}"
