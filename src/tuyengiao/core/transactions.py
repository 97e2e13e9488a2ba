"""Running a service without keeping its changes, to preview what it would do."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.db import transaction

T = TypeVar("T")


def dry_run(operation: Callable[[], T]) -> T:
    """Run ``operation`` inside a transaction that is always rolled back; return its result.

    Previews use the real services, so what a wizard shows is exactly what confirming does;
    objects in the result are no longer in the database afterwards.
    """
    with transaction.atomic():
        result = operation()
        transaction.set_rollback(True)
    return result
