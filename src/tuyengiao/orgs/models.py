"""Organisation units over time, the hierarchy versions that place them, and people's roles.

A unit keeps its identity (``Unit.code``) while its name, abbreviation and kind change on
dates (``UnitProfile``) and its place in the tree changes with each reorganisation
(``HierarchyVersion`` + ``Placement``). Merges, splits, renames, transfers and dissolutions are
recorded as ``Succession`` rows, never as edits in place, so that "as of 30/9/2022" gives the
tree of that day and figures of a dissolved unit can be carried to its successors.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tuyengiao.core.models import TimeStampedModel
from tuyengiao.orgs.querysets import (
    MembershipQuerySet,
    PlacementQuerySet,
    UnitProfileQuerySet,
    UnitQuerySet,
)


class UnitKind(models.Model):
    """A kind of unit (city committee, ward committee, propaganda board, party cell…): data."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("unit kind")
        verbose_name_plural = _("unit kinds")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class Unit(TimeStampedModel):
    """An organisation that persists through renames and moves; ``code`` never changes."""

    code = models.CharField(
        _("code"),
        max_length=64,
        unique=True,
        help_text=_("A stable identifier, e.g. HN.BADINH; letters, digits, dots and dashes."),
    )
    valid_from = models.DateField(_("exists from"))
    valid_to = models.DateField(_("exists until"), null=True, blank=True)
    is_demo = models.BooleanField(
        _("demonstration data"),
        default=False,
        help_text=_("Details not verified against official lists."),
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="orgs_unit_valid_range",
            ),
        ]

    def __str__(self) -> str:
        profile = self.profile_on(timezone.localdate()) or self.last_profile()
        return f"{profile.name} ({self.code})" if profile else self.code

    def last_profile(self) -> UnitProfile | None:
        """The latest name, abbreviation and kind (uses prefetched profiles)."""
        profiles = sorted(self.profiles.all(), key=lambda profile: profile.valid_from)
        return profiles[-1] if profiles else None

    def profile_on(self, on: date) -> UnitProfile | None:
        """The name, abbreviation and kind in force on ``on`` (uses prefetched profiles)."""
        for profile in self.profiles.all():
            if profile.valid_from <= on and (profile.valid_to is None or on <= profile.valid_to):
                return profile
        return None

    def exists_on(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


class UnitProfile(models.Model):
    """A unit's name, abbreviation and kind over a period of time."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="profiles", verbose_name=_("unit")
    )
    name = models.CharField(_("name"), max_length=255)
    abbreviation = models.CharField(_("abbreviation"), max_length=64, blank=True)
    kind = models.ForeignKey(UnitKind, on_delete=models.PROTECT, verbose_name=_("kind"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    # Derived from ``name`` by the services: accent-free text for search, and a key whose
    # binary order is Vietnamese alphabetical order.
    name_folded = models.CharField(max_length=255, editable=False, db_index=True)
    sort_key = models.CharField(max_length=1024, editable=False)

    objects = UnitProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit profile")
        verbose_name_plural = _("unit profiles")
        ordering = ["unit_id", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "valid_from"], name="orgs_profile_unique_start"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="orgs_profile_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class HierarchyVersion(TimeStampedModel):
    """The tree of units in force from ``effective_date`` until the next published version.

    A version is prepared as a draft (a copy of the tree before it, then changed by the
    services) and takes effect only once published.
    """

    effective_date = models.DateField(_("effective date"), unique=True)
    name = models.CharField(_("name"), max_length=255)
    legal_basis = models.CharField(_("legal basis"), max_length=500, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        verbose_name = _("hierarchy version")
        verbose_name_plural = _("hierarchy versions")
        ordering = ["-effective_date"]

    def __str__(self) -> str:
        return f"{self.name} ({self.effective_date:%d/%m/%Y})"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Placement(models.Model):
    """Where a unit sits in one hierarchy version.

    ``path`` is the materialised path: the ids of the unit's ancestors and itself, each as
    ``PATH_STEP`` base-36 digits, so a subtree is one ``path__startswith`` lookup.
    """

    PATH_STEP = 6

    version = models.ForeignKey(
        HierarchyVersion,
        on_delete=models.CASCADE,
        related_name="placements",
        verbose_name=_("hierarchy version"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="placements", verbose_name=_("unit")
    )
    parent = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="child_placements",
        verbose_name=_("parent unit"),
    )
    path = models.CharField(max_length=255)
    depth = models.PositiveSmallIntegerField()

    objects = PlacementQuerySet.as_manager()

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        constraints = [
            models.UniqueConstraint(fields=["version", "unit"], name="orgs_placement_unique_unit"),
            models.UniqueConstraint(fields=["version", "path"], name="orgs_placement_unique_path"),
        ]
        indexes = [models.Index(fields=["version", "path"], name="orgs_placement_path")]

    def __str__(self) -> str:
        return f"{self.unit_id} @ {self.version_id}: {self.path}"

    @classmethod
    def path_segment(cls, unit_id: int) -> str:
        """The unit's own step of a ``path``: its id in base 36, ``PATH_STEP`` digits wide.

        A placement's path is its parent's path followed by this segment. Code that writes
        placements in bulk (the synthetic demo data) builds paths with it, so that they match
        what ``hierarchy_version_publish`` checks.
        """
        number, digits = unit_id, ""
        while number:
            number, remainder = divmod(number, 36)
            digits = "0123456789abcdefghijklmnopqrstuvwxyz"[remainder] + digits
        return digits.rjust(cls.PATH_STEP, "0")


class Succession(TimeStampedModel):
    """One step of a reorganisation: what became of a unit on a date.

    A merge of A and B into C is two rows (A→C, B→C); a split of A into B and C is two rows
    with the shares of A each successor takes; a rename has the same unit on both sides; a
    dissolution may have no successor.
    """

    class Kind(models.TextChoices):
        MERGE = "merge", _("merge")
        SPLIT = "split", _("split")
        RENAME = "rename", _("rename")
        TRANSFER = "transfer", _("transfer")
        DISSOLVE = "dissolve", _("dissolve")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    predecessor = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="successions_out",
        verbose_name=_("predecessor"),
    )
    successor = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="successions_in",
        verbose_name=_("successor"),
    )
    share = models.DecimalField(
        _("share"),
        max_digits=5,
        decimal_places=4,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))],
        help_text=_("Part of the predecessor the successor takes over (splits)."),
    )
    effective_date = models.DateField(_("effective date"))
    legal_basis = models.CharField(_("legal basis"), max_length=500, blank=True)
    version = models.ForeignKey(
        HierarchyVersion,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="successions",
        verbose_name=_("hierarchy version"),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("succession")
        verbose_name_plural = _("successions")
        ordering = ["effective_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(share__gt=0) & Q(share__lte=1), name="orgs_succession_share_range"
            ),
            models.CheckConstraint(
                condition=Q(successor__isnull=False) | Q(kind="dissolve"),
                name="orgs_succession_successor_required",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.predecessor_id} → {self.successor_id}"


class Role(models.Model):
    """What a membership lets a person do within the subtree of its unit: seeded data."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    rank = models.PositiveSmallIntegerField(
        _("rank"), default=0, help_text=_("Higher ranks are listed first.")
    )
    can_access_admin = models.BooleanField(_("can use the staff workspace"), default=True)
    can_edit_data = models.BooleanField(
        _("can enter data"), default=False, help_text=_("Activities, figures, work items.")
    )
    can_approve = models.BooleanField(_("can approve reports"), default=False)
    can_manage_units = models.BooleanField(_("can change units and versions"), default=False)
    can_grant = models.BooleanField(_("can grant roles"), default=False)
    can_publish_portal = models.BooleanField(_("can publish on the portal"), default=False)
    can_brief = models.BooleanField(_("can log briefings and talks"), default=False)

    CAPABILITIES = (
        "can_access_admin",
        "can_edit_data",
        "can_approve",
        "can_manage_units",
        "can_grant",
        "can_publish_portal",
        "can_brief",
    )

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["-rank", "code"]

    def __str__(self) -> str:
        return self.name


class Membership(TimeStampedModel):
    """A person's role in a unit for a period; it reaches the unit's whole subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("unit")
    )
    role = models.ForeignKey(Role, on_delete=models.PROTECT, verbose_name=_("role"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["unit__code", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="orgs_membership_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.role} — {self.unit.code}"

    def is_valid_on(self, on: date) -> bool:
        return (
            self.revoked_at is None
            and self.valid_from <= on
            and (self.valid_to is None or on <= self.valid_to)
        )
