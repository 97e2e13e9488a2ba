"""Reads of the organisation tree for a given person and date."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tuyengiao.core.text import collation_key, fold
from tuyengiao.orgs.access import (
    AnyUser,
    can,
    placements_in_scope,
    scope_roots,
    version_in_force,
)
from tuyengiao.orgs.models import (
    HierarchyVersion,
    Membership,
    Placement,
    Succession,
    Unit,
    UnitProfile,
)


@dataclass
class TreeNode:
    """A unit as it stood on a date: its name then, and its children in Vietnamese order."""

    unit: Unit
    profile: UnitProfile | None
    depth: int
    parent_id: int | None
    matches: bool = True
    children: list[TreeNode] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.profile.name if self.profile else self.unit.code

    @property
    def sort_key(self) -> str:
        return self.profile.sort_key if self.profile else collation_key(self.unit.code)


def _profiles_on(unit_ids: list[int], on: date) -> dict[int, UnitProfile]:
    profiles = UnitProfile.objects.in_force_on(on).filter(unit_id__in=unit_ids)
    return {profile.unit_id: profile for profile in profiles.select_related("kind")}


def tree_as_of(user: AnyUser, on: date, *, query: str = "") -> list[TreeNode]:
    """The units the user may see, as the tree in force on ``on``: roots of the user's reach
    first, each level in Vietnamese alphabetical order.

    With ``query``, only units whose name (accents ignored) or code contains it are kept, with
    their ancestors for context (marked ``matches=False``).
    """
    placements = list(
        placements_in_scope(user, version_in_force(on)).select_related("unit").order_by("path")
    )
    profiles = _profiles_on([p.unit_id for p in placements], on)
    nodes = {
        p.unit_id: TreeNode(p.unit, profiles.get(p.unit_id), p.depth, p.parent_id)
        for p in placements
    }
    if query:
        needle = fold(query)
        keep: set[int] = set()
        by_path = {p.path: p.unit_id for p in placements}
        for placement in placements:
            node = nodes[placement.unit_id]
            node.matches = needle in fold(node.name) or needle in placement.unit.code.lower()
            if node.matches:
                step = Placement.PATH_STEP
                keep.update(
                    by_path[placement.path[:end]]
                    for end in range(step, len(placement.path) + 1, step)
                    if placement.path[:end] in by_path
                )
        nodes = {unit_id: node for unit_id, node in nodes.items() if unit_id in keep}
    roots: list[TreeNode] = []
    for node in nodes.values():
        parent = nodes.get(node.parent_id) if node.parent_id else None
        (parent.children if parent else roots).append(node)
    for node in nodes.values():
        node.children.sort(key=lambda child: child.sort_key)
    roots.sort(key=lambda node: node.sort_key)
    return roots


def flatten(nodes: list[TreeNode]) -> list[TreeNode]:
    """The tree in display order: each node followed by its subtree."""
    result = []
    for node in nodes:
        result.append(node)
        result.extend(flatten(node.children))
    return result


def unit_for_user(user: AnyUser, code: str) -> Unit:
    """The unit with ``code`` if the user may see it (today, or when it last existed)."""
    unit = (
        Unit.objects.filter(code=code)
        .prefetch_related(Prefetch("profiles", UnitProfile.objects.select_related("kind")))
        .first()
    )
    if unit is None or not can(user, None, unit):
        raise Http404(_("Unit not found."))
    return unit


def ancestors(unit: Unit, on: date) -> list[Unit]:
    """The units above ``unit`` in the tree in force on ``on``, from the root down."""
    placement = Placement.objects.filter(version=version_in_force(on), unit=unit).first()
    if placement is None:
        return []
    above = Placement.objects.ancestors_of(placement).select_related("unit")
    return [p.unit for p in above.prefetch_related("unit__profiles")]


def descendants(unit: Unit, on: date) -> QuerySet[Unit]:
    """The units below ``unit`` in the tree in force on ``on``."""
    placement = Placement.objects.filter(version=version_in_force(on), unit=unit).first()
    if placement is None:
        return Unit.objects.none()
    below = Placement.objects.subtree_of(placement, inclusive=False)
    return Unit.objects.filter(pk__in=below.values("unit_id"))


def unit_find(user: AnyUser, text: str, on: date) -> list[Unit]:
    """Units the user may see on ``on`` whose code or name then matches ``text``: an exact
    code first, then exact names (accents ignored), then names containing it."""
    needle = fold(text)
    if not needle:
        return []
    visible = placements_in_scope(user, version_in_force(on)).values("unit_id")
    exact_code = list(Unit.objects.filter(pk__in=visible, code__iexact=text.strip()))
    profiles = (
        UnitProfile.objects.in_force_on(on)
        .filter(unit_id__in=visible, name_folded__contains=needle)
        .select_related("unit")
        .order_by("sort_key")
    )
    ranked = sorted(profiles, key=lambda profile: profile.name_folded != needle)
    found = exact_code + [p.unit for p in ranked if p.unit not in exact_code]
    return found


def successor_shares(unit: Unit) -> dict[Unit, Decimal]:
    """Where a unit's figures go today: each final successor with the share it carries
    (products of split shares along the way). A unit still in existence maps to itself; one
    dissolved without a successor maps to nothing."""
    result: dict[Unit, Decimal] = {}
    stack = [(unit, Decimal(1), frozenset({unit.pk}))]
    while stack:
        current, share, seen = stack.pop()
        steps = list(
            Succession.objects.filter(predecessor=current, successor__isnull=False)
            .exclude(successor=current)
            .select_related("successor")
        )
        if not steps:
            dissolved = Succession.objects.filter(
                predecessor=current, kind=Succession.Kind.DISSOLVE, successor__isnull=True
            ).exists()
            if not dissolved:
                result[current] = result.get(current, Decimal(0)) + share
            continue
        for step in steps:
            successor = step.successor
            # The query above keeps only steps with a successor.
            assert successor is not None
            if successor.pk not in seen:
                stack.append((successor, share * step.share, seen | {successor.pk}))
    return result


def successor_chain(unit: Unit) -> list[Succession]:
    """Every succession that follows from ``unit``, in date order (renames included)."""
    chain: list[Succession] = []
    frontier, seen = [unit.pk], {unit.pk}
    while frontier:
        steps = list(
            Succession.objects.filter(predecessor_id__in=frontier).select_related(
                "predecessor", "successor"
            )
        )
        chain += steps
        frontier = [s.successor_id for s in steps if s.successor_id and s.successor_id not in seen]
        seen.update(frontier)
    return sorted(chain, key=lambda s: (s.effective_date, s.pk))


@dataclass
class HistoryEvent:
    """One line of a unit's timeline."""

    on: date
    kind: str
    text: str


def unit_history(unit: Unit) -> list[HistoryEvent]:
    """A unit's timeline: names, places in each version, successions, newest first."""
    events = [
        HistoryEvent(
            p.valid_from,
            "name",
            f"{p.name}" + (f" ({p.abbreviation})" if p.abbreviation else "") + f" — {p.kind.name}",
        )
        for p in unit.profiles.select_related("kind")
    ]
    placements = (
        Placement.objects.filter(unit=unit, version__published_at__isnull=False)
        .select_related("version", "parent")
        .prefetch_related("parent__profiles")
        .order_by("version__effective_date")
    )
    previous_parent: object = object()
    for placement in placements:
        if placement.parent_id != previous_parent:
            parent = placement.parent
            parent_name = str(parent) if parent else "—"
            events.append(
                HistoryEvent(
                    placement.version.effective_date,
                    "placement",
                    _("Under %(parent)s (version “%(version)s”)")
                    % {"parent": parent_name, "version": placement.version.name},
                )
            )
            previous_parent = placement.parent_id
    outgoing = Succession.objects.filter(predecessor=unit).select_related("successor")
    for succession in outgoing.prefetch_related("successor__profiles"):
        if succession.kind == Succession.Kind.RENAME:
            continue
        target = f" → {succession.successor}" if succession.successor_id else ""
        share = f" ({succession.share:.0%})" if succession.share != 1 else ""
        events.append(
            HistoryEvent(
                succession.effective_date,
                succession.kind,
                f"{succession.get_kind_display().capitalize()}{target}{share}",
            )
        )
    incoming = Succession.objects.filter(successor=unit).exclude(predecessor=unit)
    for succession in incoming.select_related("predecessor").prefetch_related(
        "predecessor__profiles"
    ):
        events.append(
            HistoryEvent(
                succession.effective_date,
                succession.kind,
                _("Took over %(unit)s (%(kind)s)")
                % {"unit": succession.predecessor, "kind": succession.get_kind_display()},
            )
        )
    return sorted(events, key=lambda event: event.on, reverse=True)


def memberships_visible_to(user: AnyUser) -> QuerySet[Membership]:
    """Memberships in units within the user's reach today (all for administrators)."""
    memberships = Membership.objects.select_related("user", "unit", "role", "granted_by")
    roots = scope_roots(user, None)
    if roots is None:
        return memberships
    visible = placements_in_scope(user, version_in_force(timezone.localdate())).values("unit_id")
    return memberships.filter(unit_id__in=visible)


def versions_visible_to(user: AnyUser) -> QuerySet[HierarchyVersion]:
    """All hierarchy versions (the list is not secret; their contents are filtered)."""
    return (
        HierarchyVersion.objects.all() if user.is_authenticated else HierarchyVersion.objects.none()
    )
