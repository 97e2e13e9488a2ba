"""Reusable filters for organisation data: periods in force and subtrees over paths."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import F, OuterRef, Q, Subquery

if TYPE_CHECKING:
    from tuyengiao.orgs.models import Placement


def in_force_on(on: date, prefix: str = "") -> Q:
    """Rows whose ``valid_from``..``valid_to`` period (open-ended when empty) contains ``on``."""
    return Q(**{f"{prefix}valid_from__lte": on}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": on})
    )


class UnitQuerySet(models.QuerySet):
    def existing_on(self, on: date) -> UnitQuerySet:
        return self.filter(in_force_on(on))

    def by_name(self, on: date) -> UnitQuerySet:
        """In Vietnamese order of the names in force on ``on`` (units without one last, by
        code), names prefetched for labels."""
        profiles = self.model._meta.get_field("profiles").related_model.objects
        name_key = profiles.filter(in_force_on(on), unit=OuterRef("pk")).values("sort_key")
        return (
            self.annotate(name_key=Subquery(name_key[:1]))
            .order_by(F("name_key").asc(nulls_last=True), "code")
            .prefetch_related("profiles")
        )


class UnitProfileQuerySet(models.QuerySet):
    def in_force_on(self, on: date) -> UnitProfileQuerySet:
        return self.filter(in_force_on(on))


class PlacementQuerySet(models.QuerySet):
    def subtree_of(self, placement: Placement, *, inclusive: bool = True) -> PlacementQuerySet:
        """The placement and everything below it, in the same version."""
        queryset = self.filter(version_id=placement.version_id, path__startswith=placement.path)
        return queryset if inclusive else queryset.exclude(pk=placement.pk)

    def ancestors_of(self, placement: Placement) -> PlacementQuerySet:
        """The placements above ``placement``, from the root down."""
        step = placement.PATH_STEP
        prefixes = [placement.path[:end] for end in range(step, len(placement.path), step)]
        return self.filter(version_id=placement.version_id, path__in=prefixes).order_by("depth")


class MembershipQuerySet(models.QuerySet):
    def valid_on(self, on: date) -> MembershipQuerySet:
        """Memberships in their period on ``on`` and not revoked."""
        return self.filter(in_force_on(on), revoked_at__isnull=True)
