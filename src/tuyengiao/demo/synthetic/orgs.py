"""The organisation tree in two published versions, and the accounts that work in it.

Version 1 (1 January 2020): the top committee (Thành ủy Hà Nội, or the Central Committee
above 63 provinces) with its Ban Tuyên giáo and Ban Dân vận, the district committees with
their Ban Tuyên giáo, and the wards and communes under them.

Version 2 (1 July 2025): the two boards of each committee merge into a Ban Tuyên giáo và Dân
vận; for the country, 63 provinces become 34 (the first province of each group continues,
the others merge into it); the wards of each district are merged in groups into the new
wards and communes, placed directly under the city or province (one ward in some districts
is split between two new ones, with shares); the district committees and their boards are
dissolved. Every change is a ``Succession`` row of the version.

Rows are written in bulk (the services would take minutes at country size); each version is
then published through ``hierarchy_version_publish``, whose checks (paths, parents, units
existing on the date) guard the result. Accounts: one or more per unit, each with a role in
it for the unit's lifetime, all with the demo password.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from tuyengiao.core.actors import SYSTEM
from tuyengiao.core.text import collation_key, fold, normalize
from tuyengiao.demo.accounts import DEMO_PASSWORD
from tuyengiao.demo.orgs import code_part
from tuyengiao.demo.synthetic.base import (
    BEFORE,
    LAST_DAY_BEFORE,
    PROVINCE_BASIS,
    REFORM,
    REFORM_BASIS,
    Context,
    person_name,
)
from tuyengiao.demo.synthetic.places import (
    DISTRICT_TITLES,
    HANOI_DISTRICTS,
    HANOI_WARDS,
    PROVINCE_GROUPS,
    PROVINCE_TITLES,
    place_names,
    spread,
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
from tuyengiao.orgs.services import hierarchy_version_create, hierarchy_version_publish

BATCH = 2000


@dataclass(eq=False)
class Node:
    """A unit being generated: what it is called, where it sits, and its row once written."""

    code: str
    name: str
    abbreviation: str
    kind: str
    parent: Node | None
    level: str  # root, board, province, district, ward, commune
    place_kind: str = ""  # quận, huyện, phường, xã…
    place: str = ""  # the place name alone: Ba Đình
    unit: Unit | None = None
    ended: bool = False

    @property
    def pk(self) -> int:
        assert self.unit is not None
        return self.unit.pk


@dataclass
class Tree:
    """The generated tree; ``before`` and ``after`` list the units alive in each version."""

    root: Node
    board_before: Node
    board_after: Node
    before: list[Node] = field(default_factory=list)
    after: list[Node] = field(default_factory=list)
    wards: list[Node] = field(default_factory=list)
    communes: list[Node] = field(default_factory=list)
    districts: list[Node] = field(default_factory=list)
    version_before: HierarchyVersion | None = None
    version_after: HierarchyVersion | None = None
    successions: int = 0

    def alive_on(self, day: date) -> list[Node]:
        return self.before if day < REFORM else self.after


def _node(code: str, name: str, abbr: str, kind: str, parent: Node | None, level: str, **kw):
    return Node(code, normalize(name), abbr, kind, parent, level, **kw)


# --- Planning the tree -----------------------------------------------------------------------


def _root(ctx: Context) -> tuple[Node, Node, Node, Node]:
    """The top committee, its two boards before 2025 and the merged board after."""
    if ctx.scale.provinces:
        root = _node("VN", "Ban Chấp hành Trung ương Đảng", "TW", "central_committee", None, "root")
        names = ("Ban Tuyên giáo Trung ương", "Ban Dân vận Trung ương")
        merged = "Ban Tuyên giáo và Dân vận Trung ương"
        suffix = "TW"
    else:
        root = _node("HN", "Thành ủy Hà Nội", "TU", "city_committee", None, "root", place="Hà Nội")
        names = ("Ban Tuyên giáo Thành ủy", "Ban Dân vận Thành ủy")
        merged = "Ban Tuyên giáo và Dân vận Thành ủy"
        suffix = "TU"
    btg = _node(f"{root.code}.BTG", names[0], f"BTG{suffix}", "propaganda_board", root, "board")
    bdv = _node(
        f"{root.code}.BDV", names[1], f"BDV{suffix}", "mass_mobilisation_board", root, "board"
    )
    after = _node(f"{root.code}.BTGDV", merged, f"BTGDV{suffix}", "propaganda_board", root, "board")
    return root, btg, bdv, after


def _district_plan(ctx: Context, rng, province: Node) -> list[tuple[str, str]]:
    """(kind, name) of the districts of a province (the city's real ones for Hà Nội)."""
    if province.place == "Hà Nội":
        count = ctx.scale.districts if not ctx.scale.provinces else len(HANOI_DISTRICTS)
        if count == 1:
            return [("quận", "Thanh Xuân")]
        return list(HANOI_DISTRICTS[:count])
    count = max(3, ctx.scale.districts + rng.randint(-3, 3))
    names = place_names(rng, count)
    kinds = ["thành phố"] + [
        rng.choice(("huyện", "huyện", "huyện", "thị xã", "quận")) for _ in names[1:]
    ]
    return list(zip(kinds, names, strict=True))


def _ward_plan(rng, district: Node, count: int) -> list[tuple[str, str]]:
    """(kind, name) of ``count`` wards or communes of a district; Hà Nội's known ones first."""
    known = list(HANOI_WARDS.get(district.place, ()))
    level = "xã" if district.place_kind == "huyện" else "phường"
    extra = place_names(rng, max(0, count - len(known)), tuple(name for _, name in known))
    planned = known[:count] + [(level, name) for name in extra]
    if district.place_kind == "huyện" and not known and planned:
        planned[0] = ("thị trấn", planned[0][1])
    return planned


def plan_tree(ctx: Context) -> tuple[Tree, list[Node], list[Node], list[tuple]]:
    """The units of both versions, and the successions between them (not yet written).

    Returns the tree, the units of version 1 (parents before children), the new units of
    version 2, and the successions as (kind, predecessor, successor, share, legal basis).
    """
    rng = ctx.rng("orgs")
    root, btg, bdv, merged_board = _root(ctx)
    tree = Tree(root=root, board_before=btg, board_after=merged_board)
    first: list[Node] = [root, btg, bdv]
    new: list[Node] = [merged_board]
    successions: list[tuple] = [
        ("merge", btg, merged_board, Decimal(1), REFORM_BASIS),
        ("merge", bdv, merged_board, Decimal(1), REFORM_BASIS),
    ]
    # Groups of provinces: (continuing province, [all provinces of the group]).
    groups: list[tuple[Node, list[Node]]] = []
    if ctx.scale.provinces:
        for group in PROVINCE_GROUPS:
            members = []
            for kind, name in group:
                title, abbr = PROVINCE_TITLES[kind]
                code = f"{root.code}.{code_part(name)}"
                province = _node(
                    code, f"{title} {name}", abbr, "city_committee", root, "province",
                    place_kind=kind, place=name,
                )  # fmt: skip
                members.append(province)
                first.append(province)
                for board, label, unit_kind in (
                    ("BTG", "Ban Tuyên giáo", "propaganda_board"),
                    ("BDV", "Ban Dân vận", "mass_mobilisation_board"),
                ):
                    first.append(
                        _node(
                            f"{code}.{board}",
                            f"{label} {title} {name}",
                            f"{board}TU",
                            unit_kind,
                            province,
                            "board",
                        )
                    )
            groups.append((members[0], members))
    else:
        groups.append((root, [root]))
    # Districts of every province, then their wards.
    districts: list[Node] = []
    for _keep, members in groups:
        for province in members:
            for kind, name in _district_plan(ctx, rng, province):
                title, abbr = DISTRICT_TITLES[kind]
                code = f"{province.code}.{code_part(name)}"
                district = _node(
                    code, f"{title} {name}", abbr, "district_committee", province, "district",
                    place_kind=kind, place=name,
                )  # fmt: skip
                districts.append(district)
    ward_counts = spread(ctx.scale.wards, len(districts), rng)
    district_wards: dict[str, list[Node]] = {}
    for district, count in zip(districts, ward_counts, strict=True):
        first.append(district)
        board = _node(
            f"{district.code}.BTG", f"Ban Tuyên giáo {district.name}",
            f"BTG{district.abbreviation}", "propaganda_board", district, "board",
        )  # fmt: skip
        first.append(board)
        successions.append(("dissolve", board, None, Decimal(1), REFORM_BASIS))
        wards = []
        for level, name in _ward_plan(rng, district, count):
            ward = _node(
                f"{district.code}.{code_part(name)}", f"Đảng ủy {level} {name}", "ĐU",
                "commune_committee", district, "ward", place_kind=level, place=name,
            )  # fmt: skip
            wards.append(ward)
        district_wards[district.code] = wards
        first.extend(wards)
        tree.wards.extend(wards)
    tree.districts = districts
    # Version 2: merged provincial boards, then the new wards and communes by merges.
    ratio = ctx.scale.wards / ctx.scale.communes
    for split_index, (keep, members) in enumerate(groups):
        if ctx.scale.provinces:
            board = _node(
                f"{keep.code}.BTGDV", f"Ban Tuyên giáo và Dân vận {keep.name}", "BTGDVTU",
                "propaganda_board", keep, "board",
            )  # fmt: skip
            new.append(board)
            for province in members:
                for old in first:
                    if old.parent is province and old.level == "board":
                        successions.append(("merge", old, board, Decimal(1), REFORM_BASIS))
                if province is not keep:
                    successions.append(("merge", province, keep, Decimal(1), PROVINCE_BASIS))
                    province.ended = True
        taken: set[str] = set()  # folded names of the group's new units
        for number, district in enumerate(d for d in districts if d.parent in members):
            wards = district_wards[district.code]
            count = max(1, round(len(wards) / ratio))
            sizes = spread(len(wards), count, rng, low=0.8)
            chunks, start = [], 0
            for size in sizes:
                chunks.append(wards[start : start + size])
                start += size
            level = "xã" if district.place_kind == "huyện" else "phường"
            created = []
            for chunk in chunks:
                name = next((w.place for w in chunk if fold(w.place) not in taken), None)
                name = name or place_names(rng, 1, tuple(sorted(taken)))[0]
                taken.add(fold(name))
                commune = _node(
                    f"{keep.code}.{'P' if level == 'phường' else 'X'}.{code_part(name)}",
                    f"Đảng ủy {level} {name}", "ĐU", "commune_committee", keep, "commune",
                    place_kind=level, place=name,
                )  # fmt: skip
                created.append(commune)
                new.append(commune)
                tree.communes.append(commune)
            # One ward in every fifth district is shared between two new units.
            split = None
            if (number + split_index) % 5 == 0 and len(chunks) > 1 and len(chunks[0]) > 1:
                split = chunks[0][-1]
                successions.append(("split", split, created[0], Decimal("0.6"), REFORM_BASIS))
                successions.append(("split", split, created[1], Decimal("0.4"), REFORM_BASIS))
            for chunk, commune in zip(chunks, created, strict=True):
                for ward in chunk:
                    if ward is not split:
                        successions.append(("merge", ward, commune, Decimal(1), REFORM_BASIS))
            successions.append(("dissolve", district, None, Decimal(1), REFORM_BASIS))
    for node in first:
        if node.level in ("ward", "district", "board"):
            node.ended = True
    tree.before = list(first)
    tree.after = [n for n in first if not n.ended] + new
    return tree, first, new, successions


# --- Writing it ------------------------------------------------------------------------------


def _depths(nodes: list[Node]) -> list[list[Node]]:
    """``nodes`` by depth, so that parents are written before their children."""
    by_depth: dict[int, list[Node]] = {}
    for node in nodes:
        depth, parent = 0, node.parent
        while parent is not None:
            depth, parent = depth + 1, parent.parent
        by_depth.setdefault(depth, []).append(node)
    return [by_depth[depth] for depth in sorted(by_depth)]


def _write(
    version: HierarchyVersion,
    nodes: list[Node],
    kinds: dict[str, UnitKind],
    paths: dict[int, tuple[str, int]],
    legal_basis: str,
) -> None:
    for level in _depths(nodes):
        units = Unit.objects.bulk_create(
            [Unit(code=n.code, valid_from=version.effective_date, is_demo=True) for n in level],
            batch_size=BATCH,
        )
        for node, unit in zip(level, units, strict=True):
            node.unit = unit
        UnitProfile.objects.bulk_create(
            [
                UnitProfile(
                    unit=node.unit,
                    name=node.name,
                    abbreviation=node.abbreviation,
                    kind=kinds[node.kind],
                    valid_from=version.effective_date,
                    legal_basis=legal_basis,
                    name_folded=fold(node.name),
                    sort_key=collation_key(node.name),
                )
                for node in level
            ],
            batch_size=BATCH,
        )
        placements = []
        for node in level:
            parent_path, depth = paths[node.parent.pk] if node.parent else ("", -1)
            paths[node.pk] = (parent_path + Placement.path_segment(node.pk), depth + 1)
            placements.append(
                Placement(
                    version=version,
                    unit=node.unit,
                    parent=node.parent.unit if node.parent else None,
                    path=paths[node.pk][0],
                    depth=depth + 1,
                )
            )
        Placement.objects.bulk_create(placements, batch_size=BATCH)


def _chunks(values: list[int], size: int = 5000):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def generate_orgs(ctx: Context) -> Tree:
    tree, first, new, successions = plan_tree(ctx)
    kinds = {kind.code: kind for kind in UnitKind.objects.all()}
    with ctx.bar("Cây tổ chức", len(first) + len(new)) as bar:
        version = hierarchy_version_create(
            effective_date=BEFORE, name="Hệ thống tổ chức trước sắp xếp năm 2025", actor=SYSTEM
        )
        paths: dict[int, tuple[str, int]] = {}
        _write(version, first, kinds, paths, "")
        hierarchy_version_publish(version=version, actor=SYSTEM)
        bar.update(len(first))
        after = hierarchy_version_create(
            effective_date=REFORM,
            name="Chính quyền địa phương hai cấp",
            legal_basis=REFORM_BASIS,
            actor=SYSTEM,
        )
        ended = [node.pk for node in first if node.ended]
        for chunk in _chunks(ended):
            Placement.objects.filter(version=after, unit_id__in=chunk).delete()
            Unit.objects.filter(pk__in=chunk).update(valid_to=LAST_DAY_BEFORE)
            UnitProfile.objects.filter(unit_id__in=chunk).update(valid_to=LAST_DAY_BEFORE)
        _write(after, new, kinds, paths, REFORM_BASIS)
        Succession.objects.bulk_create(
            [
                Succession(
                    kind=kind,
                    predecessor=predecessor.unit,
                    successor=successor.unit if successor else None,
                    share=share,
                    effective_date=REFORM,
                    legal_basis=basis,
                    version=after,
                )
                for kind, predecessor, successor, share, basis in successions
            ],
            batch_size=BATCH,
        )
        hierarchy_version_publish(version=after, actor=SYSTEM)
        bar.update(len(new))
    tree.version_before, tree.version_after = version, after
    tree.successions = len(successions)
    ctx.count("Đơn vị", len(first) + len(new))
    ctx.count("Phiên bản cây tổ chức", 2)
    ctx.count("Kế thừa (sắp xếp 2025)", len(successions))
    return tree


# --- Accounts --------------------------------------------------------------------------------

# Roles by kind of unit: (role code, username prefix).
ROLES_BY_LEVEL = {
    "root": (("leader", "lanhdao"), ("viewer", "theodoi")),
    "province": (("leader", "lanhdao"),),
    "board": (("specialist", "chuyenvien"), ("reporter", "baocaovien")),
    "district": (("leader", "lanhdao"),),
    "ward": (("grassroots_officer", "canbo"),),
    "commune": (("leader", "lanhdao"), ("grassroots_officer", "canbo")),
}
# Accounts of the top board after 2025 that edit the portal, grant roles and the like.
TOP_ROLES = (("portal_editor", "bientap"), ("system_admin", "quantri"))


def username(prefix: str, node: Node) -> str:
    return f"{prefix}.{node.code.lower()}"


def generate_accounts(ctx: Context, tree: Tree) -> dict[str, list[int]]:
    """Accounts and memberships; returns the user ids by unit code (for authorship)."""
    rng, fake = ctx.rng("accounts"), ctx.faker("accounts")
    User = get_user_model()
    # One hash for every account (a fixed salt keeps the run reproducible).
    password = make_password(DEMO_PASSWORD, salt="tuyengiaosynthetic")
    known = set(tree.before)
    nodes = tree.before + [node for node in tree.after if node not in known]
    wanted: list[tuple[Node, str, str]] = []
    for node in nodes:
        roles = ROLES_BY_LEVEL[node.level]
        if node is tree.board_after:
            roles = roles + TOP_ROLES
        wanted.extend((node, role, prefix) for role, prefix in roles)
    roles = {role.code: role for role in Role.objects.all()}
    by_unit: dict[str, list[int]] = {}
    with ctx.bar("Tài khoản", len(wanted)) as bar:
        for start in range(0, len(wanted), BATCH):
            batch = wanted[start : start + BATCH]
            people = []
            for node, role, prefix in batch:
                family_and_middle, _, given = person_name(fake, rng).rpartition(" ")
                people.append(
                    User(
                        username=username(prefix, node),
                        first_name=given,
                        last_name=family_and_middle,
                        password=password,
                        is_superuser=role == "system_admin",
                        is_staff=role == "system_admin",
                    )
                )
            users = User.objects.bulk_create(people)
            Membership.objects.bulk_create(
                Membership(
                    user=user,
                    unit=node.unit,
                    role=roles[role],
                    valid_from=node.unit.valid_from,
                    valid_to=LAST_DAY_BEFORE if node.ended else None,
                )
                for user, (node, role, _prefix) in zip(users, batch, strict=True)
            )
            for user, (node, _role, _prefix) in zip(users, batch, strict=True):
                by_unit.setdefault(node.code, []).append(user.pk)
            bar.update(len(batch))
    ctx.count("Tài khoản", len(wanted))
    ctx.count("Vai trò (membership)", len(wanted))
    return by_unit
