"""Progress of long work saved on the row that tracks it, for a page to poll.

The work runs in the task worker; each save is a single-row update outside any transaction,
so the page sees it at once. Saving on every step would cost a write per page or row, so
progress is written only when it has moved by ``step`` percent; 100 is left to the code that
stores the result, so that 100 means done.
"""

from __future__ import annotations

from django.db.models import Model
from django.utils import timezone


class RowProgress:
    """A ``progress(percent)`` callable writing ``field`` of row ``pk`` of ``model``."""

    def __init__(self, model: type[Model], pk: int, field: str, step: int = 5) -> None:
        self.rows = model._default_manager.filter(pk=pk)
        self.field = field
        self.step = step
        self.saved = 0

    def __call__(self, percent: int) -> None:
        percent = min(percent, 99)
        if percent - self.saved >= self.step:
            self.saved = percent
            self.rows.update(updated_at=timezone.now(), **{self.field: percent})
