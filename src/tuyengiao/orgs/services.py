"""Writes to the organisation tree and to people's roles: atomic, checked, audit-logged.

Structural changes (create, move, merge, split, dissolve) are made in a draft hierarchy
version, which takes effect when published; renames are dated and need no version. Every
change records what became of each unit as ``Succession`` rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from tuyengiao.core.actors import Actor, person_of
from tuyengiao.core.audit import audit
from tuyengiao.core.formatting import format_date
from tuyengiao.core.models import User
from tuyengiao.core.text import collation_key, fold, normalize
from tuyengiao.orgs.access import (
    can,
    has_capability,
    memberships_of,
    unit_within,
    version_in_force,
)
from tuyengiao.orgs.models import (
    HierarchyVersion,
    Membership,
    Placement,
    Role,
    Succession,
    Unit,
    UnitKind,
    UnitProfile,
)

SHARE_TOLERANCE = Decimal("0.0001")


@dataclass(frozen=True)
class NewUnit:
    """What a merge or split creates: a unit's code, name, kind and parent."""

    code: str
    name: str
    kind: UnitKind
    parent: Unit | None = None
    abbreviation: str = ""
    is_demo: bool = False


@dataclass(frozen=True)
class SplitPart:
    """One successor of a split: an existing unit or a new one, with the share it takes."""

    share: Decimal
    unit: Unit | None = None
    new: NewUnit | None = None


# --- Checks ----------------------------------------------------------------------------------


def _require(
    actor: Actor, capability: str, unit: Unit | None, version: HierarchyVersion | None
) -> None:
    """Refuse unless ``actor`` may act with ``capability`` on ``unit``.

    ``unit`` None stands for the top of the tree (a new root unit): only administrators and
    the system, who reach everything, may act there.
    """
    allowed = actor.is_superuser if unit is None else can(actor, capability, unit, version=version)
    if not allowed:
        raise PermissionDenied(_("You may not change this unit."))


def _require_manager(actor: Actor, message: str) -> None:
    """Refuse, with ``message``, unless ``actor`` may change the tree somewhere."""
    if not has_capability(actor, "can_manage_units"):
        raise PermissionDenied(message)


def _require_draft(version: HierarchyVersion) -> None:
    if version.is_published:
        raise ValidationError(
            _(
                "Version “%(version)s” is published; create a new version to change the "
                "organisation tree."
            )
            % {"version": version.name}
        )


def _placement(version: HierarchyVersion, unit: Unit) -> Placement:
    placement = Placement.objects.filter(version=version, unit=unit).first()
    if placement is None:
        raise ValidationError(
            _("Unit %(code)s is not in version “%(version)s”.")
            % {"code": unit.code, "version": version.name}
        )
    return placement


def _clean_code(code: str) -> str:
    code = code.strip()
    if not code or any(not (char.isalnum() or char in ".-_") for char in code):
        raise ValidationError(
            {
                "code": _("Unit code “%(code)s” may only contain letters, digits, dots and dashes.")
                % {"code": code}
            }
        )
    return code


def _profile_fields(name: str) -> dict[str, str]:
    name = normalize(name)
    if not name:
        raise ValidationError({"name": _("The unit name cannot be empty.")})
    return {"name": name, "name_folded": fold(name), "sort_key": collation_key(name)}


def _record(
    version: HierarchyVersion,
    kind: str,
    predecessor: Unit,
    successor: Unit | None,
    *,
    legal_basis: str,
    share: Decimal = Decimal(1),
    note: str = "",
) -> Succession:
    """Record what became of ``predecessor`` on the version's effective date."""
    return Succession.objects.create(
        kind=kind,
        predecessor=predecessor,
        successor=successor,
        share=share,
        effective_date=version.effective_date,
        legal_basis=legal_basis,
        version=version,
        note=note,
    )


# --- Versions --------------------------------------------------------------------------------


@transaction.atomic
def hierarchy_version_create(
    *, effective_date: date, name: str, legal_basis: str = "", actor: Actor
) -> HierarchyVersion:
    """A draft version effective on ``effective_date``, copying the tree in force before it."""
    _require_manager(actor, _("You may not change the organisation tree."))
    latest = HierarchyVersion.objects.filter(published_at__isnull=False).order_by("-effective_date")
    latest_date = latest.values_list("effective_date", flat=True).first()
    if latest_date is not None and effective_date <= latest_date:
        raise ValidationError(
            {
                "effective_date": _(
                    "The effective date must be after %(date)s, the date of the latest version."
                )
                % {"date": format_date(latest_date)}
            }
        )
    if HierarchyVersion.objects.filter(effective_date=effective_date).exists():
        raise ValidationError(
            {"effective_date": _("A version with this effective date already exists.")}
        )
    version = HierarchyVersion.objects.create(
        effective_date=effective_date, name=name.strip(), legal_basis=legal_basis.strip()
    )
    source = version_in_force(effective_date)
    if source is not None:
        Placement.objects.bulk_create(
            Placement(
                version=version,
                unit_id=p.unit_id,
                parent_id=p.parent_id,
                path=p.path,
                depth=p.depth,
            )
            for p in source.placements.all()
        )
    audit(
        instance=version,
        action="wagtail.create",
        actor=actor,
        data={"copied_from": source and source.pk},
    )
    return version


def hierarchy_version_draft_for(
    *, effective_date: date, name: str, legal_basis: str = "", actor: Actor
) -> HierarchyVersion:
    """The draft version for ``effective_date``, created if there is none yet."""
    draft = HierarchyVersion.objects.filter(
        effective_date=effective_date, published_at__isnull=True
    ).first()
    return draft or hierarchy_version_create(
        effective_date=effective_date, name=name, legal_basis=legal_basis, actor=actor
    )


@transaction.atomic
def hierarchy_version_publish(*, version: HierarchyVersion, actor: Actor) -> HierarchyVersion:
    """Put a draft version in force from its effective date, after checking the tree."""
    _require_draft(version)
    _require_manager(actor, _("You may not publish the organisation tree."))
    placements = list(version.placements.select_related("unit"))
    placed = {p.unit_id: p for p in placements}
    problems = []
    for placement in placements:
        code = {"code": placement.unit.code}
        parent = placed.get(placement.parent_id) if placement.parent_id else None
        if placement.parent_id and parent is None:
            problems.append(_("%(code)s: the parent unit is not in the version") % code)
        expected = (parent.path if parent else "") + Placement.path_segment(placement.unit_id)
        if placement.path != expected:
            problems.append(_("%(code)s: the tree path does not match") % code)
        if not placement.unit.exists_on(version.effective_date):
            problems.append(_("%(code)s: the unit does not exist on the effective date") % code)
    if problems:
        raise ValidationError(problems)
    version.published_at = timezone.now()
    version.published_by = person_of(actor)
    version.save(update_fields=["published_at", "published_by", "updated_at"])
    audit(instance=version, action="wagtail.publish", actor=actor)
    return version


# --- Units -----------------------------------------------------------------------------------


def _place(version: HierarchyVersion, unit: Unit, parent: Unit | None) -> Placement:
    parent_placement = _placement(version, parent) if parent else None
    return Placement.objects.create(
        version=version,
        unit=unit,
        parent=parent,
        path=(parent_placement.path if parent_placement else "") + Placement.path_segment(unit.pk),
        depth=parent_placement.depth + 1 if parent_placement else 0,
    )


def _new_unit(spec: NewUnit, *, version: HierarchyVersion, legal_basis: str) -> Unit:
    code = _clean_code(spec.code)
    if Unit.objects.filter(code=code).exists():
        raise ValidationError(
            {"code": _("Unit code “%(code)s” is already in use.") % {"code": code}}
        )
    unit = Unit.objects.create(code=code, valid_from=version.effective_date, is_demo=spec.is_demo)
    UnitProfile.objects.create(
        unit=unit,
        abbreviation=spec.abbreviation.strip(),
        kind=spec.kind,
        valid_from=version.effective_date,
        legal_basis=legal_basis,
        **_profile_fields(spec.name),
    )
    _place(version, unit, spec.parent)
    return unit


@transaction.atomic
def unit_create(
    *, version: HierarchyVersion, spec: NewUnit, legal_basis: str = "", actor: Actor
) -> Unit:
    """Create a unit in a draft version, under ``spec.parent`` (None: a root)."""
    _require_draft(version)
    _require(actor, "can_manage_units", spec.parent, version)
    unit = _new_unit(spec, version=version, legal_basis=legal_basis)
    audit(instance=unit, action="wagtail.create", actor=actor, data={"version": version.pk})
    return unit


@transaction.atomic
def unit_rename(
    *,
    unit: Unit,
    name: str,
    effective_date: date,
    abbreviation: str | None = None,
    kind: UnitKind | None = None,
    legal_basis: str = "",
    actor: Actor,
) -> UnitProfile:
    """Give ``unit`` a new name (and optionally abbreviation or kind) from ``effective_date``."""
    _require(actor, "can_manage_units", unit, version_in_force(timezone.localdate()))
    current = unit.profiles.in_force_on(effective_date).first()
    if current is None:
        raise ValidationError({"effective_date": _("The unit does not exist on this date.")})
    if current.valid_to is not None or current.valid_from >= effective_date:
        raise ValidationError(
            {
                "effective_date": _(
                    "A unit can only be renamed after its latest rename, while it still exists."
                )
            }
        )
    current.valid_to = effective_date - timedelta(days=1)
    current.save(update_fields=["valid_to"])
    profile = UnitProfile.objects.create(
        unit=unit,
        abbreviation=current.abbreviation if abbreviation is None else abbreviation.strip(),
        kind=kind or current.kind,
        valid_from=effective_date,
        legal_basis=legal_basis,
        **_profile_fields(name),
    )
    Succession.objects.create(
        kind=Succession.Kind.RENAME,
        predecessor=unit,
        successor=unit,
        effective_date=effective_date,
        legal_basis=legal_basis,
        note=f"{current.name} → {profile.name}",
    )
    audit(
        instance=unit,
        action="wagtail.rename",
        actor=actor,
        data={
            "from": current.name,
            "to": profile.name,
            "effective_date": effective_date.isoformat(),
        },
    )
    return profile


def _reparent(version: HierarchyVersion, placement: Placement, parent: Unit | None) -> None:
    """Move ``placement`` and its subtree under ``parent``, rewriting their paths."""
    parent_placement = _placement(version, parent) if parent else None
    if parent_placement and parent_placement.path.startswith(placement.path):
        raise ValidationError(_("A unit cannot be moved under itself."))
    old_prefix = placement.path
    new_prefix = (parent_placement.path if parent_placement else "") + Placement.path_segment(
        placement.unit_id
    )
    shift = (parent_placement.depth + 1 if parent_placement else 0) - placement.depth
    subtree = list(Placement.objects.subtree_of(placement))
    for item in subtree:
        item.path = new_prefix + item.path[len(old_prefix) :]
        item.depth += shift
        if item.pk == placement.pk:
            item.parent = parent
    # Paths are unique per version: park the old ones first so that no update collides.
    Placement.objects.filter(pk__in=[item.pk for item in subtree]).update(
        path=Concat(Value("~"), Cast("pk", CharField()))
    )
    Placement.objects.bulk_update(subtree, ["path", "depth", "parent"])


@transaction.atomic
def unit_move(
    *,
    version: HierarchyVersion,
    unit: Unit,
    new_parent: Unit | None,
    legal_basis: str = "",
    actor: Actor,
) -> Placement:
    """Transfer ``unit`` (with its subtree) under ``new_parent`` in a draft version."""
    _require_draft(version)
    _require(actor, "can_manage_units", unit, version)
    _require(actor, "can_manage_units", new_parent, version)
    placement = _placement(version, unit)
    old_parent = placement.parent
    _reparent(version, placement, new_parent)
    _record(
        version,
        Succession.Kind.TRANSFER,
        unit,
        unit,
        legal_basis=legal_basis,
        note=f"{old_parent.code if old_parent else '—'} → {new_parent.code if new_parent else '—'}",
    )
    audit(
        instance=unit,
        action="wagtail.move",
        actor=actor,
        data={
            "version": version.pk,
            "from": old_parent and old_parent.code,
            "to": new_parent and new_parent.code,
        },
    )
    return _placement(version, unit)


def _end(unit: Unit, version: HierarchyVersion) -> None:
    """Close a unit that stops existing on the version's effective date: its existence, its
    profile and the memberships in it end the day before."""
    last_day = version.effective_date - timedelta(days=1)
    if unit.valid_from > last_day:
        raise ValidationError(
            _("Unit %(code)s starts on the effective date and cannot end.") % {"code": unit.code}
        )
    unit.valid_to = last_day
    unit.save(update_fields=["valid_to", "updated_at"])
    still_open = Q(valid_to__isnull=True) | Q(valid_to__gt=last_day)
    unit.profiles.filter(still_open, valid_from__lte=last_day).update(valid_to=last_day)
    memberships = Membership.objects.filter(unit=unit, revoked_at__isnull=True)
    memberships.filter(still_open, valid_from__lte=last_day).update(valid_to=last_day)
    memberships.filter(valid_from__gt=last_day).update(revoked_at=timezone.now())
    Placement.objects.filter(version=version, unit=unit).delete()


def _move_children(version: HierarchyVersion, unit: Unit, to: Unit) -> list[str]:
    moved = []
    for child in Placement.objects.filter(version=version, parent=unit).select_related("unit"):
        _reparent(version, child, to)
        moved.append(child.unit.code)
    return moved


@transaction.atomic
def unit_merge(
    *,
    version: HierarchyVersion,
    units: list[Unit],
    into: Unit | NewUnit,
    legal_basis: str = "",
    actor: Actor,
) -> Unit:
    """Merge ``units`` into an existing unit or a new one, in a draft version.

    Their children move under the successor; each merged unit ends the day before the
    version's effective date, with a ``merge`` succession to the successor.
    """
    _require_draft(version)
    if not [unit for unit in units if unit != into]:
        raise ValidationError(_("Choose at least one other unit to merge."))
    for unit in units:
        _require(actor, "can_manage_units", unit, version)
        _placement(version, unit)
    if isinstance(into, NewUnit):
        _require(actor, "can_manage_units", into.parent, version)
        successor = _new_unit(into, version=version, legal_basis=legal_basis)
    else:
        _require(actor, "can_manage_units", into, version)
        _placement(version, into)
        successor = into
    merged = [unit for unit in units if unit != successor]
    if successor_placement := Placement.objects.filter(version=version, unit=successor).first():
        for unit in merged:
            if successor_placement.path.startswith(_placement(version, unit).path):
                raise ValidationError(_("A unit cannot be merged into a unit below it."))
    moved: list[str] = []
    for unit in merged:
        moved += _move_children(version, unit, successor)
        _record(version, Succession.Kind.MERGE, unit, successor, legal_basis=legal_basis)
        _end(unit, version)
    audit(
        instance=successor,
        action="tuyengiao.orgs.merge",
        actor=actor,
        data={"version": version.pk, "merged": [u.code for u in merged], "children_moved": moved},
    )
    return successor


@transaction.atomic
def unit_split(
    *,
    version: HierarchyVersion,
    unit: Unit,
    parts: list[SplitPart],
    children_to: dict[Unit, int] | None = None,
    legal_basis: str = "",
    actor: Actor,
) -> list[Unit]:
    """Split ``unit`` into ``parts`` (shares summing to 1), in a draft version.

    A part may be the unit itself (it keeps that share and continues) or another unit;
    otherwise the unit ends. ``children_to`` sends each child to a part by index (default:
    the first part).
    """
    _require_draft(version)
    _require(actor, "can_manage_units", unit, version)
    placement = _placement(version, unit)
    if len(parts) < 2:
        raise ValidationError(_("A split needs at least two successor units."))
    total = sum((part.share for part in parts), Decimal(0))
    if abs(total - 1) > SHARE_TOLERANCE or any(part.share <= 0 for part in parts):
        raise ValidationError(
            _(
                "The shares of the parts must be positive and add up to 1 "
                "(they add up to %(total)s)."
            )
            % {"total": total}
        )
    successors: list[Unit] = []
    for part in parts:
        if (part.unit is None) == (part.new is None):
            raise ValidationError(_("Each part is either an existing unit or a new one."))
        if part.new is not None:
            new = (
                part.new
                if part.new.parent
                else NewUnit(**{**part.new.__dict__, "parent": placement.parent})
            )
            _require(actor, "can_manage_units", new.parent, version)
            successors.append(_new_unit(new, version=version, legal_basis=legal_basis))
        else:
            existing = part.unit
            assert existing is not None  # exactly one of unit and new, checked above
            _require(actor, "can_manage_units", existing, version)
            _placement(version, existing)
            successors.append(existing)
    for child in Placement.objects.filter(version=version, parent=unit).select_related("unit"):
        index = (children_to or {}).get(child.unit, 0)
        if successors[index] != unit:
            _reparent(version, child, successors[index])
    for part, successor in zip(parts, successors, strict=True):
        _record(
            version,
            Succession.Kind.SPLIT,
            unit,
            successor,
            legal_basis=legal_basis,
            share=part.share,
        )
    if unit not in successors:
        _end(unit, version)
    audit(
        instance=unit,
        action="tuyengiao.orgs.split",
        actor=actor,
        data={
            "version": version.pk,
            "parts": [[s.code, str(p.share)] for p, s in zip(parts, successors, strict=True)],
        },
    )
    return successors


@transaction.atomic
def unit_dissolve(
    *,
    version: HierarchyVersion,
    unit: Unit,
    successor: Unit | None = None,
    legal_basis: str = "",
    actor: Actor,
) -> None:
    """Dissolve ``unit`` in a draft version; its children, if any, go to ``successor``."""
    _require_draft(version)
    _require(actor, "can_manage_units", unit, version)
    _placement(version, unit)
    has_children = Placement.objects.filter(version=version, parent=unit).exists()
    if has_children and successor is None:
        raise ValidationError(
            _("The unit still has units under it: choose the unit that takes them over.")
        )
    moved = _move_children(version, unit, successor) if successor else []
    _record(version, Succession.Kind.DISSOLVE, unit, successor, legal_basis=legal_basis)
    _end(unit, version)
    audit(
        instance=unit,
        action="tuyengiao.orgs.dissolve",
        actor=actor,
        data={
            "version": version.pk,
            "successor": successor and successor.code,
            "children_moved": moved,
        },
    )


# --- Memberships -----------------------------------------------------------------------------


def _capabilities_at(actor: Actor, unit: Unit) -> set[str]:
    """The capabilities ``actor`` holds today through roles in units containing ``unit``
    (administrators and the system: all of them)."""
    if actor.is_superuser:
        return set(Role.CAPABILITIES)
    return {
        capability
        for membership in memberships_of(actor).select_related("role", "unit")
        if unit_within(membership.unit, unit)
        for capability in Role.CAPABILITIES
        if getattr(membership.role, capability)
    }


@transaction.atomic
def membership_grant(
    *,
    user: User,
    unit: Unit,
    role: Role,
    valid_from: date,
    valid_to: date | None = None,
    actor: Actor,
) -> Membership:
    """Give ``user`` the ``role`` in ``unit`` for a period.

    A granter needs a role that may grant within a subtree containing ``unit``, and may only
    hand out roles whose rights they hold there themselves: a leader can make a ward officer
    or another leader, but not a specialist (who may change the tree) or a portal editor.
    """
    if not can(actor, "can_grant", unit):
        raise PermissionDenied(_("You may only grant roles within the units you manage."))
    wanted = {capability for capability in Role.CAPABILITIES if getattr(role, capability)}
    if not wanted <= _capabilities_at(actor, unit):
        raise PermissionDenied(
            _(
                "The role “%(role)s” carries rights you do not hold in this unit; "
                "you cannot grant it."
            )
            % {"role": role.name}
        )
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError({"valid_to": _("The end date must be after the start date.")})
    overlapping = Membership.objects.filter(
        user=user, unit=unit, role=role, revoked_at__isnull=True
    ).exclude(valid_to__lt=valid_from)
    if valid_to is not None:
        overlapping = overlapping.exclude(valid_from__gt=valid_to)
    if overlapping.exists():
        raise ValidationError(
            _("This person already holds this role in the unit during that period.")
        )
    membership = Membership.objects.create(
        user=user,
        unit=unit,
        role=role,
        valid_from=valid_from,
        valid_to=valid_to,
        granted_by=person_of(actor),
    )
    audit(
        instance=membership,
        action="wagtail.create",
        actor=actor,
        data={"user": user.pk, "unit": unit.code, "role": role.code},
    )
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership, actor: Actor) -> Membership:
    """End a membership now; revoking twice is harmless."""
    if not can(actor, "can_grant", membership.unit):
        raise PermissionDenied(_("You may only revoke roles within the units you manage."))
    if membership.revoked_at is None:
        membership.revoked_at = timezone.now()
        membership.revoked_by = person_of(actor)
        membership.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
        audit(instance=membership, action="tuyengiao.orgs.revoke", actor=actor)
    return membership
