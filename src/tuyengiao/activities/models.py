"""The activity log: what units did (conferences, study sessions, classes, propaganda actions).

Activity types are data. Each type declares the figures it collects (``TypeFigure``); a figure
(``Figure``) has a stable code (``participants``, ``remote_points``, ``classes``,
``learners``…) and may be broken down by a category (``Category``, e.g. the block: party,
mass organisations, state, other). An activity's figures are rows of ``ActivityFigure``:
(activity, figure, category option or none for the total, value), so that the reporting
engine sums them in SQL by figure, option, unit subtree and period
(``tuyengiao.activities.selectors.activity_figures``).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tuyengiao.core.files import private_storage, unguessable_path
from tuyengiao.core.models import TimeStampedModel
from tuyengiao.documents.models import Document
from tuyengiao.orgs.models import Unit
from tuyengiao.plans.models import WorkItem


class Category(models.Model):
    """A way to break a figure down (khối: Đảng, Đoàn thể, Nhà nước, khác): data."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class CategoryOption(models.Model):
    """One value of a category (khối Đảng); ``code`` is stable, ``name`` is shown."""

    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, related_name="options", verbose_name=_("category")
    )
    code = models.SlugField(_("code"), max_length=50)
    name = models.CharField(_("name"), max_length=200)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("category option")
        verbose_name_plural = _("category options")
        ordering = ["category_id", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "code"], name="activities_option_unique_code"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Figure(models.Model):
    """A figure activities collect, with a stable code the reports refer to: data."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    unit_label = models.CharField(
        _("counted in"), max_length=50, blank=True, help_text=_("E.g. lớp, lượt học viên.")
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="figures",
        verbose_name=_("broken down by"),
    )

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class ActivityType(models.Model):
    """A kind of activity (hội nghị, lớp bồi dưỡng, tuyên truyền trực quan…) and the figures
    it collects: data."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.CharField(_("description"), max_length=500, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)
    figures = models.ManyToManyField(
        Figure, through="TypeFigure", related_name="activity_types", verbose_name=_("figures")
    )

    class Meta:
        verbose_name = _("activity type")
        verbose_name_plural = _("activity types")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class TypeFigure(models.Model):
    """That activities of ``activity_type`` collect ``figure``."""

    activity_type = models.ForeignKey(
        ActivityType,
        on_delete=models.CASCADE,
        related_name="type_figures",
        verbose_name=_("activity type"),
    )
    figure = models.ForeignKey(Figure, on_delete=models.PROTECT, verbose_name=_("figure"))
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    required = models.BooleanField(_("required"), default=False)

    class Meta:
        verbose_name = _("figure of an activity type")
        verbose_name_plural = _("figures of activity types")
        ordering = ["activity_type_id", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity_type", "figure"], name="activities_type_figure_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity_type.code}: {self.figure.code}"


class ActivityImport(TimeStampedModel):
    """One spreadsheet imported into the log, all rows at once."""

    file_name = models.CharField(_("file name"), max_length=255)
    rows = models.PositiveIntegerField(_("rows"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )

    class Meta:
        verbose_name = _("activity import")
        verbose_name_plural = _("activity imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.rows})"


class Activity(TimeStampedModel):
    """Something a unit did, on a date or over a few days, with its figures."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        ONLINE = "online", _("online")
        HYBRID = "hybrid", _("in person and online")

    activity_type = models.ForeignKey(
        ActivityType, on_delete=models.PROTECT, related_name="+", verbose_name=_("type")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="activities", verbose_name=_("unit")
    )
    title = models.CharField(_("title"), max_length=500)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=255, blank=True)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    audience = models.CharField(
        _("audience"), max_length=255, blank=True, help_text=_("E.g. cán bộ, giáo viên.")
    )
    notes = models.TextField(_("notes"), blank=True)
    is_highlighted = models.BooleanField(
        _("highlighted"),
        default=False,
        help_text=_("A notable activity: the periodic report names it in its narrative."),
    )
    documents = models.ManyToManyField(
        Document, blank=True, related_name="activities", verbose_name=_("documents")
    )
    work_items = models.ManyToManyField(
        WorkItem,
        blank=True,
        related_name="activities",
        verbose_name=_("work items"),
        help_text=_("The work items this activity carries out; it is added to their timeline."),
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("logged by"),
    )
    import_batch = models.ForeignKey(
        ActivityImport,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("import"),
    )
    # Derived by the services: accent-free title to search and to spot duplicates.
    title_folded = models.CharField(max_length=500, editable=False, default="")

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="activities_activity_dates",
            ),
        ]
        indexes = [
            models.Index(fields=["start_date"], name="activities_start"),
            models.Index(fields=["unit", "start_date"], name="activities_unit_start"),
            models.Index(
                fields=["unit", "activity_type", "start_date"], name="activities_duplicate"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def last_date(self) -> date:
        return self.end_date or self.start_date

    @property
    def unit_name(self) -> str:
        """The unit's name on the activity's date (uses prefetched profiles)."""
        profile = self.unit.profile_on(self.start_date) or self.unit.last_profile()
        return profile.name if profile else self.unit.code


class ActivityFigure(models.Model):
    """One figure of an activity: its total (``option`` empty) or one category's part."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="figures", verbose_name=_("activity")
    )
    figure = models.ForeignKey(Figure, on_delete=models.PROTECT, verbose_name=_("figure"))
    option = models.ForeignKey(
        CategoryOption,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("category option"),
    )
    value = models.PositiveBigIntegerField(_("value"))

    class Meta:
        verbose_name = _("activity figure")
        verbose_name_plural = _("activity figures")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "figure"],
                condition=Q(option__isnull=True),
                name="activities_figure_unique_total",
            ),
            models.UniqueConstraint(
                fields=["activity", "figure", "option"],
                condition=Q(option__isnull=False),
                name="activities_figure_unique_option",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.figure_id}/{self.option_id}: {self.value}"


def activity_file_path(instance: ActivityFile, filename: str) -> str:
    """Under the activity's folder, in a random one nobody can guess (core/files.py)."""
    return unguessable_path(f"activities/{instance.activity_id}", filename)


class ActivityFile(TimeStampedModel):
    """A photo or a file (PDF, DOCX) kept with an activity as evidence."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="files", verbose_name=_("activity")
    )
    file = models.FileField(
        _("file"), upload_to=activity_file_path, storage=private_storage, max_length=255
    )
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size"))

    class Meta:
        verbose_name = _("activity file")
        verbose_name_plural = _("activity files")
        ordering = ["activity_id", "pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
