"""Results of a round as an Excel workbook: the ranking with prizes, and figures by unit."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from tuyengiao.contests.models import Round, Standing
from tuyengiao.contests.selectors import UnitFigures

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


def _text(value: object) -> object:
    # A name such as "=HYPERLINK(…)" must stay text, never become a formula.
    return f"'{value}" if isinstance(value, str) and value.startswith("=") else value


def _sheet(workbook: Workbook, title: str, headers: Sequence[str], rows: Iterable[tuple]) -> None:
    sheet = workbook.create_sheet(title)
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_text(value) for value in row])
    sheet.freeze_panes = "A2"


def results_to_xlsx(
    round_: Round,
    standings: Iterable[Standing],
    figures: Sequence[UnitFigures],
    unit_names: dict[int, str],
) -> bytes:
    """The round's ranking (one row per ranked entrant) and its figures by unit."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet(
        workbook,
        "Xếp hạng",
        RANKING_HEADERS,
        (
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
        ),
    )
    _sheet(
        workbook,
        "Theo đơn vị",
        UNIT_HEADERS,
        ((f.name, f.entrants, f.attempts, f.all_correct) for f in figures),
    )
    workbook.properties.title = f"Kết quả {round_.contest.title} — tuần {round_.number}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
