"""The hierarchy import: every problem reported by row and column, all or nothing."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

import pytest
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied
from django.utils import translation
from openpyxl import Workbook
from wagtail.models import ModelLogEntry

from tuyengiao.core.actors import SYSTEM, Actor
from tuyengiao.orgs.exports import HEADERS, HierarchyRow, hierarchy_rows, hierarchy_to_csv
from tuyengiao.orgs.exports import hierarchy_to_xlsx as _to_xlsx
from tuyengiao.orgs.imports import (
    MAX_BYTES,
    MAX_ROWS,
    HierarchyImportError,
    ImportPlan,
    import_hierarchy,
    parse_hierarchy_file,
    validate_hierarchy,
)
from tuyengiao.orgs.models import (
    HierarchyVersion,
    Placement,
    Succession,
    Unit,
    UnitProfile,
)
from tuyengiao.orgs.tests.personas import City

ON = date(2022, 9, 30)
REFORM = date(2025, 7, 1)
CELL_NAME = "Chi bộ khu phố 1 Ánh Dương"


def _xlsx(*rows: list[object]) -> bytes:
    """A real workbook whose first sheet holds ``rows`` from A1 (None: a blank row)."""
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row or [])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _plan(filename: str, content: bytes, on: date = REFORM) -> ImportPlan:
    return validate_hierarchy(parse_hierarchy_file(filename, content), effective_date=on)


def _import(plan: ImportPlan, actor: Actor = SYSTEM) -> object:
    return import_hierarchy(
        plan,
        effective_date=plan.effective_date,
        version_name="Sắp xếp 2025",
        legal_basis="Quyết định 01/QĐ-TU",
        actor=actor,
    )


def _counts() -> dict[str, int]:
    models = (Unit, UnitProfile, Placement, HierarchyVersion, Succession, ModelLogEntry)
    return {model.__name__: model.objects.count() for model in models}


def _tree(on: date) -> list[tuple[str, str, str]]:
    placements = Placement.objects.filter(
        version__published_at__isnull=False, version__effective_date__lte=on
    ).order_by("-version__effective_date")
    version_id = placements.values_list("version_id", flat=True).first()
    return sorted(
        (p.unit.code, p.parent.code if p.parent else "", p.unit.profile_on(on).name)
        for p in Placement.objects.filter(version_id=version_id).select_related("unit", "parent")
    )


def _as_xlsx(rows: list[HierarchyRow]) -> bytes:
    return _to_xlsx(rows, on=ON)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("filename", "write"), [("cay.xlsx", _as_xlsx), ("cay.csv", hierarchy_to_csv)]
)
def test_export_then_import_into_a_later_version_gives_the_same_tree(
    city: City,
    system_admin: AbstractUser,
    filename: str,
    write: Callable[[list[HierarchyRow]], bytes],
) -> None:
    """An exported file, imported unchanged as the next version, reproduces the tree: same
    units, names, kinds, parents, dates and order, with nothing created or moved."""
    before = hierarchy_rows(system_admin, ON)
    plan = _plan(filename, write(before))
    assert plan.errors == []
    assert plan.warnings == []
    result = _import(plan, actor=system_admin)
    assert (result.created, result.renamed, result.moved, result.unchanged) == (0, 0, 0, 7)
    assert result.version.is_published
    assert result.version.legal_basis == "Quyết định 01/QĐ-TU"
    assert hierarchy_rows(system_admin, REFORM) == before
    assert not Succession.objects.exists()


@pytest.mark.django_db
def test_import_creates_renames_and_moves_through_the_services(city: City) -> None:
    """New codes are created under their parent, a changed name is a dated rename, a new
    parent is a transfer; units the file leaves out stay where they were; every change is
    in the audit log."""
    content = _xlsx(
        list(HEADERS),
        ["TP", "Thành ủy Thành phố", "", "city_committee", "", "01/01/2020"],
        ["TP.BTG", "Ban Tuyên giáo và Dân vận Thành ủy", "BTGDV", "propaganda_board", "TP"],
        ["TP.Q1", "Quận ủy Quận Một", "", "district_committee", "TP"],
        ["TP.Q1.A", "Đảng ủy phường Ánh Dương", "", "commune_committee", "TP"],
        ["TP.Q1.B", "Đảng ủy phường Bình Minh", "", "commune_committee", "TP.Q1"],
        ["TP.Q1.B.CB2", "Chi bộ khu phố 2 Bình Minh", "", "Chi bộ", "TP.Q1.B"],
    )
    result = _import(_plan("cay.xlsx", content))
    assert (result.created, result.renamed, result.moved, result.unchanged) == (1, 1, 1, 3)
    assert _tree(REFORM) == [
        ("TP", "", "Thành ủy Thành phố"),
        ("TP.BTG", "TP", "Ban Tuyên giáo và Dân vận Thành ủy"),
        ("TP.Q1", "TP", "Quận ủy Quận Một"),
        ("TP.Q1.A", "TP", "Đảng ủy phường Ánh Dương"),
        ("TP.Q1.A.CB1", "TP.Q1.A", CELL_NAME),
        ("TP.Q1.B", "TP.Q1", "Đảng ủy phường Bình Minh"),
        ("TP.Q1.B.CB1", "TP.Q1.B", "Chi bộ khu phố 1 Bình Minh"),
        ("TP.Q1.B.CB2", "TP.Q1.B", "Chi bộ khu phố 2 Bình Minh"),
    ]
    assert _tree(ON)[3] == ("TP.Q1.A", "TP.Q1", "Đảng ủy phường Ánh Dương")
    board = city.board.profile_on(REFORM)
    assert (board.abbreviation, board.valid_from) == ("BTGDV", REFORM)
    new = Unit.objects.get(code="TP.Q1.B.CB2")
    assert new.valid_from == REFORM
    assert new.profile_on(REFORM).kind.code == "party_cell"
    assert sorted(Succession.objects.values_list("kind", "predecessor__code")) == [
        ("rename", "TP.BTG"),
        ("transfer", "TP.Q1.A"),
    ]
    actions = set(ModelLogEntry.objects.values_list("action", flat=True))
    assert {"wagtail.rename", "wagtail.move", "wagtail.publish"} <= actions
    assert ModelLogEntry.objects.filter(action="wagtail.create", object_id=new.pk).exists()


@pytest.mark.django_db
def test_malformed_file_changes_nothing_and_reports_every_bad_row(city: City) -> None:
    """A file with many bad rows (a blank row among them) is refused as a whole: every
    problem is listed with its spreadsheet row and column, and no table changes."""
    content = _xlsx(
        list(HEADERS),
        ["TP.MOI", "Đảng ủy phường Mới", "", "commune_committee", "TP.Q1", "01/07/2025"],
        ["TP.X1", "Chi bộ X1", "", "Hội đồng", "TP.MOI"],
        ["TP.X2", "Chi bộ X2", "", "party_cell", "TP.MOI", "31/02/2025"],
        None,
        ["TP.MOI", "Chi bộ trùng mã", "", "party_cell", "TP"],
        ["TP.X3", "Chi bộ X3", "", "party_cell", "HN.XYZ"],
        ["TP.V1", "Vòng một", "", "other", "TP.V2"],
        ["TP.V2", "Vòng hai", "", "other", "TP.V1"],
        ["TP.X4", "Chi bộ X4", "", "party_cell", "TP", "01/08/2025", "01/07/2025"],
        ["TP.CU", "Chi bộ cũ", "", "party_cell", "TP", "01/01/2020", "31/12/2024"],
        ["TP.X5", "Chi bộ X5", "", "party_cell", "TP.CU"],
        ["TP X6", "Chi bộ X6", "", "party_cell", "TP"],
        ["TP.X7", "", "", "party_cell", "TP"],
    )
    before = _counts()
    plan = _plan("cay.xlsx", content)
    assert [(error.row_number, error.column) for error in plan.errors] == [
        (3, "Loại"),
        (4, "Từ ngày"),
        (6, "Mã đơn vị"),
        (7, "Mã đơn vị cấp trên"),
        (8, "Mã đơn vị cấp trên"),
        (9, "Mã đơn vị cấp trên"),
        (10, "Đến ngày"),
        (12, "Mã đơn vị cấp trên"),
        (13, "Mã đơn vị"),
        (14, "Tên đơn vị"),
    ]
    messages = [str(error) for error in plan.errors]
    assert (
        "Dòng 7, cột “Mã đơn vị cấp trên”: không có đơn vị mã “HN.XYZ” trong tệp hay trong "
        "hệ thống." in messages
    )
    assert "Dòng 6, cột “Mã đơn vị”: mã “TP.MOI” trùng với dòng 2." in messages
    assert "Dòng 4, cột “Từ ngày”: “31/02/2025” không phải ngày hợp lệ; hãy ghi dd/mm/yyyy." in (
        messages
    )
    assert "Dòng 8, cột “Mã đơn vị cấp trên”: vòng lặp cấp trên: TP.V1 → TP.V2 → TP.V1." in messages
    assert any(m.startswith("Dòng 12,") and "“TP.CU” (dòng 11)" in m for m in messages)
    with pytest.raises(HierarchyImportError) as refused:
        _import(plan)
    assert refused.value.row_errors == plan.errors
    assert refused.value.messages == messages
    assert _counts() == before


@pytest.mark.django_db
def test_moving_a_unit_under_its_own_child_is_a_cycle(city: City) -> None:
    """Cycles are found through the units the file leaves out: the district cannot go under
    its ward, which stays under the district."""
    content = (
        "Mã đơn vị,Tên đơn vị,Loại,Mã đơn vị cấp trên\nTP.Q1,Quận ủy,district_committee,TP.Q1.A\n"
    )
    plan = _plan("cay.csv", content.encode())
    assert [str(error) for error in plan.errors] == [
        "Dòng 2, cột “Mã đơn vị cấp trên”: vòng lặp cấp trên: TP.Q1 → TP.Q1.A → TP.Q1."
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content",
    [
        "ma don vi;TEN DON VI;loai;Ma Don Vi Cap Tren;tu ngay\n"
        "TP.Q1.C;Đảng ủy phường Cát Lái;dang uy xa, phuong, thi tran;TP.Q1;01.07.2025\n",
        "\ufeffCode,Name,Kind,Parent code,Valid from,Valid to\n"
        "TP.Q1.C,Đảng ủy phường Cát Lái,commune_committee,TP.Q1,2025-07-01,\n",
    ],
    ids=["vietnamese-without-accents-semicolons", "english-with-bom"],
)
def test_headers_match_without_accents_or_in_english(city: City, content: str) -> None:
    """Headers match ignoring case and accents, or in English; ";" works as separator; a
    kind may be written as its Vietnamese name without accents."""
    plan = _plan("cay.csv", content.encode())
    assert plan.errors == []
    [planned] = plan.units
    assert (planned.code, planned.parent, planned.kind.code) == (
        "TP.Q1.C",
        "TP.Q1",
        "commune_committee",
    )
    assert planned.valid_from == REFORM
    assert planned.abbreviation is None  # no such column: existing abbreviations are kept


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text", ["05/02/2020", "5/2/2020", "05-02-2020", "05.02.2020", "2020-02-05"]
)
def test_dates_are_read_in_the_usual_vietnamese_and_iso_forms(city: City, text: str) -> None:
    """dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy and yyyy-mm-dd all give the same date."""
    content = f"Mã đơn vị,Tên đơn vị,Loại,Mã đơn vị cấp trên,Từ ngày\nTP.N,Tổ N,other,TP,{text}\n"
    plan = _plan("cay.csv", content.encode())
    assert plan.errors == []
    assert plan.units[0].valid_from == date(2020, 2, 5)


@pytest.mark.django_db
def test_rows_not_in_force_on_the_effective_date_are_not_placed(city: City) -> None:
    """A row whose period ends before the effective date places nothing: a new unit is not
    created, an existing one stays where it is (the import never dissolves); both are noted."""
    content = _xlsx(
        list(HEADERS),
        [
            "TP.Q1.B.CB1",
            "Chi bộ khu phố 1 Bình Minh",
            "",
            "party_cell",
            "TP.Q1.B",
            None,
            "30/06/2025",
        ],
        ["TP.CU", "Chi bộ cũ", "", "party_cell", "TP", "01/01/2020", "31/12/2024"],
    )
    plan = _plan("cay.xlsx", content)
    assert plan.errors == []
    assert [error.row_number for error in plan.warnings] == [2, 3]
    result = _import(plan)
    assert (result.created, result.skipped) == (0, 2)
    assert not Unit.objects.filter(code="TP.CU").exists()
    assert ("TP.Q1.B.CB1", "TP.Q1.B", "Chi bộ khu phố 1 Bình Minh") in _tree(REFORM)


@pytest.mark.django_db
def test_ward_officer_cannot_import(city: City, ward_officer_a: AbstractUser) -> None:
    """Without the right to change units, the import is refused and nothing changes."""
    plan = _plan("cay.csv", hierarchy_to_csv(hierarchy_rows(ward_officer_a, ON)))
    before = _counts()
    with pytest.raises(PermissionDenied):
        _import(plan, actor=ward_officer_a)
    assert _counts() == before


@pytest.mark.django_db
def test_specialist_refused_midway_leaves_no_draft_behind(
    city: City, city_specialist: AbstractUser
) -> None:
    """A specialist may import but not create a root unit: the refusal names the row and
    the draft version already created is rolled back with everything else."""
    content = "Mã đơn vị,Tên đơn vị,Loại,Mã đơn vị cấp trên\nTP2,Thành ủy mới,city_committee,\n"
    plan = _plan("cay.csv", content.encode())
    assert plan.errors == []
    before = _counts()
    with pytest.raises(PermissionDenied, match="Dòng 2"):
        _import(plan, actor=city_specialist)
    assert _counts() == before


@pytest.mark.django_db
def test_effective_date_must_follow_the_latest_version(city: City) -> None:
    """The version service's refusal of an earlier date comes back as a file-level error."""
    plan = _plan("cay.csv", hierarchy_to_csv([]), on=date(2020, 1, 1))
    with pytest.raises(HierarchyImportError) as refused:
        _import(plan)
    [error] = refused.value.row_errors
    assert error.row_number == 0
    assert "01/01/2020" in error.message


@pytest.mark.parametrize(
    ("filename", "content", "fragment"),
    [
        ("cay.ods", b"", "Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)."),
        ("cay.xlsx", b"PK\x03\x04 not a workbook", "Không đọc được tệp Excel"),
        ("cay.csv", "Tên".encode("cp1258"), "UTF-8"),
        ("cay.csv", b"", "Tệp không có dữ liệu"),
        ("cay.csv", "Mã đơn vị,Tên đơn vị\nA,B\n".encode(), "thiếu cột “Loại”, “Mã đơn vị cấp"),
        ("cay.csv", b"x" * (MAX_BYTES + 1), "Tệp lớn hơn 20 MB"),
        (
            "cay.csv",
            ("code,name,kind,parent\n" + "A,B,other,\n" * (MAX_ROWS + 1)).encode(),
            "Tệp có hơn 50.000 dòng dữ liệu",
        ),
    ],
    ids=["extension", "broken-xlsx", "not-utf8", "empty", "missing-columns", "too-big", "too-long"],
)
def test_unreadable_files_are_refused_with_a_clear_message(
    filename: str, content: bytes, fragment: str
) -> None:
    """Files that cannot be read as a whole are refused before any row is checked."""
    with pytest.raises(HierarchyImportError) as refused:
        parse_hierarchy_file(filename, content)
    assert fragment in str(refused.value.row_errors[0])


def test_csv_apostrophe_protection_is_removed_on_import() -> None:
    """The apostrophe the exporter puts before "=", "+", "-" or "@" is not part of the value."""
    row = HierarchyRow("X1", "=1+1", "-BTG", "other", "", ON, None, 0)
    [parsed] = parse_hierarchy_file("cay.csv", hierarchy_to_csv([row]))
    assert (parsed.name, parsed.abbreviation) == ("=1+1", "-BTG")


@pytest.mark.django_db
def test_problems_are_reported_in_the_language_in_use(city: City) -> None:
    """The same bad row reads in Vietnamese by default and in English for English users."""
    content = _xlsx(list(HEADERS), ["TP.X1", "Chi bộ X1", "", "Hội đồng", "TP"])
    with translation.override("vi"):
        assert [str(error) for error in _plan("cay.xlsx", content).errors] == [
            "Dòng 2, cột “Loại”: không có loại đơn vị “Hội đồng”; hãy ghi mã loại (ví dụ "
            "“party_cell”) hoặc tên loại (ví dụ “Chi bộ”)."
        ]
    with translation.override("en"):
        assert [str(error) for error in _plan("cay.xlsx", content).errors] == [
            "Row 2, column “Loại”: there is no unit kind “Hội đồng”; write the kind's code "
            "(for example “party_cell”) or its name (for example “Chi bộ”)."
        ]
