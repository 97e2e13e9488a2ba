"""Results of a round as an Excel workbook: the ranking with prizes, and figures by unit.

Who the entrants are (name, year of birth, workplace, phone) goes only into the organisers'
workbook; anyone else who may see the round gets the same ranking without those columns
(Nghị định 13/2023/NĐ-CP: personal data only to those who need it for the stated purpose)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.utils import timezone

from tuyengiao.contests.models import Round, Standing
from tuyengiao.contests.selectors import UnitFigures
from tuyengiao.core.spreadsheets import Column, Table, workbook_bytes

RANKING_HEADERS = (
    "Hạng",
    "Giải",
    "Họ và tên",
    "Năm sinh",
    "Xã, phường",
    "Nơi công tác",
    "Số điện thoại",
    "Số câu đúng",
    "Dự đoán lệch",
    "Thời gian (giây)",
    "Nộp bài lúc",
)
# The columns that say who an entrant is: organisers only.
PERSONAL_HEADERS = frozenset({"Họ và tên", "Năm sinh", "Nơi công tác", "Số điện thoại"})
UNIT_HEADERS = ("Xã, phường", "Số người dự thi", "Số lượt thi", "Số người đúng hết")


def results_to_xlsx(
    round_: Round,
    standings: Iterable[Standing],
    figures: Sequence[UnitFigures],
    unit_names: dict[int, str],
    *,
    personal: bool,
) -> bytes:
    """The round's ranking (one row per ranked entrant) and its figures by unit; the
    personal columns only when ``personal`` (the reader is an organiser)."""
    keep = [personal or header not in PERSONAL_HEADERS for header in RANKING_HEADERS]
    ranking = Table(
        sheet_name="Xếp hạng",
        columns=[Column(h) for h, kept in zip(RANKING_HEADERS, keep, strict=True) if kept],
        rows=[
            _only(
                keep,
                (
                    s.rank,
                    s.prize,
                    s.entrant.full_name,
                    s.entrant.birth_year,
                    unit_names.get(s.entrant.unit_id, ""),
                    s.entrant.workplace,
                    s.entrant.phone,
                    s.correct,
                    s.prediction_error,
                    round(s.duration_ms / 1000, 1),
                    timezone.localtime(s.submitted_at).replace(tzinfo=None),
                ),
            )
            for s in standings
        ],
        auto_filter=True,
    )
    by_unit = Table(
        sheet_name="Theo đơn vị",
        columns=[Column(header) for header in UNIT_HEADERS],
        rows=[(f.name, f.entrants, f.attempts, f.all_correct) for f in figures],
    )
    title = f"Kết quả {round_.contest.title} — tuần {round_.number}"
    return workbook_bytes([ranking, by_unit], title=title)


def _only(keep: Sequence[bool], row: tuple[object, ...]) -> tuple[object, ...]:
    return tuple(value for value, kept in zip(row, keep, strict=True) if kept)
