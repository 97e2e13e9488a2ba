"""Who may see or change which units: memberships reach the subtree of their unit.

A person's rights are those of their memberships valid today. They reach the subtree of the
membership's unit in the tree in force on the date being looked at, and also the units that
unit succeeded (so a ward formed in 2025 sees the history of the wards it was formed from).
System administrators (superusers) reach everything.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from tuyengiao.core.actors import SystemActor, Viewer
from tuyengiao.orgs.models import HierarchyVersion, Membership, Placement, Role, Succession, Unit

AnyUser = Viewer
EVERYTHING = None

# Reading a unit's internal records (internal documents, reports and their files, plans,
# activities and their figures) is not a column of the roles table but follows from it: a
# role reads them when it carries a right to work on them (enter data, approve, change units,
# grant, log briefings), or when it is a pure reading role (the staff workspace and no right to
# publish: the viewer). Publishing on the portal alone gives no internal reads: the portal
# editor works on public pages and sees internal records only through another role.
READ_INTERNAL = "read_internal"
_READS_INTERNAL = (
    Q(role__can_edit_data=True)
    | Q(role__can_approve=True)
    | Q(role__can_manage_units=True)
    | Q(role__can_grant=True)
    | Q(role__can_brief=True)
    | Q(role__can_access_admin=True, role__can_publish_portal=False)
)


def version_in_force(on: date) -> HierarchyVersion | None:
    """The published hierarchy version in force on ``on``."""
    return (
        HierarchyVersion.objects.filter(published_at__isnull=False, effective_date__lte=on)
        .order_by("-effective_date")
        .first()
    )


def memberships_of(user: AnyUser, capability: str | None = None) -> QuerySet[Membership]:
    """The user's memberships valid today, optionally only those whose role has ``capability``
    (a column of ``Role.CAPABILITIES``, or ``READ_INTERNAL``)."""
    if not user.is_authenticated or isinstance(user, SystemActor):
        return Membership.objects.none()
    memberships = Membership.objects.valid_on(timezone.localdate()).filter(user=user)
    if capability == READ_INTERNAL:
        return memberships.filter(_READS_INTERNAL)
    if capability:
        if capability not in Role.CAPABILITIES:
            raise ValueError(f"unknown capability {capability!r}")
        memberships = memberships.filter(**{f"role__{capability}": True})
    return memberships


def capabilities_held(user: AnyUser) -> set[str]:
    """The capabilities the user's roles give today anywhere, in one query (``""`` stands for
    "some role"); administrators hold them all."""
    if not user.is_authenticated:
        return set()
    if user.is_superuser:
        return {"", *Role.CAPABILITIES}
    held: set[str] = set()
    for flags in memberships_of(user).values(*(f"role__{name}" for name in Role.CAPABILITIES)):
        held.add("")
        held.update(name for name in Role.CAPABILITIES if flags[f"role__{name}"])
    return held


def has_capability(user: AnyUser, capability: str | None) -> bool:
    """Whether the user holds ``capability`` anywhere (administrators: always)."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or memberships_of(user, capability).exists()


def predecessors(unit_ids: set[int]) -> set[int]:
    """The units that ``unit_ids`` succeeded, transitively (merges, splits, transfers)."""
    found: set[int] = set()
    frontier = set(unit_ids)
    while frontier:
        frontier = (
            set(
                Succession.objects.filter(successor_id__in=frontier)
                .exclude(predecessor_id__in=found | unit_ids)
                .values_list("predecessor_id", flat=True)
            )
            - found
        )
        found |= frontier
    return found


def scope_roots(user: AnyUser, capability: str | None = None) -> set[int] | None:
    """Ids of the units whose subtrees the user reaches with ``capability``; None = all."""
    if user.is_authenticated and user.is_superuser:
        return EVERYTHING
    roots = set(memberships_of(user, capability).values_list("unit_id", flat=True))
    return roots | predecessors(roots)


def placements_in_scope(
    user: AnyUser, version: HierarchyVersion | None, capability: str | None = None
) -> QuerySet[Placement]:
    """Placements of ``version`` within the user's reach with ``capability``."""
    if version is None:
        return Placement.objects.none()
    placements = Placement.objects.filter(version=version)
    roots = scope_roots(user, capability)
    if roots is EVERYTHING:
        return placements
    root_paths = list(placements.filter(unit_id__in=roots).values_list("path", flat=True))
    if not root_paths:
        return Placement.objects.none()
    condition = Q()
    for path in root_paths:
        condition |= Q(path__startswith=path)
    return placements.filter(condition)


def units_in_scope(user: AnyUser, on: date, capability: str | None = None) -> QuerySet[Unit]:
    """Units placed, in the tree in force on ``on``, within the user's reach."""
    placements = placements_in_scope(user, version_in_force(on), capability)
    return Unit.objects.filter(pk__in=placements.values("unit_id"))


def can(
    user: AnyUser,
    capability: str | None,
    unit: Unit,
    *,
    version: HierarchyVersion | None = None,
) -> bool:
    """Whether the user may act with ``capability`` on ``unit``.

    The unit is looked up in ``version`` (default: the tree in force today); a unit that
    tree no longer places is judged by the last published tree that placed it.
    """
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    version = version or version_in_force(timezone.localdate())
    if version is None:
        return False
    if not unit.placements.filter(version=version).exists():
        last = (
            HierarchyVersion.objects.filter(placements__unit=unit, published_at__isnull=False)
            .order_by("-effective_date")
            .first()
        )
        if last is None:
            return False
        version = last
    scope = placements_in_scope(user, version, capability)
    return scope.filter(unit=unit).exists()


def unit_within(top: Unit, unit: Unit, version: HierarchyVersion | None = None) -> bool:
    """Whether ``unit`` is ``top`` or below it in ``version`` (default: today's tree)."""
    if top.pk == unit.pk:
        return True
    version = version or version_in_force(timezone.localdate())
    top_placement = Placement.objects.filter(version=version, unit=top).first()
    if top_placement is None:
        return False
    return Placement.objects.subtree_of(top_placement).filter(unit=unit).exists()


def units_in_scope_or_above(user: AnyUser, on: date) -> QuerySet[Unit]:
    """The units within the user's reach on ``on`` and those above them: the bodies whose
    documents a unit receives and implements."""
    version = version_in_force(on)
    reach = placements_in_scope(user, version)
    step = Placement.PATH_STEP
    above = {
        path[:end]
        for path in reach.filter(unit_id__in=scope_roots(user, None) or []).values_list(
            "path", flat=True
        )
        for end in range(step, len(path), step)
    }
    above_units = Placement.objects.filter(version=version, path__in=above).values("unit_id")
    return Unit.objects.filter(Q(pk__in=reach.values("unit_id")) | Q(pk__in=above_units))


def units_in_scope_any_time(user: AnyUser, capability: str | None = None) -> QuerySet[Unit]:
    """Units within the user's reach in any published tree: a city specialist still reaches
    the records of a district dissolved in 2025."""
    if scope_roots(user, capability) is EVERYTHING:
        return Unit.objects.all()
    unit_ids: set[int] = set()
    for version in HierarchyVersion.objects.filter(published_at__isnull=False):
        placements = placements_in_scope(user, version, capability)
        unit_ids.update(placements.values_list("unit_id", flat=True))
    return Unit.objects.filter(pk__in=unit_ids)
