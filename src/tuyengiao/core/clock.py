"""The moment the platform takes as "now", settable for demo data and tests.

Dates in the demo data and in tests are relative to the clock (the demo contest's first round
"closed last Monday at 08:00"), so both must hold at any moment: Monday 07:59, 31/12 23:59,
29/02, the minute a round opens. ``TUYENGIAO_CLOCK`` (an ISO 8601 moment with its offset,
e.g. ``2026-12-07T07:59+07:00``) starts the process at that moment, and time runs on from it.
time-machine moves Python's own clock, so ``timezone.now()``, ``date.today()`` and
``time.time()`` agree everywhere in the process.

Only the development and test settings read the variable (``settings.CLOCK``); production
never moves its clock.
"""

from __future__ import annotations

from datetime import datetime

import time_machine
from django.core.exceptions import ImproperlyConfigured

_traveller: time_machine.travel | None = None


def parse_moment(text: str) -> datetime:
    """``text`` as an aware moment; naive or unreadable values are refused."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ImproperlyConfigured(
            f"TUYENGIAO_CLOCK: cần một thời điểm ISO 8601 có múi giờ, nhận được {text!r}"
        ) from None
    if moment.tzinfo is None:
        raise ImproperlyConfigured(
            f"TUYENGIAO_CLOCK: thời điểm {text!r} cần có múi giờ, ví dụ 2026-12-07T07:59+07:00"
        )
    return moment


def start(moment: str) -> None:
    """Move this process's clock to ``moment`` and let it run on from there (once)."""
    global _traveller
    if not moment or _traveller is not None:
        return
    _traveller = time_machine.travel(parse_moment(moment), tick=True)
    _traveller.start()
