"""The functions that write figures in a report's prose, and the sandbox they run in."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tuyengiao.reporting.completeness import Completeness
from tuyengiao.reporting.models import Indicator
from tuyengiao.reporting.official.context import (
    FigureFunctions,
    ReportTextError,
    bad_placeholder,
    literal,
    render_text,
)
from tuyengiao.reporting.official.layout import RULESETS_FILE, NoRuleset, ruleset_for
from tuyengiao.reporting.periods import parse_period
from tuyengiao.reporting.selectors import IndicatorFigure, ReportFigures

BLOCKS = {"party": "Khối Đảng", "mass": "Khối Đoàn thể", "state": "Khối Nhà nước", "other": "Khác"}


def _figure(code: str, label: str, total: int | None, parts: dict[str, int] | None = None):
    return IndicatorFigure(
        Indicator(code=code, name=code, unit_label=label),
        None if total is None else Decimal(total),
        {key: Decimal(value) for key, value in (parts or {}).items()},
        BLOCKS if parts is not None else {},
    )


@pytest.fixture
def functions() -> dict:
    found = ReportFigures(
        form=None,  # type: ignore[arg-type]
        unit=None,  # type: ignore[arg-type]
        period=parse_period("2022N9"),
        figures=[
            _figure("documents_issued", "văn bản", 1420),
            _figure("conferences", "hội nghị", 5),
            _figure("work_items_done", "đầu việc", 84),
            _figure("work_items_total", "đầu việc", 87),
            _figure("attended", "người", 3192),
            _figure("expected", "người", 3327),
            _figure("classes", "lớp", 1418, {"party": 614, "mass": 288, "state": 490, "other": 26}),
            _figure(
                "learners",
                "lượt học viên",
                230516,
                {"party": 102068, "mass": 52467, "state": 71215, "other": 4766},
            ),
            _figure("portal_articles", "tin, bài", None),
        ],
        completeness=Completeness(31, 31, 31),
        carried=[],
    )
    return FigureFunctions(found).as_dict()


def test_figure_groups_thousands_and_zero_pads_small_counts(functions):
    assert functions["figure"]("documents_issued") == "1.420 văn bản"
    assert functions["figure"]("conferences") == "05 hội nghị"
    assert functions["count"]("conferences") == "05"
    assert functions["number"]("conferences") == "5"
    assert functions["figure"]("classes", "other") == "26 lớp"


def test_ratio_share_and_percent(functions):
    assert functions["ratio"]("work_items_done", "work_items_total") == "84/87"
    assert functions["share"]("attended", "expected") == "3.192/3.327 người, đạt 95,94%"
    assert functions["percent"]("attended", "expected") == "95,94%"


def test_pair_writes_the_seed_sentence_with_its_breakdown(functions):
    assert functions["pair"]("classes", "learners") == (
        "1.418 lớp/230.516 lượt học viên, trong đó khối Đảng 614 lớp/102.068 lượt học viên, "
        "khối Đoàn thể 288 lớp/52.467 lượt học viên, khối Nhà nước 490 lớp/71.215 lượt học "
        "viên, khác 26 lớp/4.766 lượt học viên"
    )
    assert functions["breakdown"]("classes") == (
        "khối Đảng 614 lớp, khối Đoàn thể 288 lớp, khối Nhà nước 490 lớp, khác 26 lớp"
    )


def test_a_figure_not_reported_prints_an_ellipsis(functions):
    assert functions["figure"]("portal_articles") == "… tin, bài"
    assert functions["share"]("portal_articles", "expected") == "…/3.327 người"


def test_render_text_fills_placeholders(functions):
    text = "Hoàn thành {{ ratio('work_items_done', 'work_items_total') }} đầu việc."
    assert render_text(text, functions, section="1. Tham mưu") == "Hoàn thành 84/87 đầu việc."
    assert render_text("Không có chỗ giữ số liệu.", {}, section="x") == "Không có chỗ giữ số liệu."


def test_an_unknown_indicator_names_the_section(functions):
    with pytest.raises(ReportTextError) as error:
        render_text("{{ figure('khong_co') }}", functions, section="1. Tham mưu")
    assert error.value.message == (
        "Mục “1. Tham mưu”: không có chỉ tiêu “khong_co” trong biểu mẫu."
    )


def test_an_unknown_name_names_the_section(functions):
    with pytest.raises(ReportTextError, match=r"Mục “II\. Đánh giá”: không có tên “so_lieu”"):
        render_text("{{ so_lieu }}", functions, section="II. Đánh giá")


def test_a_syntax_error_quotes_the_placeholder(functions):
    with pytest.raises(ReportTextError) as error:
        render_text("Mở {{ figure('classes' }} lớp.", functions, section="4. Lý luận")
    assert "Mục “4. Lý luận”" in error.value.message
    assert "“{{ figure('classes' }}”" in error.value.message
    assert bad_placeholder("Mở {{ figure('classes') lớp.") == "{{ figure('classes') lớp."


def test_the_sandbox_refuses_python_internals(functions):
    with pytest.raises(ReportTextError, match="không được phép"):
        render_text("{{ figure.__globals__ }}", functions, section="x")


def test_literal_text_is_not_rendered(functions):
    narrative = "Khẩu hiệu {{ không phải chỗ giữ số liệu }}"
    assert render_text(literal(narrative), functions, section="x") == narrative


def test_rulesets_are_picked_by_family_and_date():
    party = ruleset_for("party", date(2022, 10, 5))
    state = ruleset_for("state", date(2022, 10, 5))
    assert party.basis.startswith("Hướng dẫn 36-HD/VPTW")
    assert party.header.motto == ("ĐẢNG CỘNG SẢN VIỆT NAM",)
    assert party.header.number_prefix == "Số "
    assert state.header.motto == (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    )
    assert state.header.number_prefix == "Số: "
    assert (party.page.width_mm, party.page.height_mm) == (210, 297)
    assert party.font == state.font == "Times New Roman"
    with pytest.raises(NoRuleset):
        ruleset_for("state", date(2019, 1, 1))


def test_a_later_ruleset_applies_from_its_date(tmp_path):
    """A successor rule is added as data: reports dated before it keep the old layout."""
    text = RULESETS_FILE.read_text(encoding="utf-8")
    start = text.index("[[ruleset]]")
    party = text[start : text.index("[[ruleset]]", start + 1)]
    successor = party.replace('key = "party-36-2018"', 'key = "party-2026"').replace(
        "valid_from = 2018-04-03", "valid_from = 2026-03-01"
    )
    successor = successor.replace("left_mm = 30", "left_mm = 35")
    path = tmp_path / "rulesets.toml"
    path.write_text(text + "\n" + successor, encoding="utf-8")
    assert ruleset_for("party", date(2026, 2, 28), path=path).key == "party-36-2018"
    later = ruleset_for("party", date(2026, 3, 1), path=path)
    assert later.key == "party-2026"
    assert later.page.left_mm == 35
