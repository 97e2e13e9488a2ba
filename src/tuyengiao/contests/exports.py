"""Results of a round as an Excel workbook: the ranking with prizes, and figures by unit."""

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
UNIT_HEADERS = ("Xã, phường", "Số người dự thi", "Số lượt thi", "Số người đúng hết")


def results_to_xlsx(
    round_: Round,
    standings: Iterable[Standing],
    figures: Sequence[UnitFigures],
    unit_names: dict[int, str],
) -> bytes:
    """The round's ranking (one row per ranked entrant) and its figures by unit."""
    ranking = Table(
        sheet_name="Xếp hạng",
        columns=[Column(header) for header in RANKING_HEADERS],
        rows=[
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
