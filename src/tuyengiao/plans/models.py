"""Plans, their tree of work items, each unit's assignment, and directive tracking.

A plan (kế hoạch, or a yearly work programme) holds work items (đầu việc) in a tree: groups,
items, sub-items. An item is carried out by its owner unit, or by assignee units, each of
which gets its own ``Assignment`` with its own status. Statuses are data (``WorkStatus``);
each carries a percentage, and progress rolls up the tree by weight (``progress.py``).

Every status change is kept as a dated ``WorkUpdate`` (the timeline, with comments and
evidence), so that figures "as of 30/9/2022" can be computed for any past date; the
``status`` fields hold the latest value for fast reading.

Directive tracking (``DirectiveTracking``) follows how each expected unit implemented a
directive: plan issued, study conference held, interim review, final review.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tuyengiao.core.models import TimeStampedModel
from tuyengiao.documents.models import Document
from tuyengiao.orgs.models import Unit


class WorkStatus(models.Model):
    """A status a work item or assignment can be in (trạng thái): data, each with a %.

    ``is_done`` statuses count as done; ``is_excluded`` ones (cancelled, not applicable) are
    left out of progress and of the done/total figures altogether.
    """

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)
    percent = models.PositiveSmallIntegerField(
        _("progress (%)"), validators=[MaxValueValidator(100)]
    )
    is_done = models.BooleanField(_("counts as done"), default=False)
    is_excluded = models.BooleanField(
        _("left out of progress"),
        default=False,
        help_text=_("Cancelled or not applicable: not counted in progress or in totals."),
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("work status")
        verbose_name_plural = _("work statuses")
        ordering = ["sort_order", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="plans_status_percent"),
        ]

    def __str__(self) -> str:
        return self.name


class Plan(TimeStampedModel):
    """A plan implementing a document, or a unit's yearly work programme."""

    class Kind(models.TextChoices):
        IMPLEMENTATION = "implementation", _("implementation plan")
        WORK_PROGRAMME = "work_programme", _("work programme")

    code = models.CharField(
        _("code"),
        max_length=64,
        unique=True,
        help_text=_("A short stable identifier, e.g. CTCT-2022-BTGTU."),
    )
    title = models.CharField(_("title"), max_length=500)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    owner = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="plans", verbose_name=_("owner unit")
    )
    document = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("plan document"),
        help_text=_("The KH document this plan carries out, when there is one."),
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-starts_on", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="plans_plan_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"


class WorkItem(TimeStampedModel):
    """A work item (đầu việc) or a group of them; ``parent`` makes the tree.

    ``position`` orders siblings; ``number`` is the label as written in the plan ("1", "2.3").
    An item without assignments is carried out by its owner unit, and its own ``status``
    counts; an item with assignments takes its progress from them.
    """

    class Recurrence(models.TextChoices):
        NONE = "", _("once")
        MONTHLY = "monthly", _("monthly")
        QUARTERLY = "quarterly", _("quarterly")

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="items", verbose_name=_("plan")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent item"),
    )
    number = models.CharField(_("number"), max_length=20, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.TextField(_("title"))
    owner = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="owned_work_items",
        verbose_name=_("owner unit"),
    )
    weight = models.DecimalField(
        _("weight"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal(0))],
    )
    due_on = models.DateField(
        _("deadline"),
        null=True,
        blank=True,
        help_text=_("For a recurring item: the last occurrence (the end of the plan if empty)."),
    )
    recurrence = models.CharField(
        _("recurrence"), max_length=10, choices=Recurrence.choices, default="", blank=True
    )
    due_day = models.PositiveSmallIntegerField(
        _("day of the month"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_("For a recurring item: the day of each month or quarter-end month."),
    )
    status = models.ForeignKey(
        WorkStatus, on_delete=models.PROTECT, related_name="+", verbose_name=_("status")
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("work item")
        verbose_name_plural = _("work items")
        ordering = ["plan_id", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=0), name="plans_item_weight"),
            models.CheckConstraint(
                condition=Q(recurrence="") | Q(due_day__isnull=False),
                name="plans_item_recurring_day",
            ),
        ]
        indexes = [models.Index(fields=["due_on"], name="plans_item_due")]

    def __str__(self) -> str:
        return f"{self.number} {self.title[:80]}".strip()


class Assignment(TimeStampedModel):
    """A unit's share of a work item, with its own status and deadline."""

    work_item = models.ForeignKey(
        WorkItem, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("work item")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("unit")
    )
    weight = models.DecimalField(
        _("weight"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal(0))],
    )
    due_on = models.DateField(
        _("deadline"), null=True, blank=True, help_text=_("Empty: the work item's deadline.")
    )
    status = models.ForeignKey(
        WorkStatus, on_delete=models.PROTECT, related_name="+", verbose_name=_("status")
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["work_item_id", "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["work_item", "unit"], name="plans_assignment_unique"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="plans_assignment_weight"),
        ]

    def __str__(self) -> str:
        return f"{self.work_item} — {self.unit.code}"

    @property
    def deadline(self) -> date | None:
        return self.due_on or self.work_item.due_on


class WorkUpdate(TimeStampedModel):
    """One entry of a work item's timeline: a status change, a comment, or evidence.

    ``assignment`` is set when the entry is about one unit's share. A status change keeps the
    date it took effect (``effective_on``), which may be earlier than when it was entered, so
    figures for a past date read the history. Evidence points at any record (a document, an
    activity) through a generic link, so the apps that hold evidence need no field here.
    """

    class Kind(models.TextChoices):
        STATUS = "status", _("status change")
        COMMENT = "comment", _("comment")
        EVIDENCE = "evidence", _("evidence")

    work_item = models.ForeignKey(
        WorkItem, on_delete=models.CASCADE, related_name="updates", verbose_name=_("work item")
    )
    assignment = models.ForeignKey(
        Assignment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="updates",
        verbose_name=_("assignment"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    effective_on = models.DateField(_("effective on"))
    status = models.ForeignKey(
        WorkStatus,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("status"),
    )
    note = models.TextField(_("note"), blank=True)
    evidence_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    evidence_id = models.PositiveBigIntegerField(null=True, blank=True)
    evidence = GenericForeignKey("evidence_type", "evidence_id")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )

    class Meta:
        verbose_name = _("work item update")
        verbose_name_plural = _("work item updates")
        ordering = ["work_item_id", "effective_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="status") | Q(status__isnull=False),
                name="plans_update_status_required",
            ),
            models.CheckConstraint(
                condition=~Q(kind="evidence") | Q(evidence_id__isnull=False),
                name="plans_update_evidence_required",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "effective_on"], name="plans_update_kind_date"),
            models.Index(fields=["evidence_type", "evidence_id"], name="plans_update_evidence"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_on:%d/%m/%Y}"


class Reminder(TimeStampedModel):
    """A notice to a person that an assignment is due soon or overdue (shown in the admin,
    also sent by e-mail). One per person, assignment, kind and deadline."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("due soon")
        OVERDUE = "overdue", _("overdue")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="plan_reminders",
        verbose_name=_("person"),
    )
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("assignment")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    deadline = models.DateField(_("deadline"))
    emailed = models.BooleanField(_("e-mailed"), default=False)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "assignment", "kind", "deadline"], name="plans_reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.assignment}"


class DirectiveTracking(TimeStampedModel):
    """How the units below a committee implement a directive (theo dõi triển khai).

    The expected units are fixed as of ``expected_as_of`` (e.g. every ward under the district
    on that day); each has milestones, due by the dates here.
    """

    directive = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="trackings", verbose_name=_("directive")
    )
    plan = models.ForeignKey(
        Plan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trackings",
        verbose_name=_("plan"),
    )
    owner = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="trackings", verbose_name=_("tracking unit")
    )
    title = models.CharField(_("title"), max_length=500)
    expected_as_of = models.DateField(_("expected units as of"))
    plan_due = models.DateField(_("implementation plan due"), null=True, blank=True)
    conference_due = models.DateField(_("study conference due"), null=True, blank=True)
    interim_review_due = models.DateField(_("interim review due"), null=True, blank=True)
    final_review_due = models.DateField(_("final review due"), null=True, blank=True)

    class Meta:
        verbose_name = _("directive tracking")
        verbose_name_plural = _("directive trackings")
        ordering = ["-expected_as_of", "pk"]

    def __str__(self) -> str:
        return self.title


class ExpectedUnit(models.Model):
    """A unit expected to implement the tracked directive."""

    tracking = models.ForeignKey(
        DirectiveTracking,
        on_delete=models.CASCADE,
        related_name="expected_units",
        verbose_name=_("tracking"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )

    class Meta:
        verbose_name = _("expected unit")
        verbose_name_plural = _("expected units")
        constraints = [
            models.UniqueConstraint(fields=["tracking", "unit"], name="plans_expected_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_id}: {self.unit.code}"


class Milestone(TimeStampedModel):
    """A milestone an expected unit reached: plan issued, conference held, reviews."""

    class Kind(models.TextChoices):
        PLAN_ISSUED = "plan", _("implementation plan issued")
        CONFERENCE = "conference", _("study conference held")
        INTERIM_REVIEW = "interim", _("interim review")
        FINAL_REVIEW = "final", _("final review")

    expected_unit = models.ForeignKey(
        ExpectedUnit,
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name=_("expected unit"),
    )
    kind = models.CharField(_("milestone"), max_length=10, choices=Kind.choices)
    done_on = models.DateField(_("done on"))
    document = models.ForeignKey(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("document"),
    )
    attended = models.PositiveIntegerField(_("attended"), null=True, blank=True)
    expected = models.PositiveIntegerField(_("expected to attend"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["expected_unit_id", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["expected_unit", "kind"], name="plans_milestone_once"),
            models.CheckConstraint(
                condition=Q(attended__isnull=True)
                | Q(expected__isnull=True)
                | Q(attended__lte=models.F("expected")),
                name="plans_milestone_attendance",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.done_on:%d/%m/%Y}"
