"""Reading dates the way Vietnamese users type them."""

from __future__ import annotations

from datetime import date, datetime

from tuyengiao.formats.vi.formats import DATE_INPUT_FORMATS


def parse_date(text: str | None) -> date | None:
    """``05/02/2026``, ``5-2-2026``, ``05.02.2026`` or ``2026-02-05``; None if unreadable."""
    text = (text or "").strip()
    for pattern in DATE_INPUT_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None
