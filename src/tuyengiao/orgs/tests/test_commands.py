"""``orgs_tree``, ``orgs_export`` and ``orgs_import`` on the command line."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from tuyengiao.orgs.models import HierarchyVersion, Placement, Unit, UnitProfile
from tuyengiao.orgs.tests.personas import City

CITY_TREE = """\
TP  Thành ủy Thành phố  (city_committee)
  TP.BTG  Ban Tuyên giáo Thành ủy  (propaganda_board)
  TP.Q1  Quận ủy Quận Một  (district_committee)
    TP.Q1.A  Đảng ủy phường Ánh Dương  (commune_committee)
      TP.Q1.A.CB1  Chi bộ khu phố 1 Ánh Dương  (party_cell)
    TP.Q1.B  Đảng ủy phường Bình Minh  (commune_committee)
      TP.Q1.B.CB1  Chi bộ khu phố 1 Bình Minh  (party_cell)
"""


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _counts() -> tuple[int, int, int, int]:
    return (
        Unit.objects.count(),
        UnitProfile.objects.count(),
        Placement.objects.count(),
        HierarchyVersion.objects.count(),
    )


@pytest.mark.django_db
def test_tree_prints_one_indented_line_per_unit_in_vietnamese_order(city: City) -> None:
    """Plain output: ``CODE  Name  (kind)``, two spaces per level, children in Vietnamese
    order (Ánh before Bình)."""
    assert _run("orgs_tree", "--as-of", "2022-09-30") == CITY_TREE


@pytest.mark.django_db
def test_tree_as_json_lists_code_name_kind_parent_depth(city: City) -> None:
    """``--json`` prints an array of {code, name, kind, parent, depth}, Vietnamese letters
    as they are (not escaped)."""
    output = _run("orgs_tree", "--as-of", "2022-09-30", "--json")
    assert "Thành ủy Thành phố" in output
    units = json.loads(output)
    assert units[0] == {
        "code": "TP",
        "name": "Thành ủy Thành phố",
        "kind": "city_committee",
        "parent": None,
        "depth": 0,
    }
    assert [(u["code"], u["parent"], u["depth"]) for u in units[3:5]] == [
        ("TP.Q1.A", "TP.Q1", 2),
        ("TP.Q1.A.CB1", "TP.Q1.A", 3),
    ]
    assert len(units) == 7


@pytest.mark.django_db
def test_tree_root_limits_output_to_a_subtree(city: City) -> None:
    """``--root`` prints that unit's branch: plain output starts unindented, JSON keeps the
    real depth and the branch top's parent."""
    assert _run("orgs_tree", "--as-of", "2022-09-30", "--root", "TP.Q1.B") == (
        "TP.Q1.B  Đảng ủy phường Bình Minh  (commune_committee)\n"
        "  TP.Q1.B.CB1  Chi bộ khu phố 1 Bình Minh  (party_cell)\n"
    )
    units = json.loads(_run("orgs_tree", "--as-of", "2022-09-30", "--root", "TP.Q1", "--json"))
    assert [u["code"] for u in units] == [
        "TP.Q1",
        "TP.Q1.A",
        "TP.Q1.A.CB1",
        "TP.Q1.B",
        "TP.Q1.B.CB1",
    ]
    assert (units[0]["parent"], units[0]["depth"]) == ("TP", 1)


@pytest.mark.django_db
def test_tree_refuses_an_unknown_root_or_a_date_without_tree(city: City) -> None:
    """An unknown root and a date before the first version end in a Vietnamese error."""
    with pytest.raises(
        CommandError, match=re.escape("Không có đơn vị mã “HN.XYZ” trong cây tổ chức")
    ):
        _run("orgs_tree", "--as-of", "2022-09-30", "--root", "HN.XYZ")
    with pytest.raises(CommandError, match="Không có cây tổ chức nào có hiệu lực vào ngày 31/12"):
        _run("orgs_tree", "--as-of", "2019-12-31")


@pytest.mark.django_db
def test_export_then_import_on_the_command_line(city: City, tmp_path: Path) -> None:
    """``orgs_export`` writes a workbook that ``orgs_import`` takes back as a new published
    version with the same tree; ``--dry-run`` first reports the same counts and writes
    nothing."""
    output = tmp_path / "cay.xlsx"
    assert "Đã xuất 7 đơn vị" in _run("orgs_export", "--as-of", "2022-09-30", "-o", str(output))
    assert load_workbook(output).active["A2"].value == "TP"
    before = _counts()
    arguments = ["orgs_import", str(output), "--effective-date", "2025-07-01", "--name", "Nhập"]
    dry = _run(*arguments, "--dry-run")
    assert dry.startswith("Chạy thử (không ghi gì)")
    assert "0 đơn vị mới" in dry
    assert "7 giữ nguyên" in dry
    assert _counts() == before
    assert "Đã nhập: phiên bản “Nhập” hiệu lực từ 01/07/2025" in _run(*arguments)
    assert _run("orgs_tree", "--as-of", "2025-07-01") == CITY_TREE
    assert HierarchyVersion.objects.get(effective_date=date(2025, 7, 1)).is_published


@pytest.mark.django_db
def test_export_to_csv_by_option_or_extension(city: City, tmp_path: Path) -> None:
    """``--format csv`` (or a .csv name) writes the UTF-8 CSV with its byte order mark."""
    output = tmp_path / "cay.txt"
    _run("orgs_export", "--as-of", "2022-09-30", "--format", "csv", "-o", str(output))
    assert output.read_bytes().startswith("\ufeffMã đơn vị,".encode())
    by_name = tmp_path / "cay.csv"
    _run("orgs_export", "--as-of", "2022-09-30", "-o", str(by_name))
    assert by_name.read_bytes() == output.read_bytes()


@pytest.mark.django_db
def test_import_failure_prints_every_row_error_and_changes_nothing(
    city: City, tmp_path: Path
) -> None:
    """A bad file ends in a CommandError (non-zero exit) after each row error is printed
    on stderr; the database is untouched."""
    path = tmp_path / "cay.csv"
    path.write_text(
        "Mã đơn vị,Tên đơn vị,Loại,Mã đơn vị cấp trên\n"
        "TP.X1,Chi bộ X1,Hội đồng,TP\n"
        "TP.X2,Chi bộ X2,party_cell,HN.XYZ\n",
        encoding="utf-8",
    )
    before = _counts()
    errors = io.StringIO()
    with pytest.raises(CommandError, match="2 lỗi; cây tổ chức không thay đổi"):
        call_command(
            "orgs_import",
            str(path),
            "--effective-date",
            "2025-07-01",
            "--name",
            "Hỏng",
            stdout=io.StringIO(),
            stderr=errors,
        )
    assert errors.getvalue().splitlines() == [
        "Dòng 2, cột “Loại”: không có loại đơn vị “Hội đồng”; hãy ghi mã loại "
        "(ví dụ “party_cell”) hoặc tên loại (ví dụ “Chi bộ”).",
        "Dòng 3, cột “Mã đơn vị cấp trên”: không có đơn vị mã “HN.XYZ” trong tệp hay trong "
        "hệ thống.",
    ]
    assert _counts() == before
