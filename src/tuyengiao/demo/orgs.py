"""Demo organisation tree of Hà Nội, in three published hierarchy versions.

1. 1 January 2020: the Thành ủy with its Ban Tuyên giáo and Ban Dân vận, the 30 district
   committees, and the wards of a few districts (Ba Đình and Thanh Xuân in full), down to one
   party cell.
2. 1 March 2025: the two city boards merge into the Ban Tuyên giáo và Dân vận Thành ủy.
3. 1 July 2025: two-level local government. New wards and communes directly under the
   Thành ủy are formed by merges (two wards are split between new ones); the district
   committees and their boards are dissolved.

Everything is written through the organisations services, as the system (so successions,
memberships ending and audit entries are real), and every unit is marked ``is_demo``: the
details illustrate the reorganisation and are not verified against the official lists, which
come in by import.
``docs/demo-data.md`` describes the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction

from tuyengiao.core.actors import SYSTEM
from tuyengiao.core.text import fold
from tuyengiao.demo.accounts import DEMO_ACCOUNTS, DemoDataError, ensure_demo_accounts
from tuyengiao.orgs.models import HierarchyVersion, Unit, UnitKind
from tuyengiao.orgs.services import (
    NewUnit,
    SplitPart,
    hierarchy_version_create,
    hierarchy_version_publish,
    unit_create,
    unit_dissolve,
    unit_merge,
    unit_split,
)

CITY_CODE = "HN"
CITY_BOARD_CODES = ("HN.BTGTU", "HN.BDVTU")
MERGED_BOARD_CODE = "HN.BTGDVTU"


@dataclass(frozen=True)
class DemoVersion:
    """A hierarchy version of the demo: when it takes effect, its name and legal basis."""

    effective_date: date
    name: str
    legal_basis: str = ""


BASE_VERSION = DemoVersion(date(2020, 1, 1), "Hệ thống tổ chức trước sắp xếp năm 2025")
BOARD_MERGE_VERSION = DemoVersion(
    date(2025, 3, 1),
    "Hợp nhất Ban Tuyên giáo và Ban Dân vận",
    "Quyết định của Ban Thường vụ Thành ủy về hợp nhất (dữ liệu minh họa)",
)
REFORM_VERSION = DemoVersion(
    date(2025, 7, 1),
    "Chính quyền địa phương hai cấp",
    "Nghị quyết 1656/NQ-UBTVQH15 ngày 16/6/2025",
)
VERSIONS = (BASE_VERSION, BOARD_MERGE_VERSION, REFORM_VERSION)

# --- Before 1 July 2025 ----------------------------------------------------------------------

# District level: (kind of district, name); the committee is "Quận ủy …", "Huyện ủy …"…
DISTRICTS: tuple[tuple[str, str], ...] = (
    *(
        ("quận", name)
        for name in (
            "Ba Đình",
            "Hoàn Kiếm",
            "Tây Hồ",
            "Long Biên",
            "Cầu Giấy",
            "Đống Đa",
            "Hai Bà Trưng",
            "Hoàng Mai",
            "Thanh Xuân",
            "Nam Từ Liêm",
            "Bắc Từ Liêm",
            "Hà Đông",
        )
    ),
    ("thị xã", "Sơn Tây"),
    *(
        ("huyện", name)
        for name in (
            "Ba Vì",
            "Chương Mỹ",
            "Đan Phượng",
            "Đông Anh",
            "Gia Lâm",
            "Hoài Đức",
            "Mê Linh",
            "Mỹ Đức",
            "Phú Xuyên",
            "Phúc Thọ",
            "Quốc Oai",
            "Sóc Sơn",
            "Thạch Thất",
            "Thanh Oai",
            "Thanh Trì",
            "Thường Tín",
            "Ứng Hòa",
        )
    ),
)
COMMITTEE_TITLES = {
    "quận": ("Quận ủy", "QU"),
    "thị xã": ("Thị ủy", "TU"),
    "huyện": ("Huyện ủy", "HU"),
}

# Districts whose Ban Tuyên giáo is in the demo.
DISTRICT_BOARDS = ("Ba Đình", "Thanh Xuân")


def _wards(level: str, *names: str) -> tuple[tuple[str, str], ...]:
    return tuple((level, name) for name in names)


# Commune level of some districts: (kind of commune, name); the committee is "Đảng ủy …".
WARDS: dict[str, tuple[tuple[str, str], ...]] = {
    "Ba Đình": _wards(
        "phường",
        "Cống Vị",
        "Điện Biên",
        "Đội Cấn",
        "Giảng Võ",
        "Kim Mã",
        "Liễu Giai",
        "Ngọc Hà",
        "Ngọc Khánh",
        "Nguyễn Trung Trực",
        "Phúc Xá",
        "Quán Thánh",
        "Thành Công",
        "Trúc Bạch",
        "Vĩnh Phúc",
    ),
    "Thanh Xuân": _wards(
        "phường",
        "Hạ Đình",
        "Khương Đình",
        "Khương Mai",
        "Khương Trung",
        "Kim Giang",
        "Nhân Chính",
        "Phương Liệt",
        "Thanh Xuân Bắc",
        "Thanh Xuân Nam",
        "Thanh Xuân Trung",
        "Thượng Đình",
    ),
    "Long Biên": _wards("phường", "Bồ Đề", "Gia Thụy", "Long Biên", "Ngọc Lâm", "Phúc Đồng"),
    "Hoàn Kiếm": _wards(
        "phường", "Hàng Bạc", "Hàng Đào", "Hàng Trống", "Lý Thái Tổ", "Phan Chu Trinh", "Tràng Tiền"
    ),
    "Phúc Thọ": (("thị trấn", "Phúc Thọ"), *_wards("xã", "Hát Môn", "Ngọc Tảo", "Tam Hiệp")),
    "Quốc Oai": (("thị trấn", "Quốc Oai"), *_wards("xã", "Phượng Cách", "Sài Sơn", "Yên Sơn")),
}

# One party cell, so that the tree has four levels.
PARTY_CELL = ("HN.BADINH.PHUCXA.CB1", "Chi bộ Tổ dân phố số 1")


def code_part(name: str) -> str:
    """A place name as a code segment: accents and spaces dropped, upper case (``BADINH``)."""
    return fold(name).replace(" ", "").upper()


def district_code(district: str) -> str:
    """The code of a district committee, e.g. ``HN.BADINH``."""
    return f"{CITY_CODE}.{code_part(district)}"


def district_board_code(district: str) -> str:
    """The code of a district's Ban Tuyên giáo, e.g. ``HN.BADINH.BTG``."""
    return f"{district_code(district)}.BTG"


def ward_code(district: str, ward: str) -> str:
    """The code of a ward or commune committee before 2025, e.g. ``HN.BADINH.PHUCXA``."""
    return f"{district_code(district)}.{code_part(ward)}"


# --- From 1 July 2025 ------------------------------------------------------------------------


@dataclass(frozen=True)
class NewCommune:
    """A ward or commune of 2025, formed by merging wards of one former district."""

    level: str
    name: str
    district: str
    merged: tuple[str, ...]

    @property
    def code(self) -> str:
        """``HN.P.<NAME>`` for a ward (phường), ``HN.X.<NAME>`` for a commune (xã)."""
        return f"{CITY_CODE}.{'P' if self.level == 'phường' else 'X'}.{code_part(self.name)}"

    @property
    def title(self) -> str:
        return f"Đảng ủy {self.level} {self.name}"


@dataclass(frozen=True)
class CommuneSplit:
    """A former ward shared between new ones: (new unit's code, share) for each part."""

    district: str
    ward: str
    parts: tuple[tuple[str, Decimal], ...]


# Simplified: the real reorganisation moved parts of many more wards.
REFORM_MERGES = (
    NewCommune(
        "phường",
        "Ba Đình",
        "Ba Đình",
        ("Phúc Xá", "Trúc Bạch", "Quán Thánh", "Nguyễn Trung Trực", "Điện Biên"),
    ),
    NewCommune("phường", "Ngọc Hà", "Ba Đình", ("Cống Vị", "Liễu Giai", "Ngọc Hà", "Vĩnh Phúc")),
    NewCommune("phường", "Giảng Võ", "Ba Đình", ("Giảng Võ", "Ngọc Khánh", "Thành Công")),
    NewCommune(
        "phường",
        "Thanh Xuân",
        "Thanh Xuân",
        ("Thanh Xuân Trung", "Thanh Xuân Bắc", "Thanh Xuân Nam", "Nhân Chính", "Thượng Đình"),
    ),
    NewCommune(
        "phường",
        "Khương Đình",
        "Thanh Xuân",
        ("Khương Đình", "Hạ Đình", "Kim Giang", "Khương Trung"),
    ),
    NewCommune("phường", "Phương Liệt", "Thanh Xuân", ("Phương Liệt", "Khương Mai")),
    NewCommune(
        "phường", "Hoàn Kiếm", "Hoàn Kiếm", ("Hàng Bạc", "Hàng Đào", "Hàng Trống", "Lý Thái Tổ")
    ),
    NewCommune("phường", "Cửa Nam", "Hoàn Kiếm", ("Phan Chu Trinh", "Tràng Tiền")),
    NewCommune("phường", "Long Biên", "Long Biên", ("Long Biên", "Phúc Đồng")),
    NewCommune("phường", "Bồ Đề", "Long Biên", ("Bồ Đề", "Gia Thụy", "Ngọc Lâm")),
    NewCommune("xã", "Phúc Thọ", "Phúc Thọ", ("Phúc Thọ", "Ngọc Tảo", "Tam Hiệp")),
    NewCommune("xã", "Hát Môn", "Phúc Thọ", ("Hát Môn",)),
    NewCommune("xã", "Quốc Oai", "Quốc Oai", ("Quốc Oai", "Phượng Cách", "Yên Sơn", "Sài Sơn")),
)
REFORM_SPLITS = (
    CommuneSplit(
        "Ba Đình", "Đội Cấn", (("HN.P.BADINH", Decimal("0.5")), ("HN.P.NGOCHA", Decimal("0.5")))
    ),
    CommuneSplit(
        "Ba Đình", "Kim Mã", (("HN.P.GIANGVO", Decimal("0.7")), ("HN.P.BADINH", Decimal("0.3")))
    ),
)


def reform_ended_codes() -> set[str]:
    """Codes of the units that the 1 July 2025 version ends."""
    wards = {ward_code(d, name) for d, entries in WARDS.items() for _, name in entries}
    boards = {district_board_code(d) for d in DISTRICT_BOARDS}
    return wards | boards | {district_code(name) for _, name in DISTRICTS}


# --- Loading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoOrgsSummary:
    """What ``ensure_demo_orgs`` left: whether it built the tree now, and its size."""

    created: bool
    versions: int
    units: int


class _Builder:
    """Builds the demo versions in order, remembering every unit by its code."""

    def __init__(self) -> None:
        self.kinds = {kind.code: kind for kind in UnitKind.objects.all()}
        self.units: dict[str, Unit] = {}

    def _draft(self, demo: DemoVersion) -> HierarchyVersion:
        return hierarchy_version_create(
            effective_date=demo.effective_date,
            name=demo.name,
            legal_basis=demo.legal_basis,
            actor=SYSTEM,
        )

    def _spec(
        self, code: str, name: str, kind: str, parent: str | None, abbreviation: str = ""
    ) -> NewUnit:
        return NewUnit(
            code=code,
            name=name,
            kind=self.kinds[kind],
            parent=self.units[parent] if parent else None,
            abbreviation=abbreviation,
            is_demo=True,
        )

    def _add(self, version: HierarchyVersion, spec: NewUnit) -> Unit:
        unit = unit_create(version=version, spec=spec, actor=SYSTEM)
        self.units[unit.code] = unit
        return unit

    def base(self) -> None:
        """Version 1: the tree before the 2025 reorganisation."""
        version = self._draft(BASE_VERSION)

        def add(code: str, name: str, kind: str, parent: str | None, abbr: str = "") -> None:
            self._add(version, self._spec(code, name, kind, parent, abbr))

        add(CITY_CODE, "Thành ủy Hà Nội", "city_committee", None, "TU")
        add("HN.BTGTU", "Ban Tuyên giáo Thành ủy", "propaganda_board", CITY_CODE, "BTGTU")
        add("HN.BDVTU", "Ban Dân vận Thành ủy", "mass_mobilisation_board", CITY_CODE, "BDVTU")
        for level, district in DISTRICTS:
            title, abbreviation = COMMITTEE_TITLES[level]
            code = district_code(district)
            add(code, f"{title} {district}", "district_committee", CITY_CODE, abbreviation)
            if district in DISTRICT_BOARDS:
                name = f"Ban Tuyên giáo {title} {district}"
                add(
                    district_board_code(district),
                    name,
                    "propaganda_board",
                    code,
                    f"BTG{abbreviation}",
                )
            for ward_level, ward in WARDS.get(district, ()):
                name = f"Đảng ủy {ward_level} {ward}"
                add(ward_code(district, ward), name, "commune_committee", code, "ĐU")
        cell_code, cell_name = PARTY_CELL
        add(cell_code, cell_name, "party_cell", cell_code.rpartition(".")[0], "CB")
        hierarchy_version_publish(version=version, actor=SYSTEM)

    def board_merge(self) -> None:
        """Version 2: the city's two boards become one."""
        version = self._draft(BOARD_MERGE_VERSION)
        merged = self._spec(
            MERGED_BOARD_CODE,
            "Ban Tuyên giáo và Dân vận Thành ủy",
            "propaganda_board",
            CITY_CODE,
            "BTGDVTU",
        )
        self.units[MERGED_BOARD_CODE] = unit_merge(
            version=version,
            units=[self.units[code] for code in CITY_BOARD_CODES],
            into=merged,
            legal_basis=BOARD_MERGE_VERSION.legal_basis,
            actor=SYSTEM,
        )
        hierarchy_version_publish(version=version, actor=SYSTEM)

    def reform(self) -> None:
        """Version 3: wards and communes under the city; no more district level."""
        version = self._draft(REFORM_VERSION)
        legal_basis = REFORM_VERSION.legal_basis
        for commune in REFORM_MERGES:
            spec = self._spec(commune.code, commune.title, "commune_committee", CITY_CODE, "ĐU")
            self.units[commune.code] = unit_merge(
                version=version,
                units=[self.units[ward_code(commune.district, w)] for w in commune.merged],
                into=spec,
                legal_basis=legal_basis,
                actor=SYSTEM,
            )
        for split in REFORM_SPLITS:
            unit_split(
                version=version,
                unit=self.units[ward_code(split.district, split.ward)],
                parts=[
                    SplitPart(share=share, unit=self.units[code]) for code, share in split.parts
                ],
                legal_basis=legal_basis,
                actor=SYSTEM,
            )
        # Boards first: a district committee is dissolved once nothing is left under it.
        codes = [district_board_code(d) for d in DISTRICT_BOARDS]
        codes += [district_code(name) for _, name in DISTRICTS]
        for code in codes:
            unit_dissolve(
                version=version, unit=self.units[code], legal_basis=legal_basis, actor=SYSTEM
            )
        hierarchy_version_publish(version=version, actor=SYSTEM)


def _summary(*, created: bool) -> DemoOrgsSummary:
    dates = [demo.effective_date for demo in VERSIONS]
    return DemoOrgsSummary(
        created=created,
        versions=HierarchyVersion.objects.filter(effective_date__in=dates).count(),
        units=Unit.objects.filter(is_demo=True).count(),
    )


def ensure_demo_orgs() -> DemoOrgsSummary:
    """Build the demo tree in one transaction, unless its last version is already published.

    The tree is only built into a database without hierarchy versions or units: the demo
    versions could not be placed before versions that are already there.
    """
    if HierarchyVersion.objects.filter(
        effective_date=REFORM_VERSION.effective_date, published_at__isnull=False
    ).exists():
        return _summary(created=False)
    with transaction.atomic():
        if HierarchyVersion.objects.exists() or Unit.objects.exists():
            raise DemoDataError(
                "Cơ sở dữ liệu đã có cây tổ chức khác: cây tổ chức mẫu chỉ nạp vào "
                "cơ sở dữ liệu chưa có đơn vị và phiên bản nào."
            )
        builder = _Builder()
        builder.base()
        builder.board_merge()
        # People in units that the reform ends hold their roles before it, as real people
        # would: the reorganisation itself then ends their memberships.
        ended = reform_ended_codes()
        ensure_demo_accounts([account for account in DEMO_ACCOUNTS if account.unit in ended])
        builder.reform()
    return _summary(created=True)
